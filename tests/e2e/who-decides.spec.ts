import { expect, test, type Browser, type Page } from "@playwright/test";
import { confirmOwnerCode, e2eDb, ownerFactorOf, signedIn } from "./helpers";

// Who decides, item 2 (issue 26; docs/decisions/039), at 360 px with and without JavaScript: a
// head's ballot that is someone else's act is shown — how and when it was cast — and replaced only
// on confirmation; a proxy cannot override the owner; the worker whose paper sheet an online
// ballot replaced is told. Each test takes flats of 乐园小区 8号楼 nobody has bound or voted for.

const PHONE = { width: 360, height: 740 };
const ROUND = 2; // 乐园小区快递柜与充电桩补充改造, being voted on
// a 1×1 PNG: the photo of a signed authorisation form
const PNG = Buffer.from(
  "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==",
  "base64",
);

type Flat = { id: number; address: string; code: string };

/** A flat of 8号楼 with one owner of record who owns nothing else, unbound, with no ballot yet. */
function untouchedFlat(): Flat {
  const db = e2eDb();
  const row = db
    .prepare(
      `SELECT h.id, b.name || u.name || h.room AS address, c.code FROM "Household" h
         JOIN "Unit" u ON u.id = h.unitId JOIN "Building" b ON b.id = u.buildingId
         JOIN "HouseholdCode" c ON c.householdId = h.id AND c.usedAt IS NULL AND c.revokedAt IS NULL
       WHERE b.compoundId = 1 AND b.name = '8号楼'
         AND NOT EXISTS (SELECT 1 FROM "Membership" m WHERE m.householdId = h.id)
         AND NOT EXISTS (SELECT 1 FROM "Ballot" x WHERE x.roundId = ? AND x.householdId = h.id)
         AND (SELECT count(*) FROM "Ownership" s WHERE s.householdId = h.id) = 1
         AND NOT EXISTS (SELECT 1 FROM "Ownership" s JOIN "Ownership" t
                         ON t.ownerId = s.ownerId AND t.householdId <> s.householdId
                         WHERE s.householdId = h.id)
       ORDER BY h.id LIMIT 1`,
    )
    .get(ROUND) as Flat;
  db.close();
  return row;
}

/** A new code for a flat, as the community worker issues it for another member of the family. */
async function issueCode(worker: Page, flat: Flat) {
  await worker.goto(`/households/${flat.id}/edit`);
  await worker.getByRole("button", { name: "补发一个入户码" }).click();
  await expect(worker.getByRole("status")).toHaveText(/已补发入户码/);
  const db = e2eDb();
  const row = db
    .prepare(
      `SELECT code FROM "HouseholdCode" WHERE householdId = ? AND usedAt IS NULL
         AND revokedAt IS NULL ORDER BY id DESC LIMIT 1`,
    )
    .get(flat.id) as { code: string };
  db.close();
  return row.code;
}

/** Someone registers with a flat's letter code at 360 px; as its owner when `owner` is set (the
 * last 4 of the owner's ID, then the code sent to the owner's phone). */
async function joins(browser: Browser, code: string, flat: Flat, who: string, owner = true) {
  const { baseURL, javaScriptEnabled } = test.info().project.use;
  const context = await browser.newContext({
    baseURL,
    javaScriptEnabled,
    viewport: PHONE,
    locale: "zh-CN",
  });
  const page = await context.newPage();
  const username = `${who}${test.info().project.name === "javascript" ? "j" : "n"}${flat.id}`;
  await page.goto(`/join?code=${code}`);
  await page.getByLabel("用户名").fill(username);
  await page.getByLabel("称呼").fill(who);
  await page.getByLabel("密码", { exact: true }).fill("neighbour-pass");
  if (owner)
    await page
      .getByLabel("业主第一步：产权证号或身份证号后4位")
      .fill(ownerFactorOf("乐园小区", flat.address));
  await page.getByRole("button", { name: "注册并绑定" }).click();
  await expect(page).toHaveURL(/\/me/);
  if (owner) await confirmOwnerCode(page, flat.address);
  return { page, username };
}

/** Score every option of the round with `stars` and submit. */
async function score(page: Page, flat: Flat, stars: number) {
  await page.goto(`/rounds/${ROUND}/participate`);
  const ballot = page
    .getByRole("region", { name: new RegExp(`^${flat.address}`) })
    .getByRole("form", { name: "方案评分" });
  for (const option of ["A", "B"])
    await ballot
      .getByRole("group", { name: new RegExp(`为方案 ${option} `) })
      .getByLabel(`${stars}星`)
      .check();
  await ballot.getByRole("button", { name: /提交评分|修改评分/ }).click();
  return ballot;
}

const saved = (page: Page) =>
  expect(page.getByRole("status")).toHaveText("评分已保存。截止前可以修改。");

function stored(flat: Flat) {
  const db = e2eDb();
  const rows = db
    .prepare(
      `SELECT b.score, b.channel, a.username FROM "Ballot" b JOIN "Account" a ON a.id = b.castById
       WHERE b.roundId = ? AND b.householdId = ? ORDER BY b.optionId`,
    )
    .all(ROUND, flat.id) as { score: number; channel: string; username: string }[];
  db.close();
  return rows.map((r) => `${r.score} ${r.channel} ${r.username}`);
}

test("a co-owner replacing the other's ballot is shown it and asked to confirm; the other owner is told", async ({
  browser,
}) => {
  test.setTimeout(120_000);
  const flat = untouchedFlat();
  const husband = await joins(browser, flat.code, flat, "丈夫");
  const worker = await signedIn(browser, "shequ");
  const wife = await joins(browser, await issueCode(worker, flat), flat, "妻子");

  await score(husband.page, flat, 2);
  await saved(husband.page);

  // the wife scores too: the husband's ballot is shown (online, when) and nothing is replaced yet
  const ballot = await score(wife.page, flat, 5);
  const confirm = ballot.getByRole("group", { name: "要替换这一户已有的选票吗？" });
  await expect(confirm).toContainText(/这一户已有一张选票：网上投票，\d{4}.*投出/);
  expect(stored(flat)).toEqual([`2 online ${husband.username}`, `2 online ${husband.username}`]);
  // what she picked is still picked; confirming replaces the ballot
  await expect(ballot.getByRole("group", { name: /为方案 A / }).getByLabel("5星")).toBeChecked();
  await confirm.getByRole("button", { name: "确认替换" }).click();
  await saved(wife.page);
  expect(stored(flat)).toEqual([`5 online ${wife.username}`, `5 online ${wife.username}`]);

  // the husband reads in his messages that the household's ballot was replaced
  await husband.page.goto("/inbox");
  await expect(husband.page.getByText(/您家（同一业主户）的选票已被.*替换/)).toBeVisible();
});

test("a proxy cannot override the owner's own ballot", async ({ browser }) => {
  test.setTimeout(120_000);
  const flat = untouchedFlat();
  const owner = await joins(browser, flat.code, flat, "业主");
  // the proxy has an account of their own (a neighbour, bound to another flat as its occupant)
  const home = untouchedFlat();
  const proxy = await joins(browser, home.code, home, "受托", false);
  const worker = await signedIn(browser, "shequ");
  await worker.goto(`/rounds/${ROUND}/proxies`);
  const value = await worker
    .locator("#flatOwner option")
    .filter({ hasText: new RegExp(`^${flat.address} · `) })
    .getAttribute("value");
  await worker.getByLabel("房屋与委托的业主").selectOption(value!);
  await worker.getByLabel("受托人姓名（与委托书一致）").fill("受托");
  await worker.getByLabel("受托人的用户名").fill(proxy.username);
  await worker.getByLabel("签字委托书照片").setInputFiles({
    name: "form.png",
    mimeType: "image/png",
    buffer: PNG,
  });
  await worker.getByRole("button", { name: "登记委托" }).click();
  await expect(worker.getByRole("status")).toHaveText("委托已登记。");

  await score(owner.page, flat, 4);
  await saved(owner.page);
  const ballot = await score(proxy.page, flat, 1);
  await expect(ballot.getByRole("alert")).toHaveText(
    "业主本人已为这一户投票，受托人不能替换业主本人的选票。",
  );
  // no confirmation is offered: nothing the proxy can press replaces the owner's ballot
  await expect(ballot.getByRole("button", { name: "确认替换" })).toHaveCount(0);
  expect(stored(flat)).toEqual([`4 online ${owner.username}`, `4 online ${owner.username}`]);
});

test("a worker is asked before a sheet replaces an online ballot, and sees when an online ballot replaced a sheet", async ({
  browser,
}) => {
  test.setTimeout(120_000);
  const worker = await signedIn(browser, "shequ");
  await worker.setViewportSize(PHONE);
  const sheetNo = (n: number) => `WD-${test.info().project.name}-${n}`;
  const enter = async (flat: Flat, n: number, reason?: string) => {
    await worker.goto(`/rounds/${ROUND}/work?household=${flat.id}`);
    const form = worker.locator("#paper");
    await form.getByLabel(/方案 A/).selectOption({ label: "2星" });
    await form.getByLabel(/方案 B/).selectOption({ label: "2星" });
    await form.getByLabel("纸质表编号").fill(sheetNo(n));
    await form.getByLabel("见证人").fill("王五");
    if (reason) {
      if (!(await form.getByLabel("替换已有选票的理由").isVisible()))
        await form.getByText(/替换这一户已有的选票/).click();
      await form.getByLabel("替换已有选票的理由").fill(reason);
    }
    await form.getByRole("button", { name: "录入", exact: true }).click();
    return form;
  };

  // a sheet over the owner's online ballot: the worker is shown it (online, when) and gives a reason
  const online = untouchedFlat();
  const owner = await joins(browser, online.code, online, "网上");
  await score(owner.page, online, 5);
  await saved(owner.page);
  const form = await enter(online, 1);
  await expect(form.getByRole("alert")).toContainText(/这一户已有一张选票：网上投票，\d{4}.*投出/);
  expect(stored(online)).toEqual([`5 online ${owner.username}`, `5 online ${owner.username}`]);
  await enter(online, 1, "业主本人到场，要求以纸质票为准");
  await expect(worker.getByRole("status")).toHaveText("纸质选票已录入。");
  expect(stored(online)).toEqual(["2 paper shequ", "2 paper shequ"]);

  // the owner, online over that witnessed sheet: shown it as a paper sheet, confirms
  const ballot = await score(owner.page, online, 4);
  const confirm = ballot.getByRole("group", { name: "要替换这一户已有的选票吗？" });
  await expect(confirm).toContainText("纸质选票");
  await confirm.getByRole("button", { name: "确认替换" }).click();
  await saved(owner.page);
  expect(stored(online)).toEqual([`4 online ${owner.username}`, `4 online ${owner.username}`]);

  // the worker who entered the sheet sees it in their messages
  await worker.goto("/messages");
  await expect(
    worker.getByText(`第 ${ROUND} 轮：您录入的一张纸质选票已被业主的网上选票替换`).first(),
  ).toBeVisible();
});
