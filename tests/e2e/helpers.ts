import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Browser, type Page } from "@playwright/test";
import Database from "better-sqlite3";
import { readFileSync } from "node:fs";
import path from "node:path";

export const DEMO_PASSWORD = "diancai2026";

/** A fresh browser context signed in as a demo account, in the project's settings (JS on or off). */
export async function signedIn(
  browser: Browser,
  username: string,
  password = DEMO_PASSWORD,
): Promise<Page> {
  const { baseURL, javaScriptEnabled, locale, viewport, userAgent, isMobile, hasTouch } =
    test.info().project.use;
  const context = await browser.newContext({
    baseURL,
    javaScriptEnabled,
    locale,
    viewport,
    userAgent,
    isMobile,
    hasTouch,
  });
  const page = await context.newPage();
  await page.goto("/sign-in");
  await page.getByLabel("用户名").fill(username);
  await page.getByLabel("密码").fill(password);
  await page.getByRole("button", { name: "登录" }).click();
  await expect(page.getByRole("button", { name: /^退出（/ })).toBeVisible();
  return page;
}

/** axe-core on the current page: no serious or critical violation (only where scripts may run). */
export async function expectAccessible(page: Page) {
  if (test.info().project.use.javaScriptEnabled === false) return;
  const result = await new AxeBuilder({ page })
    .withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"])
    .analyze();
  const bad = result.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  expect(
    bad.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`),
    page.url(),
  ).toEqual([]);
}

/** The throw-away database the e2e server uses; tests write to it only to let time pass. */
export function e2eDb() {
  return new Database(path.join(process.env.E2E_DIR!, "e2e.db"));
}

/**
 * The owner's second factor for a flat (issue 18): the last 4 of the registered owner's ID number,
 * as the owner would read it off their own card. `address` is building, unit and room: 3号楼1单元302.
 */
export function ownerFactorOf(compound: string, address: string): string {
  const db = e2eDb();
  const row = db
    .prepare(
      `SELECT o."idTail" FROM "Owner" o
         JOIN "Ownership" s ON s."ownerId" = o."id"
         JOIN "Household" h ON h."id" = s."householdId"
         JOIN "Unit" u ON u."id" = h."unitId"
         JOIN "Building" b ON b."id" = u."buildingId"
         JOIN "Compound" cp ON cp."id" = b."compoundId"
       WHERE cp."name" = ? AND b."name" || u."name" || h."room" = ? AND o."idTail" IS NOT NULL
       ORDER BY o."id" LIMIT 1`,
    )
    .get(compound, address) as { idTail: string } | undefined;
  db.close();
  if (!row) throw new Error(`no recorded owner for ${compound} ${address}`);
  return row.idTail;
}

/** The owner's code the demo SMS gateway wrote to data/sms.log for a flat (the newest one). */
export function ownerCodeFor(address: string): string {
  const lines = readFileSync(path.join(process.env.E2E_DIR!, "data", "sms.log"), "utf8")
    .trim()
    .split("\n")
    .map((l) => JSON.parse(l) as { to: string; text: string });
  const sent = lines.reverse().find((l) => l.text.includes(address) && l.text.includes("业主"));
  if (!sent) throw new Error(`no owner's code was sent for ${address}`);
  return /(\d{6})/.exec(sent.text)![1];
}

/** On /me after the owner's first step: type the code sent to the owner's phone. */
export async function confirmOwnerCode(page: Page, address: string) {
  await page.getByLabel("短信验证码（6位数字）").fill(ownerCodeFor(address));
  await page.getByRole("button", { name: "确认我是业主" }).click();
  await expect(page.getByRole("status")).toHaveText("已确认您是这一户的业主，可以为本户评分。");
}

export const isoDay = (daysFromNow: number) =>
  new Date(Date.now() + daysFromNow * 86_400_000).toISOString().slice(0, 10);

/** Open the header's 菜单 (a <details>: it opens with and without JavaScript). */
export async function openMenu(page: Page) {
  await page.getByRole("banner").getByText("菜单", { exact: true }).click();
}

/** A lifecycle step's form on the round's manage page (headed by the step's name). */
export function transitionForm(page: Page, name: string) {
  return page.locator("form").filter({ has: page.getByRole("heading", { name, exact: true }) });
}

/** Press a lifecycle step on the round's manage page. */
export async function transition(page: Page, name: string, confirm = false) {
  const form = transitionForm(page, name);
  if (confirm) await form.getByLabel("我已核对，确认执行（不可撤销）").check();
  await form.getByRole("button", { name }).click();
}

/** A neighbour registers with the code printed on her letter, in the project's settings; signed in afterwards. */
export async function joinWithCode(browser: Browser, code: string, username: string, name: string) {
  const { baseURL, javaScriptEnabled } = test.info().project.use;
  const context = await browser.newContext({ baseURL, javaScriptEnabled, locale: "zh-CN" });
  const page = await context.newPage();
  await page.goto(`/join?code=${code}`);
  await page.getByLabel("用户名").fill(username);
  await page.getByLabel("称呼").fill(name);
  await page.getByLabel("密码", { exact: true }).fill("neighbour-pass");
  await page.getByRole("button", { name: "注册并绑定" }).click();
  await expect(page.getByRole("status")).toHaveText("绑定成功。");
  return page;
}

/** An unused code of a household nobody has bound yet, in `compound` and the unit `unit` of `building` (any unit when omitted). */
export function freshCode(compound: string, building: string, unit?: string) {
  const db = e2eDb();
  const row = db
    .prepare(
      `SELECT c.code FROM "HouseholdCode" c
         JOIN "Household" h ON h.id = c.householdId
         JOIN "Unit" u ON u.id = h.unitId
         JOIN "Building" b ON b.id = u.buildingId
         JOIN "Compound" k ON k.id = b.compoundId
       WHERE k.name = ? AND b.name = ? AND (? IS NULL OR u.name = ?)
         AND c.usedAt IS NULL AND c.revokedAt IS NULL
         AND NOT EXISTS (SELECT 1 FROM "Membership" m WHERE m.householdId = h.id)
       ORDER BY h.id LIMIT 1`,
    )
    .get(compound, building, unit ?? null, unit ?? null) as { code: string };
  db.close();
  return row.code;
}

/** On the new-round form: a round of one unit of 乐园小区 with deadlines 10, 20 and 30 days ahead, created as a draft. */
export async function createUnitRound(office: Page, title: string, unit: string) {
  await office.getByLabel("轮次名称").fill(title);
  await office.getByLabel("乐园小区", { exact: true }).check();
  await office.getByLabel("部分单元").check();
  await office
    .getByRole("group", { name: "乐园小区的楼栋和单元" })
    .getByLabel(unit, { exact: true })
    .check();
  await office.getByLabel("点菜截止").fill(isoDay(10));
  await office.getByLabel("方案截止").fill(isoDay(20));
  await office.getByLabel("评议截止").fill(isoDay(30));
  await office.getByRole("button", { name: "创建（草案）" }).click();
  await expect(office.getByRole("status")).toHaveText("轮次已创建（草案）。");
  return office.url().replace(/\/manage$/, "");
}

/** On the participation page while ordering: propose a need about the stairwell (楼道). */
export async function proposeNeed(resident: Page, title: string, description: string) {
  await resident.getByLabel("需求类别").selectOption({ label: "楼道" });
  await resident.getByLabel("需求标题").fill(title);
  await resident.getByLabel("具体说明").fill(description);
  await resident.getByRole("button", { name: "下一步：核对并查看相似需求" }).click();
  await resident.getByRole("button", { name: "确认发布需求" }).click();
  await expect(resident.getByRole("status")).toHaveText("需求已提交，邻居现在可以支持它。");
}

/** The worker (on the round's work page) freezes the menu; the street office opens cooking. */
export async function freezeMenuThenCook(worker: Page, office: Page, roundUrl: string) {
  await worker.getByLabel("确认冻结（冻结后不能再提出或支持需求）").check();
  await worker.getByRole("button", { name: "冻结菜单" }).click();
  await expect(worker.getByRole("status")).toHaveText("需求菜单已冻结。");
  await office.goto(`${roundUrl}/manage`);
  await transition(office, "开始专家炒菜", true);
  await expect(office.getByRole("status")).toHaveText("已开始专家炒菜。");
}
