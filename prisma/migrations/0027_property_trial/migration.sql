-- AlterTable
ALTER TABLE "RepairService" ADD COLUMN "priceFen" INTEGER;
ALTER TABLE "RepairService" ADD COLUMN "trialId" INTEGER;

-- CreateTable
CREATE TABLE "PropertyTrial" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "compoundId" INTEGER NOT NULL,
    "company" TEXT NOT NULL,
    "companyEn" TEXT,
    "startsAt" DATETIME NOT NULL,
    "endsAt" DATETIME NOT NULL,
    "priceFen" INTEGER NOT NULL,
    "termYears" INTEGER NOT NULL,
    "responseHours" INTEGER NOT NULL,
    "repairHours" INTEGER NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'on_trial',
    "motionId" INTEGER,
    "setById" INTEGER NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "decidedAt" DATETIME,
    CONSTRAINT "PropertyTrial_compoundId_fkey" FOREIGN KEY ("compoundId") REFERENCES "Compound" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "TrialSatisfaction" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "trialId" INTEGER NOT NULL,
    "householdId" INTEGER NOT NULL,
    "month" TEXT NOT NULL,
    "answer" TEXT NOT NULL,
    "accountId" INTEGER NOT NULL,
    "answeredAt" DATETIME NOT NULL,
    CONSTRAINT "TrialSatisfaction_trialId_fkey" FOREIGN KEY ("trialId") REFERENCES "PropertyTrial" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "TrialSatisfaction_householdId_fkey" FOREIGN KEY ("householdId") REFERENCES "Household" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateIndex
CREATE INDEX "PropertyTrial_compoundId_status_idx" ON "PropertyTrial"("compoundId", "status");

-- CreateIndex
CREATE UNIQUE INDEX "TrialSatisfaction_trialId_householdId_month_key" ON "TrialSatisfaction"("trialId", "householdId", "month");

