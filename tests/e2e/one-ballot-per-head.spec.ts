import { expect, test } from "@playwright/test";
import { e2eDb, signedIn } from "./helpers";

// Issue #18, "one ballot per head": 刘建国 (demo account yezhu) owns two flats of 乐园小区, which
// the law counts as one head. Whichever flat he scores from, it is the same ballot with the same
// receipt, shown on both flats. With and without JavaScript.
const RECEIPT = /^[2-9A-Z]{4}-[2-9A-Z]{4}-[2-9A-Z]{4}$/;

test("an owner of two flats scores once for both, from either flat", async ({ browser }) => {
  const page = await signedIn(browser, "yezhu");
  await page.goto("/rounds/2/participate");
  const first = page.getByRole("region", { name: /^5号楼1单元301/ });
  const second = page.getByRole("region", { name: /^5号楼1单元302/ });
  for (const flat of [first, second])
    await expect(flat.getByText(/^本户业主在本轮范围内共有 2 套房屋，依法按一人计/)).toBeVisible();
  const stars = (flat: typeof first, option: string, n: number) =>
    flat
      .getByRole("form", { name: "方案评分" })
      .getByRole("group", { name: new RegExp(`为方案 ${option} `) })
      .getByLabel(`${n}星`);
  const submit = async (flat: typeof first) => {
    await flat.getByRole("button", { name: /提交评分|修改评分/ }).click();
    await expect(page.getByRole("status")).toHaveText("评分已保存。截止前可以修改。");
  };

  // scored from the second flat: the first shows the same scores and the same receipt
  await stars(second, "A", 5).check();
  await stars(second, "B", 1).check();
  await submit(second);
  const receipt = (await second.getByText(RECEIPT).textContent())!;
  await expect(first.getByText(receipt, { exact: true })).toBeVisible();
  await expect(stars(first, "A", 5)).toBeChecked();
  await expect(stars(first, "B", 1)).toBeChecked();

  // changed from the first flat: the same ballot changes, on both
  await stars(first, "A", 3).check();
  await stars(first, "B", 4).check();
  await submit(first);
  await expect(stars(second, "A", 3)).toBeChecked();
  await expect(stars(second, "B", 4)).toBeChecked();
  await expect(second.getByText(receipt, { exact: true })).toBeVisible();

  // stored once: one row per option for the head, one receipt
  const db = e2eDb();
  const stored = db
    .prepare(
      `SELECT COUNT(*) ballots, COUNT(DISTINCT b.householdId) heads,
         (SELECT COUNT(*) FROM Receipt r WHERE r.roundId = 2 AND r.householdId IN
           (SELECT m.householdId FROM Membership m JOIN Account a ON a.id = m.accountId
            WHERE a.username = 'yezhu')) receipts
       FROM Ballot b WHERE b.roundId = 2 AND b.householdId IN
         (SELECT m.householdId FROM Membership m JOIN Account a ON a.id = m.accountId
          WHERE a.username = 'yezhu')`,
    )
    .get();
  db.close();
  expect(stored).toEqual({ ballots: 2, heads: 1, receipts: 1 });
  await page.context().close();
});
