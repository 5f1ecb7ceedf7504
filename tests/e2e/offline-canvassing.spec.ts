import { expect, test, type Page } from "@playwright/test";
import { e2eDb, expectAccessible, signedIn } from "./helpers";

// Door to door without signal (issue 32). A community worker takes a unit of round 2 (in tasting)
// along, loses the signal, records visits and witnessed paper sheets, reloads and closes the page,
// and everything is stored exactly once when the signal returns; a sync cut off midway leaves no
// duplicate; a conflict is shown to the worker and overwrites nothing.
//
// Only in the javascript project (playwright.config.ts leaves it out of no-javascript): working
// offline is a service worker and IndexedDB, which exist only where scripts run. Without scripts
// the worker prints the door list (door-to-door.spec.ts), and /offline says so.

const pending = (page: Page, n: number) =>
  expect(page.getByRole("heading", { name: `未同步（${n}）` })).toBeVisible();

async function openOffline(page: Page) {
  await page.goto("/offline");
  // the page is the phone's once its script has read IndexedDB
  await expect(page.getByRole("heading", { name: "带走一个单元" })).toBeVisible();
}

function doorRows(page: Page) {
  return page.getByRole("table", { name: "按楼栋、单元、楼层排列" }).getByRole("rowheader");
}

async function paperSheet(page: Page, address: string, sheetNo: string) {
  await page.getByRole("button", { name: `录入 ${address} 的纸质选票` }).click();
  await expect(
    page.getByLabel("住户").getByRole("option", { name: address, selected: true }),
  ).toHaveCount(1);
  await page
    .getByLabel(/的评分$/)
    .first()
    .selectOption({ label: "4星" });
  await page.getByLabel("纸质表编号").fill(sheetNo);
  await page.getByLabel("见证人").fill("楼长 李**");
  await page.getByRole("button", { name: "保存纸质选票" }).click();
}

test("offline door to door: 10 visits and 5 paper sheets survive a reload and a closed page, and sync once", async ({
  browser,
}) => {
  test.slow();
  const run = `${Date.now()}`;
  const worker = await signedIn(browser, "shequ");
  const context = worker.context();
  await openOffline(worker);

  // the unit with the most households still to visit
  const units = await worker.getByLabel("楼栋单元").locator("option").allTextContents();
  const most = units
    .map((label) => ({ label, n: Number(/待访(\d+)户/.exec(label)?.[1] ?? 0) }))
    .sort((a, b) => b.n - a.n)[0];
  expect(most.n).toBeGreaterThanOrEqual(7);
  await worker.getByLabel("楼栋单元").selectOption({ label: most.label });
  await worker.getByRole("button", { name: "带走此单元" }).click();
  await expect(worker.locator("#offline-note")).toContainText("已带走");
  await expectAccessible(worker);
  // the service worker controls the page and holds it for a reload without signal
  await worker.waitForFunction(() => navigator.serviceWorker.controller !== null);
  // and no other page: a resident's round page, in the same browser, is the server's alone
  const roundPage = await context.newPage();
  await roundPage.goto("/rounds/2");
  expect(await roundPage.evaluate(() => navigator.serviceWorker.controller)).toBeNull();
  await roundPage.close();
  // what the phone keeps: no phone numbers
  const kept = await worker.evaluate(async () => {
    const req = indexedDB.open("diancai-offline");
    const db = await new Promise<IDBDatabase>((ok) => (req.onsuccess = () => ok(req.result)));
    const all = db.transaction("packs").objectStore("packs").getAll();
    return new Promise<unknown[]>((ok) => (all.onsuccess = () => ok(all.result)));
  });
  expect(JSON.stringify(kept)).not.toMatch(/phone|1[3-9]\d{9}/);

  const addresses = (await doorRows(worker).allTextContents()).slice(0, 7);
  await context.setOffline(true);
  await expect(worker.getByText("当前没有网络")).toBeVisible();

  for (let i = 0; i < 10; i++) {
    const address = addresses[i % addresses.length];
    await worker.getByLabel(`${address} 走访结果`).selectOption({ label: "不在家" });
    await worker.getByLabel(`${address} 备注`).fill(`离线 ${run} 第${i + 1}次`);
    await worker.getByRole("button", { name: `保存 ${address} 的走访结果` }).click();
    await pending(worker, i + 1);
  }
  for (let i = 0; i < 5; i++) {
    await paperSheet(worker, addresses[i], `OFF-${run}-${i}`);
    await pending(worker, 11 + i);
  }

  // a reload without signal, then the page closed and opened again: all 15 are still there
  const reloaded = await worker.reload();
  expect(reloaded?.fromServiceWorker()).toBe(true);
  await pending(worker, 15);
  await worker.close();
  const again = await context.newPage();
  await openOffline(again);
  await pending(again, 15);

  await context.setOffline(false);
  await pending(again, 0);
  await expect(again.locator("#offline-note")).toHaveText("已同步15条。");

  const db = e2eDb();
  const count = (sql: string, ...args: unknown[]) =>
    (db.prepare(sql).get(...args) as { n: number }).n;
  expect(count(`SELECT COUNT(*) AS n FROM "Visit" WHERE "note" LIKE ?`, `离线 ${run} %`)).toBe(10);
  expect(
    count(`SELECT COUNT(*) AS n FROM "PaperSheet" WHERE "sheetNo" LIKE ?`, `OFF-${run}-%`),
  ).toBe(5);
  expect(
    count(
      `SELECT COUNT(*) AS n FROM "Ballot" WHERE "channel" = 'paper' AND "paperSheetNo" LIKE ?`,
      `OFF-${run}-%`,
    ),
  ).toBe(5);
  expect(
    count(
      `SELECT COUNT(*) AS n FROM "AuditLog" WHERE "action" IN ('offline.visit', 'offline.paper')
       AND "after" LIKE ?`,
      `%${run}%`,
    ),
  ).toBe(15);

  // a sync cut off midway: the server stores the first entry, the answer never arrives, the
  // page is killed; opened again, it syncs again and the server answers as the first time
  await context.setOffline(true);
  await paperSheet(again, addresses[5], `KILL-${run}`);
  await pending(again, 1);
  let cut = 0;
  await context.route("**/offline/sync", async (route) => {
    if (route.request().method() !== "POST") return route.continue();
    await route.fetch();
    cut++;
    await route.abort("connectionreset");
  });
  await context.setOffline(false);
  await expect.poll(() => cut).toBe(1);
  await again.close();
  await context.unroute("**/offline/sync");
  expect(count(`SELECT COUNT(*) AS n FROM "PaperSheet" WHERE "sheetNo" = ?`, `KILL-${run}`)).toBe(
    1,
  );
  const third = await context.newPage();
  await openOffline(third);
  await pending(third, 0);
  expect(count(`SELECT COUNT(*) AS n FROM "PaperSheet" WHERE "sheetNo" = ?`, `KILL-${run}`)).toBe(
    1,
  );
  expect(count(`SELECT COUNT(*) AS n FROM "Ballot" WHERE "paperSheetNo" = ?`, `KILL-${run}`)).toBe(
    1,
  );
  expect(
    count(
      `SELECT COUNT(*) AS n FROM "AuditLog" WHERE "action" = 'offline.paper' AND "after" LIKE ?`,
      `%KILL-${run}%`,
    ),
  ).toBe(1);

  // a conflict: a sheet number already used for another household is shown, nothing overwritten
  const before = db
    .prepare(`SELECT "householdId", "score" FROM "Ballot" WHERE "paperSheetNo" = ?`)
    .all(`OFF-${run}-0`);
  await context.setOffline(true);
  await paperSheet(third, addresses[6], `OFF-${run}-0`);
  await context.setOffline(false);
  await expect(third.getByRole("alert")).toContainText(
    `纸质表编号 OFF-${run}-0 已被其他住户使用。`,
  );
  await expect(third.getByRole("alert")).toContainText("请核对纸质表上的编号，改正后重新同步。");
  await pending(third, 1);
  expect(
    db
      .prepare(`SELECT "householdId", "score" FROM "Ballot" WHERE "paperSheetNo" = ?`)
      .all(`OFF-${run}-0`),
  ).toEqual(before);
  // settled on the phone: the right number, synced
  await third.getByLabel("改正后的纸质表编号").fill(`OFF-${run}-6`);
  await third.getByRole("button", { name: "改正并重新同步" }).click();
  await pending(third, 0);
  expect(
    count(`SELECT COUNT(*) AS n FROM "PaperSheet" WHERE "sheetNo" LIKE ?`, `OFF-${run}-%`),
  ).toBe(6);
  db.close();

  // signing out erases the phone's offline data
  await third.getByRole("button", { name: /^退出（/ }).click();
  await expect(third.getByRole("link", { name: "登录" }).first()).toBeVisible();
  const left = await third.evaluate(async () => ({
    dbs: (await indexedDB.databases()).map((d) => d.name),
    caches: await caches.keys(),
  }));
  expect(left).toEqual({ dbs: [], caches: [] });
});

test("a lost phone: the street office revokes it, its entries are refused and it erases them", async ({
  browser,
}) => {
  test.slow();
  const worker = await signedIn(browser, "shequ");
  const context = worker.context();
  await openOffline(worker);
  await worker.getByRole("button", { name: "带走此单元" }).click();
  await expect(worker.locator("#offline-note")).toContainText("已带走");
  const phone = await worker.evaluate(async () => {
    const req = indexedDB.open("diancai-offline");
    const db = await new Promise<IDBDatabase>((ok) => (req.onsuccess = () => ok(req.result)));
    const get = db.transaction("meta").objectStore("meta").get("deviceId");
    return new Promise<string>((ok) => (get.onsuccess = () => ok(get.result as string)));
  });
  const address = (await doorRows(worker).first().textContent())!;
  await context.setOffline(true);
  const note = `丢失前 ${Date.now()}`;
  await worker.getByLabel(`${address} 备注`).fill(note);
  await worker.getByRole("button", { name: `保存 ${address} 的走访结果` }).click();
  await pending(worker, 1);

  const office = await signedIn(browser, "jiedao");
  await office.goto("/rounds/2/doors");
  await office.getByRole("link", { name: "离线扫楼的手机" }).click();
  await office
    .getByRole("button", { name: new RegExp(`^停用 .+ 的手机 ${phone.slice(0, 8)}$`) })
    .click();
  await expect(office.getByRole("status")).toHaveText("手机已停用，它发来的记录将被拒绝。");

  await context.setOffline(false);
  await expect(worker.locator("#offline-note")).toHaveText(/此手机已被街道办停用/);
  await pending(worker, 0);
  const db = e2eDb();
  expect(db.prepare(`SELECT COUNT(*) AS n FROM "Visit" WHERE "note" = ?`).get(note)).toEqual({
    n: 0,
  });
  db.close();
});
