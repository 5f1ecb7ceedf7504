-- migrate:up
-- AlterTable
ALTER TABLE "Household" ADD COLUMN     "areaSource" TEXT NOT NULL DEFAULT 'register';

-- AlterTable
ALTER TABLE "Membership" ADD COLUMN     "ownerId" INTEGER,
ADD COLUMN     "relation" TEXT NOT NULL DEFAULT 'owner';

-- AlterTable
ALTER TABLE "Ballot" ADD COLUMN     "proxyId" INTEGER;

-- CreateTable
CREATE TABLE "Owner" (
    "id" SERIAL NOT NULL,
    "compoundId" INTEGER NOT NULL,
    "kind" TEXT NOT NULL DEFAULT 'person',
    "name" TEXT NOT NULL,
    "idHash" TEXT,
    "idTail" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Owner_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Ownership" (
    "id" SERIAL NOT NULL,
    "ownerId" INTEGER NOT NULL,
    "householdId" INTEGER NOT NULL,
    "certificateNo" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Ownership_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ProxyAuthorisation" (
    "id" SERIAL NOT NULL,
    "roundId" INTEGER NOT NULL,
    "ownerId" INTEGER NOT NULL,
    "householdId" INTEGER,
    "proxyName" TEXT NOT NULL,
    "proxyAccountId" INTEGER,
    "photoPath" TEXT NOT NULL,
    "photoMime" TEXT NOT NULL,
    "photoBytes" INTEGER NOT NULL,
    "expiresAt" TIMESTAMP(3) NOT NULL,
    "recordedById" INTEGER NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "revokedAt" TIMESTAMP(3),
    "revokedById" INTEGER,

    CONSTRAINT "ProxyAuthorisation_pkey" PRIMARY KEY ("id")
);

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

-- AddForeignKey
ALTER TABLE "Owner" ADD CONSTRAINT "Owner_compoundId_fkey" FOREIGN KEY ("compoundId") REFERENCES "Compound"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Ownership" ADD CONSTRAINT "Ownership_ownerId_fkey" FOREIGN KEY ("ownerId") REFERENCES "Owner"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Ownership" ADD CONSTRAINT "Ownership_householdId_fkey" FOREIGN KEY ("householdId") REFERENCES "Household"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ProxyAuthorisation" ADD CONSTRAINT "ProxyAuthorisation_roundId_fkey" FOREIGN KEY ("roundId") REFERENCES "Round"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ProxyAuthorisation" ADD CONSTRAINT "ProxyAuthorisation_ownerId_fkey" FOREIGN KEY ("ownerId") REFERENCES "Owner"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ProxyAuthorisation" ADD CONSTRAINT "ProxyAuthorisation_householdId_fkey" FOREIGN KEY ("householdId") REFERENCES "Household"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ProxyAuthorisation" ADD CONSTRAINT "ProxyAuthorisation_proxyAccountId_fkey" FOREIGN KEY ("proxyAccountId") REFERENCES "Account"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Membership" ADD CONSTRAINT "Membership_ownerId_fkey" FOREIGN KEY ("ownerId") REFERENCES "Owner"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Ballot" ADD CONSTRAINT "Ballot_proxyId_fkey" FOREIGN KEY ("proxyId") REFERENCES "ProxyAuthorisation"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- migrate:down
