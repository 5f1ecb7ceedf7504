-- AlterTable
ALTER TABLE "Ballot" ADD COLUMN "castFromId" INTEGER;

