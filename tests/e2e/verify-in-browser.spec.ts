import { expect, test, type Page } from "@playwright/test";
import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { e2eDb, expectAccessible } from "./helpers";

// The 核验 page recomputes a closed round's tally in the browser from the round's own exports and
// says MATCH or MISMATCH per figure; `npm run verify-round` on the same files must agree, on every
// closed demo round and on a tampered file. Without JavaScript it points to the command.
const closedRounds = () => {
  const db = e2eDb();
  const rows = db
    .prepare(`SELECT id FROM "Round" WHERE tallyJson IS NOT NULL ORDER BY id`)
    .all() as { id: number }[];
  db.close();
  return rows.map((r) => r.id);
};

function verifyRound(dir: string, csv: string, rules: string) {
  writeFileSync(path.join(dir, "ballots.csv"), csv);
  writeFileSync(path.join(dir, "rules.json"), rules);
  return spawnSync(
    "npx",
    ["tsx", "scripts/verify-round.ts", path.join(dir, "ballots.csv"), path.join(dir, "rules.json")],
    { encoding: "utf8" },
  );
}

const resultRows = (page: Page) =>
  page.getByRole("table", { name: "公示数字与重新计票结果对照" }).getByRole("row");

test("the browser recount matches verify-round on every closed demo round, and both catch a tampered ballot", async ({
  page,
  request,
}) => {
  const rounds = closedRounds();
  expect(rounds.length).toBeGreaterThanOrEqual(2);
  if (test.info().project.use.javaScriptEnabled === false) {
    await page.goto(`/rounds/${rounds[0]}/verify`);
    await expect(page.getByText("在浏览器中核验需要开启 JavaScript")).toBeVisible();
    await expect(page.getByText("npm run verify-round -- ballots.csv rules.json")).toBeVisible();
    await expect(page.getByRole("link", { name: "ballots.csv" })).toHaveAttribute(
      "href",
      `/rounds/${rounds[0]}/export/ballots.csv`,
    );
    await expect(page.getByRole("button", { name: "核验所选文件" })).toHaveCount(0);
    return;
  }
  test.setTimeout(180_000);
  const dir = mkdtempSync(path.join(tmpdir(), "diancai-verify-"));
  for (const id of rounds) {
    await page.goto(`/rounds/${id}/notice`);
    await page.getByRole("link", { name: "在浏览器中核验计票" }).click();
    await expect(page).toHaveURL(`/rounds/${id}/verify`);
    await expect(page.getByRole("status")).toContainText("MATCH");
    await expect(page.getByRole("status")).toContainText("重新计票的每一项都与公示一致");
    const rows = resultRows(page);
    // header, five round figures, five per option, the winner
    expect(await rows.count()).toBeGreaterThanOrEqual(1 + 5 + 5 + 1);
    await expect(rows.filter({ hasText: "MISMATCH" })).toHaveCount(0);
    const csv = await (await request.get(`/rounds/${id}/export/ballots.csv`)).text();
    const rules = await (await request.get(`/rounds/${id}/export/rules.json`)).text();
    const cli = verifyRound(dir, csv, rules);
    expect(cli.stdout, `round ${id}: ${cli.stderr}`).toMatch(/^MATCH: /m);
    expect(cli.status).toBe(0);
  }
  await expectAccessible(page);

  // one 5 turned into a 1 on option A, checked from files chosen on this device
  const id = rounds[0];
  const csv = await (await request.get(`/rounds/${id}/export/ballots.csv`)).text();
  const rules = await (await request.get(`/rounds/${id}/export/rules.json`)).text();
  const lines = csv.split("\n");
  // option A's column: the export has household, head (since heads are counted), area_m2, scores
  const col = lines[0].trim().split(",").indexOf("option_A");
  expect(col).toBeGreaterThan(0);
  const at = lines.findIndex((l, i) => i > 0 && l.split(",")[col] === "5");
  expect(at).toBeGreaterThan(0);
  const cells = lines[at].split(",");
  cells[col] = "1";
  lines[at] = cells.join(",");
  const tampered = lines.join("\n");
  await page.goto(`/rounds/${id}/verify`);
  await expect(page.getByRole("status")).toContainText("MATCH");
  await page.getByLabel("ballots.csv").setInputFiles({
    name: "ballots.csv",
    mimeType: "text/csv",
    buffer: Buffer.from(tampered),
  });
  await page.getByLabel("rules.json").setInputFiles({
    name: "rules.json",
    mimeType: "application/json",
    buffer: Buffer.from(rules),
  });
  await page.getByRole("button", { name: "核验所选文件" }).click();
  await expect(page.getByRole("status")).toContainText("MISMATCH");
  await expect(page.getByRole("status")).toContainText("使用您选择的文件");
  const sum = resultRows(page).filter({ hasText: "方案A · 评分总和" });
  await expect(sum).toContainText("MISMATCH");
  const published = JSON.parse(rules).published.options[0].scoreSum as number;
  await expect(sum.getByRole("cell").nth(1)).toHaveText(String(published - 4));
  const cli = verifyRound(dir, tampered, rules);
  expect(cli.status).toBe(1);
  expect(cli.stdout).toContain(
    `option A score sum: published ${published}, recomputed ${published - 4}`,
  );

  // a file that is not an export: a clear error, no table
  await page.getByLabel("rules.json").setInputFiles({
    name: "rules.json",
    mimeType: "application/json",
    buffer: Buffer.from("{}"),
  });
  await page.getByRole("button", { name: "核验所选文件" }).click();
  await expect(page.getByRole("status")).toContainText("规则文件不是本平台导出的 rules.json");
  await expect(resultRows(page)).toHaveCount(0);
});
