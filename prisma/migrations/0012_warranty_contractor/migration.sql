-- AlterTable
ALTER TABLE "RepairTicket" ADD COLUMN "claimStatus" TEXT;

-- CreateTable
CREATE TABLE "StaffNotification" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "eventKey" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "accountId" INTEGER NOT NULL,
    "channel" TEXT NOT NULL DEFAULT 'inapp',
    "params" TEXT NOT NULL,
    "link" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'sent',
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "readAt" DATETIME,
    CONSTRAINT "StaffNotification_accountId_fkey" FOREIGN KEY ("accountId") REFERENCES "Account" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_RepairWarranty" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "roundId" INTEGER NOT NULL,
    "kind" TEXT NOT NULL,
    "contractor" TEXT NOT NULL,
    "contractorPanelId" INTEGER,
    "startsAt" DATETIME NOT NULL,
    "endsAt" DATETIME NOT NULL,
    "setById" INTEGER NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "RepairWarranty_roundId_fkey" FOREIGN KEY ("roundId") REFERENCES "Round" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "RepairWarranty_contractorPanelId_fkey" FOREIGN KEY ("contractorPanelId") REFERENCES "Panel" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);
INSERT INTO "new_RepairWarranty" ("contractor", "createdAt", "endsAt", "id", "kind", "roundId", "setById", "startsAt") SELECT "contractor", "createdAt", "endsAt", "id", "kind", "roundId", "setById", "startsAt" FROM "RepairWarranty";
DROP TABLE "RepairWarranty";
ALTER TABLE "new_RepairWarranty" RENAME TO "RepairWarranty";
CREATE UNIQUE INDEX "RepairWarranty_roundId_kind_key" ON "RepairWarranty"("roundId", "kind");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- CreateIndex
CREATE INDEX "StaffNotification_accountId_readAt_idx" ON "StaffNotification"("accountId", "readAt");

-- CreateIndex
CREATE UNIQUE INDEX "StaffNotification_eventKey_accountId_channel_key" ON "StaffNotification"("eventKey", "accountId", "channel");

