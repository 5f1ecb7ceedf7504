-- migrate:up
-- AlterTable
ALTER TABLE "Ballot" ADD COLUMN     "castFromId" INTEGER;

-- migrate:down
