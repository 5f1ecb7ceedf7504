-- migrate:up
-- AlterTable
ALTER TABLE "RoundTallySummary" ADD COLUMN     "receipts" INTEGER NOT NULL DEFAULT 0;

-- The notice prints the count of a closed round's receipts from here, not from its frozen tally's
-- list: every summary's count from the tally it summarises.
UPDATE "RoundTallySummary" s
SET "receipts" = COALESCE(json_array_length(r."tallyJson"::json -> 'receiptCodes'), 0)
FROM "Round" r
WHERE r."id" = s."roundId" AND r."tallyJson" IS NOT NULL;

-- migrate:down
