-- migrate:up
-- AlterTable
ALTER TABLE "RepairTicket" ADD COLUMN     "claimStatus" TEXT;

-- AlterTable
ALTER TABLE "RepairWarranty" ADD COLUMN     "contractorPanelId" INTEGER;

-- CreateTable
CREATE TABLE "RateCounter" (
    "key" TEXT NOT NULL,
    "windowStart" BIGINT NOT NULL,
    "count" INTEGER NOT NULL,

    CONSTRAINT "RateCounter_pkey" PRIMARY KEY ("key")
);

-- CreateTable
CREATE TABLE "StaffNotification" (
    "id" SERIAL NOT NULL,
    "eventKey" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "accountId" INTEGER NOT NULL,
    "channel" TEXT NOT NULL DEFAULT 'inapp',
    "params" TEXT NOT NULL,
    "link" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'sent',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "readAt" TIMESTAMP(3),

    CONSTRAINT "StaffNotification_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "StaffNotification_accountId_readAt_idx" ON "StaffNotification"("accountId", "readAt");

-- CreateIndex
CREATE UNIQUE INDEX "StaffNotification_eventKey_accountId_channel_key" ON "StaffNotification"("eventKey", "accountId", "channel");

-- AddForeignKey
ALTER TABLE "RepairWarranty" ADD CONSTRAINT "RepairWarranty_contractorPanelId_fkey" FOREIGN KEY ("contractorPanelId") REFERENCES "Panel"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "StaffNotification" ADD CONSTRAINT "StaffNotification_accountId_fkey" FOREIGN KEY ("accountId") REFERENCES "Account"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- migrate:down
