-- migrate:up
-- AlterTable
ALTER TABLE "Owner" ADD COLUMN     "email" TEXT,
ADD COLUMN     "phone" TEXT;

-- CreateTable
CREATE TABLE "OwnerClaim" (
    "id" SERIAL NOT NULL,
    "accountId" INTEGER NOT NULL,
    "householdId" INTEGER NOT NULL,
    "ownerId" INTEGER NOT NULL,
    "codeHash" TEXT NOT NULL,
    "codeExpires" TIMESTAMP(3) NOT NULL,
    "codeTries" INTEGER NOT NULL DEFAULT 0,
    "codeSentAt" TIMESTAMP(3) NOT NULL,
    "confirmedAt" TIMESTAMP(3),

    CONSTRAINT "OwnerClaim_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "OwnerClaim_accountId_householdId_key" ON "OwnerClaim"("accountId", "householdId");

-- AddForeignKey
ALTER TABLE "OwnerClaim" ADD CONSTRAINT "OwnerClaim_accountId_fkey" FOREIGN KEY ("accountId") REFERENCES "Account"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "OwnerClaim" ADD CONSTRAINT "OwnerClaim_householdId_fkey" FOREIGN KEY ("householdId") REFERENCES "Household"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "OwnerClaim" ADD CONSTRAINT "OwnerClaim_ownerId_fkey" FOREIGN KEY ("ownerId") REFERENCES "Owner"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- migrate:down
