-- CreateTable
CREATE TABLE "RoundRosterEntry" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "roundId" INTEGER NOT NULL,
    "householdId" INTEGER NOT NULL,
    "unitId" INTEGER NOT NULL,
    "buildingId" INTEGER NOT NULL,
    "floor" INTEGER NOT NULL,
    "areaCenti" INTEGER NOT NULL,
    CONSTRAINT "RoundRosterEntry_roundId_fkey" FOREIGN KEY ("roundId") REFERENCES "Round" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "RoundRosterEntry_householdId_fkey" FOREIGN KEY ("householdId") REFERENCES "Household" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "RosterCorrection" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "roundId" INTEGER NOT NULL,
    "householdId" INTEGER NOT NULL,
    "floorBefore" INTEGER NOT NULL,
    "floorAfter" INTEGER NOT NULL,
    "areaCentiBefore" INTEGER NOT NULL,
    "areaCentiAfter" INTEGER NOT NULL,
    "reason" TEXT NOT NULL,
    "byId" INTEGER NOT NULL,
    "at" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "RosterCorrection_roundId_fkey" FOREIGN KEY ("roundId") REFERENCES "Round" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "RosterCorrection_householdId_fkey" FOREIGN KEY ("householdId") REFERENCES "Household" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "ScoredOption" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "roundId" INTEGER NOT NULL,
    "optionId" INTEGER NOT NULL,
    "versionId" INTEGER NOT NULL,
    "kind" TEXT NOT NULL,
    "totalFen" INTEGER NOT NULL,
    CONSTRAINT "ScoredOption_roundId_fkey" FOREIGN KEY ("roundId") REFERENCES "Round" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "ScoredOption_optionId_fkey" FOREIGN KEY ("optionId") REFERENCES "DesignOption" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "ScoredOption_versionId_fkey" FOREIGN KEY ("versionId") REFERENCES "OptionVersion" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "OutboxEvent" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "eventKey" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "roundId" INTEGER NOT NULL,
    "params" TEXT NOT NULL,
    "link" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL,
    "expandedAt" DATETIME,
    CONSTRAINT "OutboxEvent_roundId_fkey" FOREIGN KEY ("roundId") REFERENCES "Round" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateIndex
CREATE INDEX "RoundRosterEntry_roundId_unitId_idx" ON "RoundRosterEntry"("roundId", "unitId");

-- CreateIndex
CREATE UNIQUE INDEX "RoundRosterEntry_roundId_householdId_key" ON "RoundRosterEntry"("roundId", "householdId");

-- CreateIndex
CREATE INDEX "RosterCorrection_roundId_idx" ON "RosterCorrection"("roundId");

-- CreateIndex
CREATE UNIQUE INDEX "ScoredOption_optionId_key" ON "ScoredOption"("optionId");

-- CreateIndex
CREATE INDEX "ScoredOption_roundId_idx" ON "ScoredOption"("roundId");

-- CreateIndex
CREATE UNIQUE INDEX "OutboxEvent_eventKey_key" ON "OutboxEvent"("eventKey");

-- CreateIndex
CREATE INDEX "OutboxEvent_expandedAt_idx" ON "OutboxEvent"("expandedAt");


-- Rounds already tasting or past it count the roster and the published versions as they stand
-- now (the same scope rule as householdsInScopeWhere, once, for the rows that existed before).
INSERT INTO "RoundRosterEntry" ("roundId", "householdId", "unitId", "buildingId", "floor", "areaCenti")
SELECT r."id", h."id", u."id", b."id", h."floor", h."areaCenti"
FROM "Round" r
  JOIN "Building" b ON b."compoundId" = r."compoundId"
  JOIN "Unit" u ON u."buildingId" = b."id"
  JOIN "Household" h ON h."unitId" = u."id"
WHERE r."phase" IN ('TASTING', 'CLOSED', 'ADOPTED', 'FAILED', 'CONSTRUCTION')
  AND (r."scopeKind" = 'whole'
    OR (r."scopeKind" = 'buildings' AND EXISTS (SELECT 1 FROM "RoundScopeItem" s
          WHERE s."roundId" = r."id" AND s."buildingId" = b."id"))
    OR (r."scopeKind" = 'units' AND EXISTS (SELECT 1 FROM "RoundScopeItem" s
          WHERE s."roundId" = r."id" AND s."unitId" = u."id")));

INSERT INTO "ScoredOption" ("roundId", "optionId", "versionId", "kind", "totalFen")
SELECT o."roundId", o."id", v."id", o."kind", v."totalFen"
FROM "DesignOption" o
  JOIN "Round" r ON r."id" = o."roundId"
  JOIN "OptionVersion" v ON v."optionId" = o."id" AND v."status" = 'approved'
WHERE r."phase" IN ('TASTING', 'CLOSED', 'ADOPTED', 'FAILED', 'CONSTRUCTION')
  AND o."withdrawnAt" IS NULL
  AND v."version" = (SELECT MAX(v2."version") FROM "OptionVersion" v2
    WHERE v2."optionId" = o."id" AND v2."status" = 'approved');
