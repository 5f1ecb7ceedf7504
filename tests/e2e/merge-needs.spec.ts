import { expect, test } from "@playwright/test";
import { e2eDb, expectAccessible, signedIn } from "./helpers";

// A community worker merges duplicate needs (round 9, 东湖小区, ordering): a refusal marks the
// field at fault and keeps the choice, the permanent merge must be confirmed, a success empties
// the form and is never shown beside an error.
test("merging needs: confirmation, marked fields, no stale values, success and error apart", async ({
  browser,
}) => {
  const js = test.info().project.use.javaScriptEnabled !== false;
  // each project merges a different pair, so both runs find theirs active
  const [from, into] = js ? ["儿童游乐场", "二次供水改造"] : ["老年食堂", "消防设施更新"];
  const db = e2eDb();
  const idOf = (title: string) =>
    String(
      (
        db.prepare(`SELECT id FROM "Need" WHERE roundId = 9 AND title = ?`).get(title) as {
          id: number;
        }
      ).id,
    );
  const [fromId, intoId] = [idOf(from), idOf(into)];
  db.close();

  const worker = await signedIn(browser, "shequ3");
  await worker.goto("/rounds/9/work");
  const fromSelect = worker.getByLabel("要合并的需求");
  const intoSelect = worker.getByLabel("并入到");
  const confirm = worker.getByLabel(/确认合并：合并后不能撤销/);
  const submit = worker.getByRole("button", { name: "合并", exact: true });

  // not confirmed: refused, the box is marked, the choice and the reason stay
  await fromSelect.selectOption(fromId);
  await intoSelect.selectOption(fromId);
  await worker.getByLabel("合并理由").fill("与另一条重复");
  await submit.click();
  await expect(worker.getByText("请勾选确认：合并不能撤销。")).toBeVisible();
  await expect(confirm).toHaveAttribute("aria-invalid", "true");
  await expect(fromSelect).toHaveValue(fromId);
  await expect(intoSelect).toHaveValue(fromId);
  await expect(worker.getByLabel("合并理由")).toHaveValue("与另一条重复");

  // into itself: the target is marked, nothing merged
  await confirm.check();
  await submit.click();
  await expect(worker.getByRole("alert")).toHaveText("不能把需求合并到它自己。");
  await expect(intoSelect).toHaveAttribute("aria-invalid", "true");
  await expect(fromSelect).not.toHaveAttribute("aria-invalid", "true");
  await expect(fromSelect).toHaveValue(fromId);
  await expectAccessible(worker);

  // confirmed and right: done, said here, and the form is empty again
  await intoSelect.selectOption(intoId);
  if (!js) await confirm.check();
  await submit.click();
  await expect(worker.getByRole("status").filter({ hasText: "需求已合并。" })).toBeVisible();
  await expect(worker.getByRole("alert")).toHaveCount(0);
  await expect(fromSelect).toHaveValue("");
  await expect(intoSelect).toHaveValue("");
  await expect(worker.getByLabel("合并理由")).toHaveValue("");
  await expect(confirm).not.toBeChecked();
  await expect(fromSelect.locator(`option[value="${fromId}"]`)).toHaveCount(0);

  // a refusal right after: the error alone
  await submit.click();
  await expect(worker.getByRole("alert")).toBeVisible();
  await expect(fromSelect).toHaveAttribute("aria-invalid", "true");
  await expect(worker.getByText("需求已合并。")).toHaveCount(0);
});
