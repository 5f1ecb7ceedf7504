import { Writable } from "node:stream";
import { describe, expect, it } from "vitest";
import { ENGINE } from "~/db.server";
import { Prisma } from "~/generated/prisma/client";
import { castHouseholdBallot } from "~/models/ballot.server";
import { run, transaction } from "~/models/hot-sql.server";
import { appLog } from "~/lib/log.server";
import {
  ballotsAccepted,
  ballotsRefused,
  groupCommitSize,
  lockWaitSeconds,
  metricsText,
} from "~/lib/metrics.server";
import { requestScope } from "~/lib/request-scope.server";
import { storageUnavailable } from "~/lib/storage-fault.server";
import { expectErrorLogged } from "#tests/console-error";
import { buildAccount, buildCompound, buildRound } from "#tests/fixtures";
import { isLoopback, metricsAllowed } from "../../server/metrics-access.mjs";
import { routeLabeller } from "../../server/route-label.mjs";

// Operating it (docs/operations.md): who may read /metrics, the route label, what the ballot and
// group-commit metrics count, the cause a 503 is counted under, and the request id on log lines.
// The production server's /metrics and logs: tests/e2e/http-access-operations.spec.ts.

/** A counter's or histogram's value for one set of labels (0 when never recorded). */
async function value(
  metric: { get(): Promise<{ values: { value: number; labels: object; metricName?: string }[] }> },
  labels: Record<string, string> = {},
  metricName?: string,
) {
  const { values } = await metric.get();
  const same = (l: object) => JSON.stringify(l) === JSON.stringify(labels);
  return values
    .filter((v) => same(v.labels) && (!metricName || v.metricName === metricName))
    .reduce((sum, v) => sum + v.value, 0);
}

describe("/metrics access", () => {
  const token = "a-long-token";
  it("answers loopback, with or without a token configured", () => {
    for (const address of ["127.0.0.1", "127.8.9.1", "::1", "::ffff:127.0.0.1"]) {
      expect(isLoopback(address)).toBe(true);
      expect(metricsAllowed({ address, authorization: undefined, token: undefined })).toBe(true);
      expect(metricsAllowed({ address, authorization: undefined, token })).toBe(true);
    }
  });

  it("refuses any other address without the configured token", () => {
    for (const address of ["10.0.0.5", "::ffff:192.168.1.2", "2001:db8::1", "", undefined]) {
      expect(isLoopback(address)).toBe(false);
      expect(metricsAllowed({ address, authorization: undefined, token })).toBe(false);
      expect(metricsAllowed({ address, authorization: "Bearer wrong", token })).toBe(false);
      expect(metricsAllowed({ address, authorization: `Bearer ${token}x`, token })).toBe(false);
      // no token configured: nobody from elsewhere, whatever they send
      expect(metricsAllowed({ address, authorization: "Bearer ", token: undefined })).toBe(false);
      expect(metricsAllowed({ address, authorization: `Bearer ${token}`, token })).toBe(true);
    }
  });
});

describe("route label", () => {
  const routeOf = routeLabeller({
    root: { id: "root", path: "" },
    "routes/home": { id: "routes/home", parentId: "root", index: true },
    "routes/round": { id: "routes/round", parentId: "root", path: "rounds/:roundId" },
    "routes/participate": {
      id: "routes/participate",
      parentId: "root",
      path: "rounds/:roundId/participate",
    },
    "routes/new-round": { id: "routes/new-round", parentId: "root", path: "rounds/new" },
  });
  it("names the route, whatever ids the path carries, for a page and its data request", () => {
    expect(routeOf("/rounds/7/participate")).toBe("routes/participate");
    expect(routeOf("/rounds/12345/participate.data")).toBe("routes/participate");
    expect(routeOf("/")).toBe("routes/home");
    expect(routeOf("/_root.data")).toBe("routes/home");
    expect(routeOf("/rounds/7/nothing")).toBe("unmatched");
    // ranked as React Router ranks: a static segment before a dynamic one, whatever the order
    expect(routeOf("/rounds/new")).toBe("routes/new-round");
    expect(routeOf("/rounds/7")).toBe("routes/round");
    expect(routeOf("/Rounds/7/participate/")).toBe("routes/participate");
    // remembered: the same answer the second time
    expect(routeOf("/rounds/7/participate")).toBe("routes/participate");
  });
});

describe("ballot and group-commit metrics", () => {
  it("counts ballots accepted, and refused by reason", async () => {
    const { compound, households } = await buildCompound({ floors: 1, perFloor: 2 });
    const { round, options } = await buildRound(compound.id, { phase: "TASTING", options: 2 });
    const resident = await buildAccount("resident", { householdIds: [households[0].id] });
    const scores = options.map((o) => ({ optionId: o.id, score: 4, comment: null }));
    const accepted = await value(ballotsAccepted, { channel: "online" });
    const outOfRange = { channel: "online", reason: "score_range" };
    const refused = await value(ballotsRefused, outOfRange);
    await castHouseholdBallot(
      { roundId: round.id, householdId: households[0].id, scores },
      resident,
    );
    await expect(
      castHouseholdBallot(
        {
          roundId: round.id,
          householdId: households[0].id,
          scores: scores.map((s) => ({ ...s, score: 9 })),
        },
        resident,
      ),
    ).rejects.toThrow("score_range");
    expect(await value(ballotsAccepted, { channel: "online" })).toBe(accepted + 1);
    expect(await value(ballotsRefused, outOfRange)).toBe(refused + 1);
  });

  it.runIf(ENGINE === "sqlite")(
    "records each group's size and its wait for the write lock",
    async () => {
      const sizes = await value(groupCommitSize, {}, "diancai_group_commit_size_sum");
      const groups = await value(groupCommitSize, {}, "diancai_group_commit_size_count");
      const waits = await value(lockWaitSeconds, {}, "diancai_write_lock_wait_seconds_count");
      const tag = `ops-${Date.now()}-`;
      await Promise.all(
        [1, 2, 3].map((i) =>
          transaction(function* () {
            yield* run(
              Prisma.sql`INSERT INTO "City" ("name", "nameEn") VALUES (${tag + i}, ${tag + i})`,
            );
          }),
        ),
      );
      // three transactions asked for in one turn: one group of three
      expect(await value(groupCommitSize, {}, "diancai_group_commit_size_sum")).toBe(sizes + 3);
      expect(await value(groupCommitSize, {}, "diancai_group_commit_size_count")).toBe(groups + 1);
      expect(await value(lockWaitSeconds, {}, "diancai_write_lock_wait_seconds_count")).toBe(
        waits + 1,
      );
      const text = await metricsText();
      expect(text).toMatch(/^diancai_group_commit_seconds_count [1-9]/m);
    },
  );
});

describe("503 causes and request ids", () => {
  it("a storage fault records its cause in the request's scope", () => {
    const scope: { requestId: string; fault?: string } = { requestId: "abc123def456" };
    requestScope.run(scope, () => storageUnavailable("SQLITE_FULL", new Error("disk full")));
    expect(scope.fault).toBe("SQLITE_FULL");
    // and its cause goes to the log
    expectErrorLogged("storage fault SQLITE_FULL: nothing was saved");
  });

  it("every line the app logs while handling a request carries the request's id", () => {
    const written: string[] = [];
    const sink = new Writable({
      write(chunk, _encoding, done) {
        written.push(String(chunk));
        done();
      },
    });
    const log = appLog(sink).child({}, { level: "info" });
    requestScope.run({ requestId: "0123456789ab" }, () => log.info("inside"));
    log.info("outside");
    const lines = written.map((l) => JSON.parse(l) as { msg: string; reqId?: string });
    expect(lines).toEqual([
      expect.objectContaining({ msg: "inside", reqId: "0123456789ab" }),
      expect.not.objectContaining({ reqId: expect.anything() }),
    ]);
  });
});
