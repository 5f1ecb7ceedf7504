import { expect, test } from "@playwright/test";
import { e2eDb, expectAccessible, signedIn } from "./helpers";

// Issue 29, officials: the printed notice names its issuing office, its date and room for the
// seal, prints its links with the site's address (a printed path cannot be typed in), and gives
// the street office's answer to each objection instead of only their number.

const ROUND = 7; // the demo's CLOSED round of 天平花园, whose street office is jiedao2

test("the notice prints who issues it, room for the seal, full links and the answers to objections", async ({
  browser,
}) => {
  // a fresh objection of this project's run, filed by a household of the round (the demo's own
  // objection may already be answered by another test)
  const db = e2eDb();
  const answer = `已复核：遮挡补偿按规定执行（${test.info().project.name}）`;
  const household = db
    .prepare(
      `SELECT r."householdId" AS id FROM "RoundRosterEntry" r
       WHERE r."roundId" = ? AND r."householdId" NOT IN
         (SELECT "householdId" FROM "Objection" WHERE "roundId" = ?)
       ORDER BY r."householdId" LIMIT 1`,
    )
    .get(ROUND, ROUND) as { id: number };
  const account = db.prepare(`SELECT id FROM "Account" WHERE username = 'jumin2'`).get() as {
    id: number;
  };
  db.prepare(
    `INSERT INTO "Objection" ("roundId", "householdId", "accountId", "text", "createdAt")
     VALUES (?, ?, ?, ?, ?)`,
  ).run(ROUND, household.id, account.id, "请公开电梯运行费用的分摊办法。", Date.now());
  db.close();

  const office = await signedIn(browser, "jiedao2");
  await office.setViewportSize({ width: 360, height: 740 });
  await office.goto(`/rounds/${ROUND}/manage`);
  const card = office.locator("article", { hasText: "请公开电梯运行费用的分摊办法。" });
  await card.getByLabel("答复").fill(answer);
  await card.getByRole("button", { name: "提交答复" }).click();
  await expect(office.getByText(answer)).toBeVisible();
  await office.context().close();

  const { baseURL, javaScriptEnabled } = test.info().project.use;
  const reader = await browser.newContext({
    baseURL,
    javaScriptEnabled,
    viewport: { width: 360, height: 740 },
  });
  const page = await reader.newPage();
  await page.goto(`/rounds/${ROUND}/notice`);
  await expect(page.getByText(/^发布单位：.+街道/)).toBeVisible();
  await expect(page.getByLabel("盖章处")).toBeVisible();
  const answers = page.locator(".objection-answers li");
  await expect(answers.filter({ hasText: answer })).toContainText(/街道办于 .+ 答复/);
  // the demo's objection, if still unanswered, says so rather than being left out
  expect(await answers.count()).toBeGreaterThanOrEqual(1);
  await expectAccessible(page);

  await page.emulateMedia({ media: "print" });
  const origin = new URL(page.url()).origin;
  await expect(
    page.getByText(`本公示打印自点菜平台 ${origin}/rounds/${ROUND}/notice`),
  ).toBeVisible();
  await expect(
    page.getByText(`在浏览器中核验计票：${origin}/rounds/${ROUND}/verify`),
  ).toBeVisible();
  await reader.close();
});
