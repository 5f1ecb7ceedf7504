-- CreateTable
CREATE TABLE "OfflineDevice" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "accountId" INTEGER NOT NULL,
    "label" TEXT NOT NULL,
    "registeredAt" DATETIME NOT NULL,
    "lastSyncAt" DATETIME,
    "revokedAt" DATETIME,
    "revokedById" INTEGER,
    CONSTRAINT "OfflineDevice_accountId_fkey" FOREIGN KEY ("accountId") REFERENCES "Account" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "OfflineEntry" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "deviceId" TEXT NOT NULL,
    "accountId" INTEGER NOT NULL,
    "roundId" INTEGER NOT NULL,
    "householdId" INTEGER NOT NULL,
    "kind" TEXT NOT NULL,
    "deviceAt" DATETIME NOT NULL,
    "syncedAt" DATETIME NOT NULL,
    "result" TEXT NOT NULL,
    "photo" TEXT,
    CONSTRAINT "OfflineEntry_deviceId_fkey" FOREIGN KEY ("deviceId") REFERENCES "OfflineDevice" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateIndex
CREATE INDEX "OfflineDevice_accountId_idx" ON "OfflineDevice"("accountId");

-- CreateIndex
CREATE INDEX "OfflineEntry_roundId_idx" ON "OfflineEntry"("roundId");

