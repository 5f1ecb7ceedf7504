-- CreateTable
CREATE TABLE "Owner" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "compoundId" INTEGER NOT NULL,
    "kind" TEXT NOT NULL DEFAULT 'person',
    "name" TEXT NOT NULL,
    "idHash" TEXT,
    "idTail" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "Owner_compoundId_fkey" FOREIGN KEY ("compoundId") REFERENCES "Compound" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Ownership" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "ownerId" INTEGER NOT NULL,
    "householdId" INTEGER NOT NULL,
    "certificateNo" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "Ownership_ownerId_fkey" FOREIGN KEY ("ownerId") REFERENCES "Owner" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "Ownership_householdId_fkey" FOREIGN KEY ("householdId") REFERENCES "Household" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "ProxyAuthorisation" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "roundId" INTEGER NOT NULL,
    "ownerId" INTEGER NOT NULL,
    "householdId" INTEGER,
    "proxyName" TEXT NOT NULL,
    "proxyAccountId" INTEGER,
    "photoPath" TEXT NOT NULL,
    "photoMime" TEXT NOT NULL,
    "photoBytes" INTEGER NOT NULL,
    "expiresAt" DATETIME NOT NULL,
    "recordedById" INTEGER NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "revokedAt" DATETIME,
    "revokedById" INTEGER,
    CONSTRAINT "ProxyAuthorisation_roundId_fkey" FOREIGN KEY ("roundId") REFERENCES "Round" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "ProxyAuthorisation_ownerId_fkey" FOREIGN KEY ("ownerId") REFERENCES "Owner" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "ProxyAuthorisation_householdId_fkey" FOREIGN KEY ("householdId") REFERENCES "Household" ("id") ON DELETE SET NULL ON UPDATE CASCADE,
    CONSTRAINT "ProxyAuthorisation_proxyAccountId_fkey" FOREIGN KEY ("proxyAccountId") REFERENCES "Account" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);

-- AddColumns (ALTER TABLE, not a table rebuild: existing rows keep their ids and take the defaults;
-- every membership bound before owners were recorded is an owner's, so its account keeps voting)
ALTER TABLE "Household" ADD COLUMN "areaSource" TEXT NOT NULL DEFAULT 'register';
ALTER TABLE "Membership" ADD COLUMN "relation" TEXT NOT NULL DEFAULT 'owner';
ALTER TABLE "Membership" ADD COLUMN "ownerId" INTEGER REFERENCES "Owner" ("id") ON DELETE SET NULL ON UPDATE CASCADE;
ALTER TABLE "Ballot" ADD COLUMN "proxyId" INTEGER REFERENCES "ProxyAuthorisation" ("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- CreateIndex
CREATE INDEX "Owner_compoundId_idHash_idx" ON "Owner"("compoundId", "idHash");

-- CreateIndex
CREATE INDEX "Ownership_householdId_idx" ON "Ownership"("householdId");

-- CreateIndex
CREATE UNIQUE INDEX "Ownership_ownerId_householdId_key" ON "Ownership"("ownerId", "householdId");

-- CreateIndex
CREATE INDEX "ProxyAuthorisation_roundId_ownerId_idx" ON "ProxyAuthorisation"("roundId", "ownerId");

-- CreateIndex
CREATE INDEX "ProxyAuthorisation_proxyAccountId_idx" ON "ProxyAuthorisation"("proxyAccountId");

