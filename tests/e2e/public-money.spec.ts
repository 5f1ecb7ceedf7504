import { expect, test } from "@playwright/test";
import { e2eDb, signedIn } from "./helpers";

// Issue 29: an option public money pays for entirely says plainly that residents pay nothing,
// not "您家需出资 ¥0.00" beside "居民出资部分按面积分摊". Round 2's option A in the demo has no
// residents' part. At 360 px, with and without JavaScript.

test.use({ viewport: { width: 360, height: 740 } });

test("an option paid entirely by public money tells a household it pays nothing", async ({
  browser,
}) => {
  const db = e2eDb();
  const { id } = db
    .prepare(`SELECT id FROM "DesignOption" WHERE "roundId" = 2 AND code = 'A'`)
    .get() as { id: number };
  db.close();
  const page = await signedIn(browser, "jumin");
  await page.setViewportSize({ width: 360, height: 740 });
  await page.goto(`/rounds/2/options/${id}`);
  const main = page.getByRole("main");
  await expect(main.getByText("居民无需出资：本方案全部由公共资金承担。")).toBeVisible();
  await expect(main.getByText("本方案全部由公共资金承担，居民不出资。")).toBeVisible();
  await expect(main).not.toContainText("¥0.00");
  await expect(main).not.toContainText("按面积分摊");
  await page.context().close();
});
