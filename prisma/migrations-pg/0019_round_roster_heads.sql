-- migrate:up
-- AlterTable
ALTER TABLE "RoundRosterEntry" ADD COLUMN     "headId" INTEGER;

-- migrate:down
