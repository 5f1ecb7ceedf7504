-- AlterTable
ALTER TABLE "RoundRosterEntry" ADD COLUMN "headId" INTEGER;

