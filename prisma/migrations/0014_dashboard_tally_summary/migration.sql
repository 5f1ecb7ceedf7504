-- CreateTable
CREATE TABLE "RoundTallySummary" (
    "roundId" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "closedAt" DATETIME NOT NULL,
    "scopeHouseholds" INTEGER NOT NULL,
    "participatingHouseholds" INTEGER NOT NULL,
    "scopeAreaCenti" INTEGER NOT NULL,
    "participatingAreaCenti" INTEGER NOT NULL,
    CONSTRAINT "RoundTallySummary_roundId_fkey" FOREIGN KEY ("roundId") REFERENCES "Round" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateIndex
CREATE INDEX "RoundScopeItem_roundId_idx" ON "RoundScopeItem"("roundId");

