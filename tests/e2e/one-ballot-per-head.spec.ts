import { expect, test } from "@playwright/test";
import { e2eDb, signedIn } from "./helpers";

// Issue #18, "one ballot per head": 刘建国 (demo account yezhu) owns two flats of 乐园小区, which
// the law counts as one head. He sees one ballot naming both flats (issue 29), with one receipt.
// With and without JavaScript.
const RECEIPT = /^[2-9A-Z]{4}-[2-9A-Z]{4}-[2-9A-Z]{4}$/;

test("an owner of two flats scores once for both, on the one ballot that names them", async ({
  browser,
}) => {
  const page = await signedIn(browser, "yezhu");
  await page.goto("/rounds/2/participate");
  const first = page.getByRole("region", { name: /^5号楼1单元301/ });
  const second = page.getByRole("region", { name: /^5号楼1单元302/ });
  await expect(first.getByText(/^本户业主在本轮范围内共有 2 套房屋，依法按一人计/)).toBeVisible();
  // one ballot, under the first flat, naming both; the second flat points to it (issue 29)
  await expect(page.getByRole("form", { name: "方案评分" })).toHaveCount(1);
  await expect(
    first.getByText(/^这张选票代表 2 套房屋：5号楼1单元301、5号楼1单元302/),
  ).toBeVisible();
  await expect(second.getByText(/与这一套同属一户业主，共用一张选票/)).toBeVisible();
  const stars = (option: string, n: number) =>
    first
      .getByRole("form", { name: "方案评分" })
      .getByRole("group", { name: new RegExp(`为方案 ${option} `) })
      .getByLabel(`${n}星`);
  const submit = async () => {
    await first.getByRole("button", { name: /提交评分|修改评分/ }).click();
    await expect(page.getByRole("status")).toHaveText("评分已保存。截止前可以修改。");
  };

  await stars("A", 5).check();
  await stars("B", 1).check();
  await submit();
  const receipt = (await first.getByText(RECEIPT).textContent())!;
  await expect(stars("A", 5)).toBeChecked();
  await expect(stars("B", 1)).toBeChecked();

  // changed: the same ballot changes, with the same receipt, and nobody is asked to confirm
  await stars("A", 3).check();
  await stars("B", 4).check();
  await submit();
  await expect(stars("A", 3)).toBeChecked();
  await expect(stars("B", 4)).toBeChecked();
  await expect(first.getByText(receipt, { exact: true })).toBeVisible();

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
