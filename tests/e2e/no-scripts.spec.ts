import { expect, test } from "@playwright/test";
import { e2eDb, signedIn } from "./helpers";

// Pages that need no script ship none (issue #15): home, compound, dashboard, notice and receipts
// are plain HTML — no module, no inline script, no preload — and their forms and links still work.
// Pages that need scripts (the vote page, sign-in) keep them.

function adoptedRound() {
  const db = e2eDb();
  const r = db
    .prepare(`SELECT id, tallyJson FROM "Round" WHERE phase = 'CONSTRUCTION' ORDER BY id LIMIT 1`)
    .get() as { id: number; tallyJson: string };
  db.close();
  return {
    id: r.id,
    code: (JSON.parse(r.tallyJson) as { receiptCodes: string[] }).receiptCodes[0],
  };
}

// the dashboard offers the last four years up to this one (in China)
const thisYear = String(new Date(Date.now() + 8 * 3_600_000).getUTCFullYear());

const scriptless = (round: number) => [
  "/",
  "/compounds/1",
  "/dashboard",
  `/dashboard?year=${thisYear}`,
  `/rounds/${round}/notice`,
  `/rounds/${round}/receipts`,
];

test("scriptless pages are served without any script; others keep theirs", async ({ request }) => {
  const round = adoptedRound();
  for (const path of scriptless(round.id)) {
    const res = await request.get(path);
    expect(res.status(), path).toBe(200);
    // the notice's one script is 读给我听's own small file, no module (decision 040)
    const html = (await res.text()).replace(
      /<script src="\/read-aloud\.js" defer=""( nonce="[^"]*")?><\/script>/,
      "",
    );
    expect(html, path).not.toMatch(/<script\b/i);
    expect(html, path).not.toContain("modulepreload");
    expect(html, path).not.toContain("/assets/");
    expect(html, path).toContain("/app.css");
  }
  const signIn = await (await request.get("/sign-in")).text();
  expect(signIn).toMatch(/<script\b/);
  expect(signIn).toContain("modulepreload");
});

test("a signed-in resident uses the scriptless pages: filters, receipt check, links, sign-out", async ({
  browser,
}) => {
  const round = adoptedRound();
  const page = await signedIn(browser, "jumin");
  await page.goto("/");
  await expect(page.locator("script")).toHaveCount(0);
  await expect(page.getByRole("button", { name: /退出/ })).toBeVisible();

  // the dashboard's filter is a GET form
  await page.goto("/dashboard");
  await expect(page.locator("script")).toHaveCount(0);
  await page.getByLabel("年份").selectOption(thisYear);
  await page.getByRole("button", { name: "筛选" }).click();
  await expect(page).toHaveURL(new RegExp(`year=${thisYear}`));
  await expect(page.getByLabel("年份")).toHaveValue(thisYear);

  // the receipt check is a GET form too
  await page.goto(`/rounds/${round.id}/receipts`);
  await expect(page.locator("script")).toHaveCount(0);
  await page.getByLabel(/回执码/).fill(round.code);
  await page.getByRole("button", { name: "核对" }).click();
  await expect(page.getByRole("status")).toContainText(round.code);
  await expect(page.getByRole("status")).toContainText("已计入");

  // from a scriptless page to one that needs scripts: they load there (when JavaScript is on)
  await page.goto(`/rounds/${round.id}/notice`);
  await expect(page.locator("script:not([src='/read-aloud.js'])")).toHaveCount(0);
  // read from the page as served: once hydrated, React Router's client render drops the module
  // script from the DOM (it is in the DOM only until then, a race a fast hydration loses)
  const served = await page.goto("/rounds/2/participate");
  expect(await served!.text()).toMatch(/<script[^>]*type="module"/);

  // signing out is a POST form in the header of a scriptless page
  await page.goto("/");
  await page.getByRole("button", { name: /退出/ }).click();
  await expect(page.getByRole("link", { name: "登录" })).toBeVisible();
});
