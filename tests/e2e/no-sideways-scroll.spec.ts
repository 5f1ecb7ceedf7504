import { expect, test, type Browser, type Page } from "@playwright/test";
import { readFileSync } from "node:fs";
import { DEMO_PASSWORD } from "./helpers";

// Issue #14's done-when: no page scrolls sideways on a 360 px phone, with and without JavaScript.
// The list of pages comes from app/routes.ts, so a new route fails this test until it is listed
// here with the account that may open it (null: anyone) or named as a download/redirect.

const WIDTH = 360;

/** Every route pattern in app/routes.ts ("" is the home page). */
function routePatterns(): string[] {
  const source = readFileSync(new URL("../../app/routes.ts", import.meta.url), "utf8");
  const patterns = [...source.matchAll(/route\(\s*"([^"]+)"/g)].map((m) => m[1]);
  return /index\(/.test(source) ? ["", ...patterns] : patterns;
}

/** Routes that answer with a file or a redirect, not a page: nothing to lay out. */
const NOT_PAGES: Record<string, string> = {
  "rounds/:roundId/export/:file": "a CSV, XLSX or JSON download",
  "rounds/:roundId/doors.csv": "a CSV download",
  "uploads/:name": "a photo",
  "sign-out": "a POST that redirects",
  "i18n/:lang/:file": "a page's dictionary, JSON (decision 049)",
  language: "sets a cookie and redirects",
  "text-size": "a POST that sets a cookie and redirects",
  "repairs/export/:file": "a CSV or XLSX download",
  "rounds/:roundId/proxies/:proxyId/photo": "a photo of a signed proxy form",
  "offline/pack": "JSON for the phone's IndexedDB",
  "offline/sync": "JSON for the phone's sync",
};

type Visit = { as: string | null; path: string };
const anyone = (...paths: string[]): Visit[] => paths.map((path) => ({ as: null, path }));
const as = (account: string, ...paths: string[]): Visit[] =>
  paths.map((path) => ({ as: account, path }));

// The demo's rounds: 1 CONSTRUCTION, 2 TASTING, 3 COOKING, 4 DRAFT, 5 ADOPTED, 6 FAILED,
// 7 CLOSED, 8 and 9 ORDERING; jumin lives in 乐园小区 (rounds 1, 2), jumin2 in 天平花园 2号楼1单元 (7),
// jumin3 in 东湖小区 (9), whose repairs the property desk wuye answers.
const PAGES: Record<string, Visit[]> = {
  "": [...anyone("/"), ...as("jumin", "/"), ...as("shequ", "/"), ...as("sheji", "/")],
  dashboard: anyone("/dashboard"),
  "compounds/:compoundId": anyone("/compounds/1", "/compounds/4"),
  "compounds/:compoundId/households": as("shequ", "/compounds/1/households"),
  "compounds/:compoundId/letters": as("shequ", "/compounds/1/letters"),
  "households/:householdId/edit": as("shequ", "/households/15/edit"),
  "rounds/new": as("jiedao", "/rounds/new"),
  "rounds/new-matter": as("jiedao", "/rounds/new-matter"),
  // 松园小区 (compound 2) has the demo's property service on trial (trial 1); repair-364 is one of
  // its households that answered the monthly question
  "compounds/:compoundId/trial": as("jiedao3", "/compounds/2/trial"),
  "trials/:trialId/satisfaction": as("repair-364", "/trials/1/satisfaction"),
  "rounds/:roundId": anyone(...[1, 2, 3, 5, 6, 7, 8, 9].map((r) => `/rounds/${r}`)),
  "rounds/:roundId/edit": as("jiedao3", "/rounds/4/edit"),
  "rounds/:roundId/participate": [
    ...as("jumin", "/rounds/1/participate", "/rounds/2/participate"),
    ...as("jumin2", "/rounds/7/participate"),
    ...as("jumin3", "/rounds/9/participate"),
  ],
  "rounds/:roundId/notice": anyone("/rounds/1/notice", "/rounds/5/notice", "/rounds/7/notice"),
  "rounds/:roundId/receipts": anyone("/rounds/5/receipts"),
  "rounds/:roundId/verify": anyone("/rounds/5/verify"),
  "rounds/:roundId/needs/:needId": anyone("/rounds/1/needs/1", "/rounds/9/needs/15"),
  "rounds/:roundId/options/:optionId": anyone("/rounds/1/options/1", "/rounds/2/options/3"),
  "rounds/:roundId/options/:optionId/revise": as("sheji", "/rounds/3/options/4/revise"),
  "rounds/:roundId/cook": as("sheji", "/rounds/3/cook"),
  "rounds/:roundId/manage": [
    ...as("jiedao", "/rounds/1/manage", "/rounds/2/manage"),
    ...as("jiedao2", "/rounds/7/manage"),
  ],
  "rounds/:roundId/work": as("shequ", "/rounds/1/work", "/rounds/2/work"),
  "rounds/:roundId/doors": [...as("shequ", "/rounds/2/doors"), ...as("jiedao", "/rounds/2/doors")],
  offline: as("shequ", "/offline"),
  "offline/devices": as("jiedao", "/offline/devices"),
  "rounds/:roundId/snapshot": as("shequ", "/rounds/2/snapshot"),
  "rounds/:roundId/denominators": anyone("/rounds/2/denominators"),
  "rounds/:roundId/proxies": as("shequ", "/rounds/2/proxies"),
  "compounds/:compoundId/register": as("shequ", "/compounds/1/register"),
  reviews: as("shenji", "/reviews"),
  admin: as("admin", "/admin"),
  "sign-in": anyone("/sign-in"),
  join: anyone("/join"),
  reset: anyone("/reset"),
  me: [...as("jumin", "/me"), ...as("shequ", "/me")],
  inbox: as("jumin", "/inbox"),
  messages: as("jiedao", "/messages"),
  "rounds/:roundId/outbox": as("shequ", "/rounds/2/outbox"),
  repairs: as("jumin3", "/repairs"),
  "repairs/staff": as("admin", "/repairs/staff"),
  "repairs/:ticketId": as("jumin3", "/repairs/1"),
  "compounds/:compoundId/repairs": as("wuye", "/compounds/4/repairs"),
  "compounds/:compoundId/repair-service": as("jiedao", "/compounds/4/repair-service"),
  "rounds/:roundId/warranty": as("jiedao", "/rounds/1/warranty"),
};

async function phone(browser: Browser, account: string | null): Promise<Page> {
  const { baseURL, javaScriptEnabled } = test.info().project.use;
  const context = await browser.newContext({
    baseURL,
    javaScriptEnabled,
    locale: "zh-CN",
    viewport: { width: WIDTH, height: 740 },
    isMobile: true,
    hasTouch: true,
  });
  const page = await context.newPage();
  if (account) {
    await page.goto("/sign-in");
    await page.getByLabel("用户名").fill(account);
    await page.getByLabel("密码").fill(DEMO_PASSWORD);
    await page.getByRole("button", { name: "登录" }).click();
    await expect(page).not.toHaveURL(/sign-in/);
  }
  return page;
}

/** How far the page reaches sideways, and the widest element that sticks out (to fix it). */
async function overflow(page: Page) {
  return page.evaluate((width) => {
    const scroll = document.scrollingElement!.scrollWidth;
    let culprit = "";
    if (scroll > width)
      for (const el of Array.from(document.body.querySelectorAll("*"))) {
        const r = el.getBoundingClientRect();
        if (r.right > width + 1 && !el.closest(".table-wrap")) {
          culprit = `${el.tagName.toLowerCase()}.${el.className} (${Math.round(r.right)} px)`;
          break;
        }
      }
    return { scroll, culprit };
  }, WIDTH);
}

/** Tables that scroll sideways inside their own box (.table-wrap): the page does not move, but
 *  a reader must swipe the table to see its columns. Each such table becomes cards at 360 px. */
async function sidewaysTables(page: Page) {
  return page.evaluate(() =>
    Array.from(document.querySelectorAll<HTMLElement>(".table-wrap"))
      .filter((w) => w.scrollWidth > w.clientWidth + 1)
      .map((w) => {
        const table = w.querySelector("table");
        const name =
          table?.getAttribute("aria-label") ??
          table?.querySelector("caption")?.textContent ??
          table?.querySelector("th")?.textContent ??
          "";
        return { name: name.trim().slice(0, 40), width: w.scrollWidth };
      }),
  );
}

test("every route is listed, as a page to check or as a download/redirect", () => {
  const missing = routePatterns().filter((p) => !(p in PAGES) && !(p in NOT_PAGES));
  expect(missing, "add these routes to PAGES or NOT_PAGES").toEqual([]);
  const stale = Object.keys(PAGES).filter((p) => !routePatterns().includes(p));
  expect(stale, "these listed routes no longer exist").toEqual([]);
});

test("no page scrolls sideways at 360 px, nor any table inside its box", async ({ browser }) => {
  test.setTimeout(240_000);
  const visits = routePatterns().flatMap((p) => PAGES[p] ?? []);
  const byAccount = new Map<string | null, string[]>();
  for (const v of visits) byAccount.set(v.as, [...(byAccount.get(v.as) ?? []), v.path]);
  const wide: string[] = []; // every page that failed, to fix them all at once
  for (const [account, paths] of byAccount) {
    const page = await phone(browser, account);
    for (const path of paths) {
      const response = await page.goto(path);
      if (response?.status() !== 200) {
        wide.push(`${path} as ${account ?? "anyone"}: status ${response?.status()}`);
        continue;
      }
      const { scroll, culprit } = await overflow(page);
      if (scroll > WIDTH) wide.push(`${path} as ${account ?? "anyone"}: ${scroll} px, ${culprit}`);
      for (const t of await sidewaysTables(page))
        wide.push(`${path} as ${account ?? "anyone"}: table "${t.name}" ${t.width} px in its box`);
    }
    await page.context().close();
  }
  expect(wide).toEqual([]);
});

test("the notice's results table becomes cards at 360 px: option names read across", async ({
  browser,
}) => {
  const page = await phone(browser, null);
  for (const round of [1, 5, 7]) {
    await page.goto(`/rounds/${round}/notice`);
    const table = page.getByRole("table", { name: "各方案得分与同意情况" });
    const names = table.getByRole("rowheader");
    expect(await names.count()).toBeGreaterThanOrEqual(1);
    for (const name of await names.all()) {
      const { width, charWidth } = await name.evaluate((el) => ({
        width: el.getBoundingClientRect().width,
        charWidth: parseFloat(getComputedStyle(el).fontSize),
      }));
      // a name squeezed into a column wraps one character per line; a card gives it the row
      expect(width, await name.innerText()).toBeGreaterThan(3 * charWidth);
    }
    // each cell says which column it is, and nothing sticks out of the screen
    await expect(table.getByRole("cell").first()).toHaveAttribute("data-label", "事项类别");
    const box = await table.boundingBox();
    expect(box!.x + box!.width).toBeLessThanOrEqual(WIDTH);
  }
  await page.context().close();
});
