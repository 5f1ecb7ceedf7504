import { expect, test, type Page } from "@playwright/test";
import { signedIn } from "./helpers";

// Issue 14: each role sees only links it may open. For a visitor and every kind of demo account,
// every link in the header (its 菜单 included) and on the home pages (/ and /me) answers 200 when
// that account follows it: nobody is shown a link that answers 403 or 404. The links are read from
// the served HTML, so this runs once (in the JavaScript project, as the other HTTP-level checks).

const ACCOUNTS: (string | null)[] = [
  null, // a visitor
  "jumin", // residents
  "jumin2",
  "jumin3",
  "shequ", // community worker
  "jiedao", // street offices
  "jiedao3",
  "sheji", // experts: design, audit, utilities, construction, supervision
  "shenji",
  "gongshui",
  "gongdian",
  "shigong",
  "jianli",
  "yijian", // the contractor on a construction panel
  "wuye", // property desk and technician
  "weixiu",
  "admin",
];

/** Same-site links in the header and the page's main part, without fragments or downloads. */
async function linksOn(page: Page, path: string): Promise<string[]> {
  const response = await page.goto(path);
  expect(response?.status(), path).toBe(200);
  const hrefs = await page
    .locator("header a[href], main a[href]")
    .evaluateAll((els) =>
      els.filter((e) => !e.hasAttribute("download")).map((e) => e.getAttribute("href") ?? ""),
    );
  return hrefs
    .filter((h) => h.startsWith("/") && !h.startsWith("//"))
    .map((h) => h.split("#")[0])
    .filter((h) => h !== "");
}

test("every link a role is shown in the header and on its home pages opens for that role", async ({
  browser,
}) => {
  test.setTimeout(300_000);
  const refused: string[] = []; // every bad link at once, to fix them all
  for (const account of ACCOUNTS) {
    const page = account
      ? await signedIn(browser, account)
      : await (await browser.newContext({ baseURL: test.info().project.use.baseURL })).newPage();
    const homes = account ? ["/", "/me"] : ["/"];
    const links = new Set<string>();
    for (const home of homes) for (const l of await linksOn(page, home)) links.add(l);
    expect(links.size, `${account}: no links found`).toBeGreaterThan(3);
    for (const link of links) {
      const response = await page.request.get(link);
      if (response.status() !== 200)
        refused.push(`${account ?? "visitor"}: ${link} → ${response.status()}`);
    }
    await page.context().close();
  }
  expect(refused).toEqual([]);
});
