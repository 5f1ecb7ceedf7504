-- migrate:up
-- CreateTable
CREATE TABLE "OfflineDevice" (
    "id" TEXT NOT NULL,
    "accountId" INTEGER NOT NULL,
    "label" TEXT NOT NULL,
    "registeredAt" TIMESTAMP(3) NOT NULL,
    "lastSyncAt" TIMESTAMP(3),
    "revokedAt" TIMESTAMP(3),
    "revokedById" INTEGER,

    CONSTRAINT "OfflineDevice_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "OfflineEntry" (
    "id" TEXT NOT NULL,
    "deviceId" TEXT NOT NULL,
    "accountId" INTEGER NOT NULL,
    "roundId" INTEGER NOT NULL,
    "householdId" INTEGER NOT NULL,
    "kind" TEXT NOT NULL,
    "deviceAt" TIMESTAMP(3) NOT NULL,
    "syncedAt" TIMESTAMP(3) NOT NULL,
    "result" TEXT NOT NULL,
    "photo" TEXT,

    CONSTRAINT "OfflineEntry_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "OfflineDevice_accountId_idx" ON "OfflineDevice"("accountId");

-- CreateIndex
CREATE INDEX "OfflineEntry_roundId_idx" ON "OfflineEntry"("roundId");

-- AddForeignKey
ALTER TABLE "OfflineDevice" ADD CONSTRAINT "OfflineDevice_accountId_fkey" FOREIGN KEY ("accountId") REFERENCES "Account"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "OfflineEntry" ADD CONSTRAINT "OfflineEntry_deviceId_fkey" FOREIGN KEY ("deviceId") REFERENCES "OfflineDevice"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- migrate:down
