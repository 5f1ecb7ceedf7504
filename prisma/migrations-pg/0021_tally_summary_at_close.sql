-- migrate:up
-- The close now writes each round's RoundTallySummary with its tally; until now the dashboard
-- wrote them lazily on a visitor's view. Write every tallied round's summary from its frozen tally.
DELETE FROM "RoundTallySummary";
INSERT INTO "RoundTallySummary" ("roundId", "closedAt", "scopeHouseholds", "participatingHouseholds", "scopeAreaCenti", "participatingAreaCenti")
SELECT "id", "closedAt",
  ("tallyJson"::jsonb ->> 'scopeHouseholds')::integer,
  ("tallyJson"::jsonb ->> 'participatingHouseholds')::integer,
  ("tallyJson"::jsonb ->> 'scopeAreaCenti')::integer,
  ("tallyJson"::jsonb ->> 'participatingAreaCenti')::integer
FROM "Round" WHERE "tallyJson" IS NOT NULL AND "closedAt" IS NOT NULL;

-- migrate:down
