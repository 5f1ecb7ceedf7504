-- migrate:up
-- AlterTable
ALTER TABLE "RepairService" ADD COLUMN     "priceFen" INTEGER,
ADD COLUMN     "trialId" INTEGER;

-- CreateTable
CREATE TABLE "PropertyTrial" (
    "id" SERIAL NOT NULL,
    "compoundId" INTEGER NOT NULL,
    "company" TEXT NOT NULL,
    "companyEn" TEXT,
    "startsAt" TIMESTAMP(3) NOT NULL,
    "endsAt" TIMESTAMP(3) NOT NULL,
    "priceFen" INTEGER NOT NULL,
    "termYears" INTEGER NOT NULL,
    "responseHours" INTEGER NOT NULL,
    "repairHours" INTEGER NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'on_trial',
    "motionId" INTEGER,
    "setById" INTEGER NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "decidedAt" TIMESTAMP(3),

    CONSTRAINT "PropertyTrial_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "TrialSatisfaction" (
    "id" SERIAL NOT NULL,
    "trialId" INTEGER NOT NULL,
    "householdId" INTEGER NOT NULL,
    "month" TEXT NOT NULL,
    "answer" TEXT NOT NULL,
    "accountId" INTEGER NOT NULL,
    "answeredAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "TrialSatisfaction_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "PropertyTrial_compoundId_status_idx" ON "PropertyTrial"("compoundId", "status");

-- CreateIndex
CREATE UNIQUE INDEX "TrialSatisfaction_trialId_householdId_month_key" ON "TrialSatisfaction"("trialId", "householdId", "month");

-- AddForeignKey
ALTER TABLE "PropertyTrial" ADD CONSTRAINT "PropertyTrial_compoundId_fkey" FOREIGN KEY ("compoundId") REFERENCES "Compound"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "TrialSatisfaction" ADD CONSTRAINT "TrialSatisfaction_trialId_fkey" FOREIGN KEY ("trialId") REFERENCES "PropertyTrial"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "TrialSatisfaction" ADD CONSTRAINT "TrialSatisfaction_householdId_fkey" FOREIGN KEY ("householdId") REFERENCES "Household"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- migrate:down
