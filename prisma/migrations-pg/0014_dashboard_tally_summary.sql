-- migrate:up
-- CreateTable
CREATE TABLE "RoundTallySummary" (
    "roundId" INTEGER NOT NULL,
    "closedAt" TIMESTAMP(3) NOT NULL,
    "scopeHouseholds" INTEGER NOT NULL,
    "participatingHouseholds" INTEGER NOT NULL,
    "scopeAreaCenti" INTEGER NOT NULL,
    "participatingAreaCenti" INTEGER NOT NULL,

    CONSTRAINT "RoundTallySummary_pkey" PRIMARY KEY ("roundId")
);

-- CreateIndex
CREATE INDEX "RoundScopeItem_roundId_idx" ON "RoundScopeItem"("roundId");

-- AddForeignKey
ALTER TABLE "RoundTallySummary" ADD CONSTRAINT "RoundTallySummary_roundId_fkey" FOREIGN KEY ("roundId") REFERENCES "Round"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- migrate:down
