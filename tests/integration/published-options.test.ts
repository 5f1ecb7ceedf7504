import { describe, expect, it } from "vitest";
import { db } from "~/db.server";
import { Prisma } from "~/generated/prisma/client";
import { publishedOption, publishedOptionSql } from "~/models/published-options.server";
import { publishedVersions } from "~/models/round-tally.server";
import { buildCompound, buildRound } from "#tests/fixtures";

// "Published option" is spelled once for Prisma and once for SQL (published-options.server.ts);
// here both, and the versions the tally freezes, name the same options in every state a version
// can be in.

async function optionWith(roundId: number, code: string, statuses: string[]) {
  const option = await db.designOption.create({ data: { roundId, code, createdById: 1 } });
  const versions = [];
  for (const [i, status] of statuses.entries())
    versions.push(
      await db.optionVersion.create({
        data: {
          optionId: option.id,
          version: i + 1,
          title: `${code}${i + 1}`,
          description: "",
          durationDays: 30,
          totalFen: 100,
          status,
          publishedAt: status === "approved" || status === "superseded" ? new Date(0) : null,
          createdById: 1,
        },
      }),
    );
  return { option, versions };
}

describe("published options", () => {
  it("are the same options whichever spelling asks", async () => {
    const { compound } = await buildCompound({ floors: 1, perFloor: 1 });
    const { round } = await buildRound(compound.id, { phase: "COOKING" });
    const made = {
      approved: await optionWith(round.id, "A", ["approved"]),
      submitted: await optionWith(round.id, "B", ["submitted"]),
      returned: await optionWith(round.id, "C", ["returned"]),
      revisionPending: await optionWith(round.id, "D", ["approved", "submitted"]),
      reapproved: await optionWith(round.id, "E", ["superseded", "approved"]),
      supersededOnly: await optionWith(round.id, "F", ["superseded", "returned"]),
      none: await optionWith(round.id, "G", []),
    };
    const expected = ["A", "D", "E"];
    const code = new Map(Object.values(made).map((m) => [m.option.id, m.option.code]));
    const codes = (ids: (number | bigint)[]) => ids.map((id) => code.get(Number(id))).sort();

    const prisma = await db.designOption.findMany({
      where: { roundId: round.id, ...publishedOption },
      select: { id: true },
    });
    const sql = await db.$queryRaw<{ id: number | bigint }[]>(Prisma.sql`
      SELECT o."id" FROM "DesignOption" o
      WHERE o."roundId" = ${round.id} AND ${publishedOptionSql("o")}`);
    const frozen = await db.$transaction((tx) => publishedVersions(tx, round.id));

    expect(codes(prisma.map((o) => o.id))).toEqual(expected);
    expect(codes(sql.map((o) => o.id))).toEqual(expected);
    expect(codes(frozen.map((p) => p.option.id))).toEqual(expected);
    // the version counted is the approved one, not a newer revision waiting for its audit
    expect(frozen.map((p) => p.version.title).sort()).toEqual(["A1", "D1", "E2"]);
  });
});
