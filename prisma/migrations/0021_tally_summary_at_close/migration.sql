-- The close now writes each round's RoundTallySummary with its tally; until now the dashboard
-- wrote them lazily on a visitor's view. Write every tallied round's summary from its frozen tally.
DELETE FROM "RoundTallySummary";
INSERT INTO "RoundTallySummary" ("roundId", "closedAt", "scopeHouseholds", "participatingHouseholds", "scopeAreaCenti", "participatingAreaCenti")
SELECT "id", "closedAt",
  json_extract("tallyJson", '$.scopeHouseholds'),
  json_extract("tallyJson", '$.participatingHouseholds'),
  json_extract("tallyJson", '$.scopeAreaCenti'),
  json_extract("tallyJson", '$.participatingAreaCenti')
FROM "Round" WHERE "tallyJson" IS NOT NULL AND "closedAt" IS NOT NULL;
