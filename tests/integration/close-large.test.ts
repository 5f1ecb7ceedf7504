import Database from "better-sqlite3";
import { describe, expect, it } from "vitest";
import { db } from "~/db.server";
import { expandOutboxEvents } from "~/models/notification.server";
import { parseTally } from "~/models/round-tally.server";
import { transitionRound } from "~/models/round-transition.server";
import { buildLargeTastingRound } from "#tests/fixtures/large-round";
import { probeWriteLock } from "../../bench/lock-probe";

const file = () => process.env.DATABASE_URL!.replace(/^file:/, "");

describe("closing a round of 10,000 households", () => {
  it(
    "freezes the tally the snapshot and ballots give, and fans out one message per household after commit",
    {
      timeout: 300_000,
    },
    async () => {
      const big = buildLargeTastingRound(file(), { households: 10_000, options: 5 });
      const probe = await probeWriteLock(file());
      const started = performance.now();
      await transitionRound(big.roundId, "close_round", big.office, big.after);
      const ms = performance.now() - started;
      const held = await probe.stop();
      console.info(
        `closed 10,000 households in ${ms.toFixed(0)} ms (notifications included), ` +
          `holding the write lock ${held.longest.toFixed(0)} ms at most`,
      );
      // the tally is read and computed before the write transaction, which only checks and writes
      expect(held.longest).toBeLessThan(1_000);

      // an independent count, in SQL, of what the tally must say
      const raw = new Database(file(), { readonly: true });
      const scope = raw
        .prepare(`SELECT COUNT(*) n, SUM(areaCenti) area FROM "RoundRosterEntry" WHERE roundId = ?`)
        .get(big.roundId) as { n: number; area: number };
      const voters = raw
        .prepare(
          `SELECT COUNT(*) n, SUM(e.areaCenti) area FROM "RoundRosterEntry" e
         WHERE e.roundId = ? AND e.householdId IN (SELECT householdId FROM "Ballot" WHERE roundId = ?)`,
        )
        .get(big.roundId, big.roundId) as { n: number; area: number };
      const perOption = raw
        .prepare(
          `SELECT b.optionId id, COUNT(*) ballots, SUM(b.score) scoreSum,
           SUM(b.score >= 4) agreeing, SUM(CASE WHEN b.score >= 4 THEN e.areaCenti ELSE 0 END) agreeingArea
         FROM "Ballot" b JOIN "RoundRosterEntry" e ON e.roundId = b.roundId AND e.householdId = b.householdId
         WHERE b.roundId = ? GROUP BY b.optionId ORDER BY b.optionId`,
        )
        .all(big.roundId) as {
        id: number;
        ballots: number;
        scoreSum: number;
        agreeing: number;
        agreeingArea: number;
      }[];
      raw.close();

      const round = await db.round.findUniqueOrThrow({ where: { id: big.roundId } });
      expect(round.phase).toBe("CLOSED");
      const tally = parseTally(round.tallyJson)!;
      expect(tally.scopeHouseholds).toBe(10_000);
      expect([tally.scopeHouseholds, tally.scopeAreaCenti]).toEqual([scope.n, scope.area]);
      expect([tally.participatingHouseholds, tally.participatingAreaCenti]).toEqual([
        voters.n,
        voters.area,
      ]);
      expect(tally.participatingHouseholds).toBe(8_000);
      expect(
        tally.options.map((o) => ({
          id: o.optionId,
          ballots: o.ballots,
          scoreSum: o.scoreSum,
          agreeing: o.agreeingHouseholds,
          agreeingArea: o.agreeingAreaCenti,
        })),
      ).toEqual(perOption);
      expect(tally.options.map((o) => o.kind)).toEqual([
        "ordinary",
        "alteration",
        "ordinary",
        "ordinary",
        "ordinary",
      ]);
      expect(tally.receiptCodes).toHaveLength(8_000);

      // one event row in the close, expanded after commit: in-app to everyone, e-mail to opt-ins
      const event = await db.outboxEvent.findFirstOrThrow({ where: { roundId: big.roundId } });
      expect(event.expandedAt).not.toBeNull();
      const messages = (channel: string) =>
        db.notification.count({ where: { roundId: big.roundId, kind: "round_closed", channel } });
      expect(await messages("inapp")).toBe(10_000);
      expect(await messages("email")).toBe(1_000);
      // expanding again, as the sender does, adds nothing; nor does an event marked unexpanded
      expect(await expandOutboxEvents()).toBe(0);
      await db.outboxEvent.update({ where: { id: event.id }, data: { expandedAt: null } });
      expect(await expandOutboxEvents()).toBe(0);
      expect(await messages("inapp")).toBe(10_000);
      expect(await messages("email")).toBe(1_000);
    },
  );
});
