-- CreateTable
CREATE TABLE "VersionShare" (
    "roundId" INTEGER NOT NULL,
    "versionId" INTEGER NOT NULL,
    "householdId" INTEGER NOT NULL,
    "shareFen" INTEGER NOT NULL,

    PRIMARY KEY ("roundId", "householdId", "versionId")
);

-- CreateIndex
CREATE INDEX "RoundRosterEntry_roundId_headId_idx" ON "RoundRosterEntry"("roundId", "headId");

