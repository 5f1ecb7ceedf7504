import { expect, test } from "@playwright/test";
import { getDocument } from "pdfjs-dist/legacy/build/pdf.mjs";
import { e2eDb, expectAccessible, signedIn } from "./helpers";

// Letters for a round's scope or a unit, not the whole compound: the round's letter says what to
// do by when and whom to call, and two letters print on one A4 sheet.
const day = (d: number) =>
  new Intl.DateTimeFormat("zh-CN", {
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    timeZone: "Asia/Shanghai",
  }).format(new Date(d));

test("letters for a round's scope and for one unit, two to an A4 sheet", async ({ browser }) => {
  test.setTimeout(180_000);
  const db = e2eDb();
  const round = db
    .prepare(
      `SELECT id, title, orderingEndsAt, tastingEndsAt, scopeKind FROM "Round" WHERE compoundId = 1 AND phase = 'TASTING' ORDER BY id LIMIT 1`,
    )
    .get() as {
    id: number;
    title: string;
    orderingEndsAt: number;
    tastingEndsAt: number;
    scopeKind: string;
  };
  const withCode = `EXISTS (SELECT 1 FROM "HouseholdCode" c WHERE c.householdId = h.id AND c.usedAt IS NULL AND c.revokedAt IS NULL)`;
  const inScope =
    round.scopeKind === "units"
      ? `h.unitId IN (SELECT unitId FROM "RoundScopeItem" WHERE roundId = ${round.id})`
      : round.scopeKind === "buildings"
        ? `u.buildingId IN (SELECT buildingId FROM "RoundScopeItem" WHERE roundId = ${round.id})`
        : `b.compoundId = 1`;
  const count = (where: string) =>
    (
      db
        .prepare(
          `SELECT count(*) AS n FROM "Household" h JOIN "Unit" u ON u.id = h.unitId JOIN "Building" b ON b.id = u.buildingId WHERE ${where} AND ${withCode}`,
        )
        .get() as { n: number }
    ).n;
  const inRound = count(inScope);
  const unit = db
    .prepare(
      `SELECT u.id, b.name || u.name AS name FROM "Unit" u JOIN "Building" b ON b.id = u.buildingId WHERE b.compoundId = 1 ORDER BY u.id LIMIT 1`,
    )
    .get() as { id: number; name: string };
  const inUnit = count(`u.id = ${unit.id}`);
  db.close();
  expect(inUnit).toBeGreaterThan(2);

  const worker = await signedIn(browser, "shequ");
  await worker.goto("/compounds/1/letters");
  await worker.getByLabel("为谁打印").selectOption({ label: round.title });
  await worker.getByRole("button", { name: "显示" }).click();
  await expect(worker.getByRole("heading", { level: 1 })).toHaveText(
    `乐园小区入户告知书（${inRound}份）`,
  );
  const letter = worker.getByRole("article").first();
  await expect(letter.getByRole("heading")).toHaveText(`入户告知书：${round.title}`);
  await expect(letter).toContainText(
    `请在 ${day(round.orderingEndsAt)} 前登录平台提出或支持需求，在 ${day(round.tastingEndsAt)} 前为设计方案打分`,
  );
  await expect(letter).toContainText("有疑问请联系乐园社区：乐园社区 王社工 0538-6211001");
  await expectAccessible(worker);

  await worker.getByLabel("为谁打印").selectOption({ label: unit.name });
  await worker.getByRole("button", { name: "显示" }).click();
  await expect(worker.getByRole("heading", { level: 1 })).toHaveText(
    `乐园小区入户告知书（${inUnit}份）`,
  );
  await expect(worker.getByRole("article")).toHaveCount(inUnit);
  await expect(worker.getByLabel("为谁打印")).toHaveValue(`unit-${unit.id}`);
  const pdf = await worker.pdf({ format: "A4" });
  const doc = await getDocument({ data: new Uint8Array(pdf), useSystemFonts: false }).promise;
  // two letters to a sheet (one per page before); the PDF may carry one sheet more than n/2
  expect(doc.numPages).toBeLessThanOrEqual(Math.ceil(inUnit / 2) + 1);
});
