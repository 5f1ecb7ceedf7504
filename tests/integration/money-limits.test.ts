// Money is integer fen in Int columns, 32 bits on PostgreSQL (issue #16): every amount entered or
// summed stays within MAX_FEN (21,474,836.47 yuan), refused through the route with a localised
// message and nothing written, never an overflow when PostgreSQL stores it.
import { describe, expect, it } from "vitest";
import { db } from "~/db.server";
import { MAX_FEN } from "~/domain/decimal";
import { action as cook } from "~/routes/cook";
import { action as newRound } from "~/routes/new-round";
import { auditCount, buildAccount, buildCompound, buildRound } from "#tests/fixtures";
import { cookieFor } from "#tests/fixtures/session";

/** POST `fields` (repeated names as arrays) to a route action as the account `as`. */
async function submit(
  act: (args: never) => unknown,
  url: string,
  as: number,
  fields: Record<string, string | string[]>,
  params: Record<string, string> = {},
) {
  const form = new FormData();
  form.set("csrf", "t");
  for (const [k, v] of Object.entries(fields))
    for (const one of Array.isArray(v) ? v : [v]) form.append(k, one);
  const request = new Request(`http://localhost${url}`, {
    method: "POST",
    headers: { Cookie: await cookieFor(as), Origin: "http://localhost" },
    body: form,
  });
  const r = (await act({ request, params, context: {} } as never)) as
    Response | { init?: { status?: number }; data?: unknown };
  return r instanceof Response
    ? { status: r.status, data: undefined }
    : { status: r.init?.status ?? 200, data: r.data };
}

describe("money within what PostgreSQL's integer holds", () => {
  it("the option editor refuses a unit price, or a total, over 21,474,836.47 yuan; nothing is saved", async () => {
    const { compound } = await buildCompound();
    const { round } = await buildRound(compound.id, { phase: "COOKING", menuFrozen: true });
    const need = await db.need.create({
      data: { roundId: round.id, category: "basic", title: "外墙", description: "" },
    });
    const designer = await buildAccount("expert", { disciplines: ["design"] });
    const before = async () => [
      await db.designOption.count({ where: { roundId: round.id } }),
      await db.boqLine.count(),
      await auditCount({ roundId: round.id }),
    ];
    const counts = await before();
    const option = (lines: [string, string][], residentsYuan: string) =>
      submit(
        cook,
        `/rounds/${round.id}/cook`,
        designer.id,
        {
          intent: "save",
          title: "外墙保温",
          description: "",
          durationDays: "90",
          needIds: String(need.id),
          item: [...lines.map((_, i) => `项目${i + 1}`), ""],
          unit: [...lines.map(() => "项"), ""],
          quantity: [...lines.map(([q]) => q), ""],
          price: [...lines.map(([, p]) => p), ""],
          lineServes: [...lines.map(() => ""), ""],
          fund_residents: residentsYuan,
          shareMethod: "area",
        },
        { roundId: String(round.id) },
      );

    // a unit price of 30 million yuan: the line costs 30,000 yuan, the price itself does not fit
    const price = await option([["0.001", "30000000"]], "30000");
    expect(price.status).toBe(400);
    expect(price.data).toMatchObject({
      errors: { lines: "errors.line_invalid" },
      lines: [{ line: 1, code: "boq_price_too_large" }],
    });
    // two lines of 15 million yuan each: each fits, their total of 30 million does not
    const total = await option(
      [
        ["1", "15000000"],
        ["1", "15000000"],
      ],
      "30000000",
    );
    expect(total.status).toBe(400);
    expect(total.data).toMatchObject({ form: "errors.amount_too_large" });
    expect(await before()).toEqual(counts);

    // exactly the limit is stored
    const limit = await option([["1", "21474836.47"]], "21474836.47");
    expect(limit.status).toBe(302);
    const saved = await db.optionVersion.findFirstOrThrow({
      where: { option: { roundId: round.id } },
    });
    expect(saved.totalFen).toBe(MAX_FEN);
  });

  it("a new round's budget cap over 21,474,836.47 yuan is refused, saying so; nothing is saved", async () => {
    const { compound, street } = await buildCompound();
    const office = await buildAccount("street_office", { streetId: street.id });
    const day = (n: number) => new Date(Date.now() + n * 86_400_000).toISOString().slice(0, 10);
    const fields = (budgetCap: string) => ({
      compoundId: String(compound.id),
      title: "外墙改造",
      scopeKind: "whole",
      orderingEndsAt: day(10),
      cookingEndsAt: day(40),
      tastingEndsAt: day(70),
      budgetCap,
      quorumNum: "2",
      quorumDen: "3",
      ordinaryNum: "3",
      ordinaryDen: "4",
      alterationNum: "3",
      alterationDen: "4",
      threshold: "4",
      objectionDays: "10",
      minVotingDays: "10",
    });
    const rounds = await db.round.count();
    const audits = await auditCount();
    for (const cap of ["3000万", "21474836.48"]) {
      const r = await submit(newRound, "/rounds/new", office.id, fields(cap));
      expect(r.status).toBe(400);
      expect(r.data).toMatchObject({ error: { budgetCap: ["errors.budget_cap_too_large"] } });
    }
    expect([await db.round.count(), await auditCount()]).toEqual([rounds, audits]);
    // the model refuses it too (the rule in app/domain, whatever the form checked)
    const { setupProblems, DEFAULT_RULES } = await import("~/domain/rules");
    const problems = setupProblems(
      {
        title: "x",
        scopeKind: "whole",
        orderingEndsAt: new Date(Date.now() + 10 * 86_400_000),
        cookingEndsAt: new Date(Date.now() + 40 * 86_400_000),
        tastingEndsAt: new Date(Date.now() + 70 * 86_400_000),
        budgetCapFen: MAX_FEN + 1,
        rules: DEFAULT_RULES,
        objectionDays: 10,
        minVotingDays: 10,
      },
      new Date(),
    );
    expect(problems.budgetCap).toBe("errors.budget_cap_too_large");
    const ok = await submit(newRound, "/rounds/new", office.id, fields("21474836.47"));
    expect(ok.status).toBe(302);
    const round = await db.round.findFirstOrThrow({ orderBy: { id: "desc" } });
    expect(round.budgetCapFen).toBe(MAX_FEN);
  });
});
