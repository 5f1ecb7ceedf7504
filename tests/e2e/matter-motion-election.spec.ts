import { expect, test, type Browser, type Page } from "@playwright/test";
import { e2eDb, expectAccessible, isoDay, signedIn, transition } from "./helpers";

// The owners' other decisions (issue 31): a motion (同意/反对/弃权) and an owners' committee
// election, each put to one unit of 乐园小区 (1号楼2单元, 12 heads) so every head can vote: jumin
// online, the community worker on paper for the eleven others. At 360 px, with and without
// JavaScript (the no-javascript project runs the same steps with scripts disabled).

const UNIT = "1号楼2单元";
const ROOMS = ["101", "102", "202", "301", "302", "401", "402", "501", "502", "601", "602"];

async function at360(browser: Browser, username: string) {
  const page = await signedIn(browser, username);
  await page.setViewportSize({ width: 360, height: 780 });
  return page;
}

async function noSidewaysScroll(page: Page) {
  expect(await page.evaluate(() => document.scrollingElement!.scrollWidth)).toBeLessThanOrEqual(
    360,
  );
}

/** The street office fills the new-matter form for 乐园小区's unit and opens voting. */
async function openMatter(office: Page, link: string, fill: () => Promise<void>) {
  await office.goto("/me");
  await office.getByRole("link", { name: link }).click();
  await expectAccessible(office);
  await noSidewaysScroll(office);
  await office.getByLabel("小区", { exact: true }).selectOption({ label: "乐园小区" });
  await office.getByLabel("表决范围").selectOption({ label: `乐园小区 ${UNIT}` });
  await fill();
  await office.getByLabel("投票截止").fill(isoDay(10));
  await office.getByRole("button", { name: "开始投票" }).click();
  await expect(office.getByRole("status")).toHaveText("已开始投票，人数和面积已固定并公布。");
  return office.url();
}

/**
 * With JavaScript: the 核验 page recomputes the closed matter from its own exports (MATCH), and a copy
 * of ballots.csv with one cell changed (column `column`, `from` → `to`) gives MISMATCH on `figure`.
 */
async function verifyInBrowser(
  page: Page,
  roundUrl: string,
  change: { column: string; from: string; to: string; figure: string },
) {
  if (test.info().project.use.javaScriptEnabled === false) return;
  await page.goto(`${roundUrl}/notice`);
  await page.getByRole("link", { name: "在浏览器中核验计票" }).click();
  await expect(page.getByRole("status")).toContainText("重新计票的每一项都与公示一致");
  const csv = await (await page.request.get(`${roundUrl}/export/ballots.csv`)).text();
  const rules = await (await page.request.get(`${roundUrl}/export/rules.json`)).text();
  const lines = csv.split("\n");
  const col = lines[0].trim().split(",").indexOf(change.column);
  const at = lines.findIndex((l, i) => i > 0 && l.trim().split(",")[col] === change.from);
  const cells = lines[at].trim().split(",");
  cells[col] = change.to;
  lines[at] = cells.join(",");
  await page.getByLabel("ballots.csv").setInputFiles({
    name: "ballots.csv",
    mimeType: "text/csv",
    buffer: Buffer.from(lines.join("\n")),
  });
  await page.getByLabel("rules.json").setInputFiles({
    name: "rules.json",
    mimeType: "application/json",
    buffer: Buffer.from(rules),
  });
  await page.getByRole("button", { name: "核验所选文件" }).click();
  await expect(page.getByRole("status")).toContainText("MISMATCH");
  await expect(
    page
      .getByRole("table", { name: "公示数字与重新计票结果对照" })
      .getByRole("row")
      .filter({ hasText: change.figure }),
  ).toContainText("MISMATCH");
}

/** The worker enters one paper sheet: a choice per option, sheet number and witness. */
async function paperSheet(worker: Page, room: string, choices: [RegExp, string][], sheet: string) {
  await worker.getByLabel("住户").selectOption({ label: `${UNIT}${room}` });
  for (const [option, choice] of choices)
    await worker.getByLabel(option).selectOption({ label: choice });
  await worker.getByLabel("纸质表编号").fill(sheet);
  await worker.getByLabel("见证人").fill("楼长 李**");
  await worker.getByRole("button", { name: "录入" }).click();
  await expect(worker.getByRole("status")).toHaveText("纸质选票已录入。");
}

test("a motion is voted, closed, noticed and decided", async ({ browser }) => {
  test.setTimeout(600_000);
  const project = test.info().project.name;
  const title = `选聘物业服务企业 ${project}`;
  const office = await at360(browser, "jiedao");
  const roundUrl = await openMatter(office, "发起业主表决", async () => {
    await office.getByLabel("表决事项（民法典第278条）").selectOption({
      label: "第（4）项：选聘和解聘物业服务企业或者其他管理人",
    });
    await office.getByLabel("标题").fill(title);
    await office
      .getByLabel("表决事项", { exact: true })
      .fill("是否选聘泰山物业，¥0.80/m²/月，3年？");
  });
  await expect(office.getByRole("heading", { level: 1, name: title })).toBeVisible();
  await expect(office.getByText("第（4）项：选聘和解聘物业服务企业或者其他管理人")).toBeVisible();
  await expect(office.getByRole("heading", { name: "投票基数（投票开始时确定）" })).toBeVisible();

  // ---- jumin votes 同意 online; the ballot says how an abstention counts
  const resident = await at360(browser, "jumin");
  await resident.goto(`${roundUrl}/participate`);
  await expectAccessible(resident);
  await noSidewaysScroll(resident);
  await expect(resident.getByText(/弃权计入参与表决的人数和面积，但不计为同意/)).toBeVisible();
  await resident.getByRole("group", { name: "您的选择" }).getByLabel("同意").check();
  await resident.getByRole("button", { name: "提交投票" }).click();
  await expect(resident.getByRole("status")).toHaveText("评分已保存。截止前可以修改。");
  await expect(resident.getByText(/^[2-9A-Z]{4}-[2-9A-Z]{4}-[2-9A-Z]{4}$/)).toBeVisible();

  // ---- the worker enters paper sheets: 8 agree, 1 opposes, 2 abstain
  const worker = await at360(browser, "shequ");
  await worker.goto(`${roundUrl}/work`);
  await expectAccessible(worker);
  for (const [i, room] of ROOMS.entries()) {
    const choice = i < 8 ? "同意" : i === 8 ? "反对" : "弃权";
    await paperSheet(worker, room, [[/方案 M · .* 的评分/, choice]], `M-${project}-${room}`);
  }

  // ---- every head has voted: the street office closes before the deadline
  await office.goto(`${roundUrl}/manage`);
  await transition(office, "结束评议并计票", true);
  await expect(office.getByRole("status")).toHaveText("评议已结束，计票结果已冻结并公示。");

  // ---- the notice: 9 of 12 agree (75 %), the abstentions took part and did not agree
  const notice = resident;
  await notice.goto(`${roundUrl}/notice`);
  await expectAccessible(notice);
  await noSidewaysScroll(notice);
  await expect(notice.getByText("表决通过。")).toBeVisible();
  const agree = notice.locator(".figures > div").filter({ hasText: /^同意/ });
  await expect(agree).toContainText("9/12 (75.00%)");
  const abstain = notice.locator(".figures > div").filter({ hasText: /^弃权/ });
  await expect(abstain).toContainText("2/12");
  // one 同意 read as 反对 in a copy of the exports: the recount differs
  await verifyInBrowser(notice, roundUrl, {
    column: "option_M",
    from: "5",
    to: "1",
    figure: "方案M · 评分总和",
  });

  // ---- the objection period passes (the test moves its end into the past); the office decides
  const db = e2eDb();
  db.prepare('UPDATE "Round" SET objectionEndsAt = ? WHERE id = ?').run(
    Date.now() - 60_000,
    Number(new URL(roundUrl).pathname.split("/").pop()),
  );
  db.close();
  await office.goto(`${roundUrl}/manage`);
  await transition(office, "确定结果（通过/未通过）", true);
  await expect(office.getByRole("status")).toHaveText("结果已确定。");
  await notice.goto(`${roundUrl}/notice`);
  await expect(notice.getByText("异议期已过，街道办已确认：本事项通过。")).toBeVisible();
});

test("an owners' committee election goes from candidates to notice", async ({ browser }) => {
  test.setTimeout(600_000);
  const project = test.info().project.name;
  const title = `第一届业主委员会选举 ${project}`;
  const office = await at360(browser, "jiedao");
  const roundUrl = await openMatter(office, "发起业主委员会选举", async () => {
    await office.getByLabel("标题").fill(title);
    await office.getByLabel("席位数").fill("2");
    await office
      .getByLabel("候选人")
      .fill("王芳：退休教师，愿为大家跑腿。\n李强：做过十年物业管理。\n赵敏：在小区住了三十年。");
  });
  await expect(office.getByText("第（3）项：选举业主委员会或者更换业主委员会成员")).toBeVisible();
  await expect(office.getByText("做过十年物业管理。")).toBeVisible();

  // ---- jumin approves three of three for two seats and is refused; then two
  const resident = await at360(browser, "jumin");
  await resident.goto(`${roundUrl}/participate`);
  await expectAccessible(resident);
  await noSidewaysScroll(resident);
  const ballot = resident.getByRole("group", { name: "您同意的候选人（最多 2 位）" });
  for (const name of ["A · 王芳", "B · 李强", "C · 赵敏"]) await ballot.getByLabel(name).check();
  await resident.getByRole("button", { name: "提交投票" }).click();
  await expect(resident.getByRole("alert")).toHaveText("最多只能选 2 位候选人。");
  await expect(resident.getByText(/^[2-9A-Z]{4}-[2-9A-Z]{4}-[2-9A-Z]{4}$/)).toHaveCount(0);
  await ballot.getByLabel("C · 赵敏").uncheck();
  await resident.getByRole("button", { name: "提交投票" }).click();
  await expect(resident.getByRole("status")).toHaveText("评分已保存。截止前可以修改。");

  // ---- paper sheets: A 8 more, B 6 more, C 4; one head approves nobody
  const worker = await at360(browser, "shequ");
  await worker.goto(`${roundUrl}/work`);
  const sheets: Record<string, string> = {
    "101": "AB",
    "102": "AB",
    "202": "AB",
    "301": "AB",
    "302": "AB",
    "401": "AB",
    "402": "AC",
    "501": "AC",
    "502": "C",
    "601": "C",
    "602": "",
  };
  for (const room of ROOMS)
    await paperSheet(
      worker,
      room,
      (["A · 王芳", "B · 李强", "C · 赵敏"] as const).map((c) => [
        new RegExp(`方案 ${c} 的评分`),
        sheets[room].includes(c[0]) ? "同意该候选人" : "不同意",
      ]),
      `E-${project}-${room}`,
    );

  await office.goto(`${roundUrl}/manage`);
  await transition(office, "结束评议并计票", true);
  await expect(office.getByRole("status")).toHaveText("评议已结束，计票结果已冻结并公示。");

  // ---- the notice: A (9 heads) and B (7) take the two seats; C (4) is not elected
  await resident.goto(`${roundUrl}/notice`);
  await expectAccessible(resident);
  await noSidewaysScroll(resident);
  await expect(resident.getByText("当选业主委员会委员（2/2席）：A · 王芳、B · 李强")).toBeVisible();
  const table = resident.getByRole("table", { name: "候选人得票" });
  await expect(table.getByRole("row", { name: /A · 王芳/ })).toContainText("9/12");
  await expect(table.getByRole("row", { name: /A · 王芳/ })).toContainText("当选，第1席");
  await expect(table.getByRole("row", { name: /C · 赵敏/ })).toContainText("4/12");
  await expect(resident.getByText(/席位规则（投票开始前公布）/)).toBeVisible();
  // one approval of B taken away in a copy of the exports: B has exactly half, and loses its seat
  await verifyInBrowser(resident, roundUrl, {
    column: "option_B",
    from: "5",
    to: "1",
    figure: "当选席位",
  });
});
