-- AlterTable
ALTER TABLE "Owner" ADD COLUMN "email" TEXT;
ALTER TABLE "Owner" ADD COLUMN "phone" TEXT;

-- CreateTable
CREATE TABLE "OwnerClaim" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "accountId" INTEGER NOT NULL,
    "householdId" INTEGER NOT NULL,
    "ownerId" INTEGER NOT NULL,
    "codeHash" TEXT NOT NULL,
    "codeExpires" DATETIME NOT NULL,
    "codeTries" INTEGER NOT NULL DEFAULT 0,
    "codeSentAt" DATETIME NOT NULL,
    "confirmedAt" DATETIME,
    CONSTRAINT "OwnerClaim_accountId_fkey" FOREIGN KEY ("accountId") REFERENCES "Account" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "OwnerClaim_householdId_fkey" FOREIGN KEY ("householdId") REFERENCES "Household" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "OwnerClaim_ownerId_fkey" FOREIGN KEY ("ownerId") REFERENCES "Owner" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateIndex
CREATE UNIQUE INDEX "OwnerClaim_accountId_householdId_key" ON "OwnerClaim"("accountId", "householdId");

