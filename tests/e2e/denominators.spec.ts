import { expect, test } from "@playwright/test";
import { e2eDb, expectAccessible } from "./helpers";

// Issue #18, "denominators published first": from the day TASTING opens the round page and a
// printable notice state the heads and the total area in scope, and the quorum and agreement
// lines in heads and m². With and without JavaScript (the notice itself ships no script).
const n = (x: number) => new Intl.NumberFormat("zh-CN").format(x);
const m2 = (centi: number) =>
  new Intl.NumberFormat("zh-CN", { minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(
    centi / 100,
  );
const atLeast = (total: number, num: number, den: number) => Math.ceil((total * num) / den);

test("the tasting round's page and its printable notice state heads, area and the lines", async ({
  page,
}) => {
  const db = e2eDb();
  // what the snapshot taken when TASTING opened counts: heads (flats summed by owner) and area
  const scope = db
    .prepare(
      `SELECT COUNT(DISTINCT COALESCE(headId, householdId)) heads, COUNT(*) flats,
         SUM(areaCenti) area FROM RoundRosterEntry WHERE roundId = 2`,
    )
    .get() as { heads: number; flats: number; area: number };
  db.close();
  expect(scope.flats).toBeGreaterThan(0);
  const figures = [
    `${n(scope.heads)} 人（${scope.flats} 套房屋）`,
    `${m2(scope.area)} m²`,
    `至少 ${n(atLeast(scope.heads, 2, 3))} 人、${m2(atLeast(scope.area, 2, 3))} m² 参与表决`,
    `如全部业主参与：至少 ${n(Math.floor(scope.heads / 2) + 1)} 人、${m2(Math.floor(scope.area / 2) + 1)} m² 同意`,
    `如全部业主参与：至少 ${n(atLeast(scope.heads, 3, 4))} 人、${m2(atLeast(scope.area, 3, 4))} m² 同意`,
  ];

  await page.goto("/rounds/2");
  const section = page.getByRole("region", { name: "投票基数（投票开始时确定）" });
  for (const text of figures) await expect(section.getByText(text, { exact: true })).toBeVisible();
  await expect(section.getByText("参与线（不少于 2/3）")).toBeVisible();
  await expect(section.getByText("改建、重建同意线（不少于参与者的 3/4）")).toBeVisible();
  await expectAccessible(page);

  await section.getByRole("link", { name: "打印投票基数公告" }).click();
  await expect(page).toHaveURL(/\/rounds\/2\/denominators$/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(/投票基数公告$/);
  for (const text of figures) await expect(page.getByText(text, { exact: true })).toBeVisible();
  await expect(
    page.getByText("一名业主在范围内有多套房屋的，按一人计", { exact: false }),
  ).toBeVisible();
  // the notice is plain HTML: no script on it, whatever the browser allows
  await expect(page.locator("script[src], script[type=module]")).toHaveCount(0);
  await expectAccessible(page);
});

test("a round still cooking publishes no denominators yet", async ({ page }) => {
  const res = await page.goto("/rounds/3/denominators");
  expect(res?.status()).toBe(404);
  await page.goto("/rounds/3");
  await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
  await expect(page.getByRole("region", { name: "投票基数（投票开始时确定）" })).toHaveCount(0);
});
