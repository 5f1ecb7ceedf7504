import { expect, test } from "@playwright/test";
import { readFileSync } from "node:fs";
import { gzipSync } from "node:zlib";
import { DEMO_PASSWORD, signedIn } from "./helpers";

// A page's dictionary is a file of its own that the browser fetches before hydrating and keeps
// (decision 049): the document carries the page's data, not its texts (issue 28's inline target,
// `js_inline_gzip_kb_participate` ≤ 10 kB), and the file is named by its content.

type Texts = Record<string, Record<string, string>>;
const zhCN = JSON.parse(readFileSync("app/i18n/zh-CN.json", "utf8")) as Texts;

const inlineScripts = (html: string) =>
  [...html.matchAll(/<script\b[^>]*>([\s\S]*?)<\/script>/g)].map((m) => m[1]).join("\n");

test("the vote page's document names its dictionary file and carries none of its texts", async ({
  request,
}) => {
  const signIn = await request.get("/sign-in");
  const csrf = /name="csrf" value="([^"]+)"/.exec(await signIn.text())![1];
  const res = await request.post("/sign-in", {
    form: { csrf, username: "jumin", password: DEMO_PASSWORD },
    maxRedirects: 0,
  });
  expect(res.status()).toBe(302);
  const html = await (await request.get("/rounds/2/participate")).text();
  const url = /<link[^>]*href="(\/i18n\/zh-CN\/[0-9a-f]{16}\.json)"[^>]*data-dictionary/.exec(
    html,
  )?.[1];
  expect(url).toBeTruthy();
  // texts the page can show are not in its scripts (they were the most of its inline data)
  const scripts = inlineScripts(html);
  expect(scripts).not.toContain(zhCN.participate.needs);
  expect(scripts).not.toContain(zhCN.errors.proxy_not_valid);
  expect(gzipSync(scripts).length / 1024).toBeLessThanOrEqual(10);

  const file = await request.get(url!);
  expect(file.status()).toBe(200);
  expect(file.headers()["cache-control"]).toBe("public, max-age=31536000, immutable");
  const dictionary = (await file.json()) as Texts;
  expect(dictionary.participate.needs).toBe(zhCN.participate.needs);
  expect(dictionary.nav.skip).toBe(zhCN.nav.skip);
  // only the page's own keys: the administration's texts are another page's
  expect("admin" in dictionary).toBe(false);

  // the English page names another file; a name no page has is not found
  const en = await (await request.get("/language?lng=en&to=/rounds/2/participate")).text();
  expect(en).toMatch(/href="\/i18n\/en\/[0-9a-f]{16}\.json"[^>]*data-dictionary/);
  expect((await request.get("/i18n/zh-CN/0123456789abcdef.json")).status()).toBe(404);
  expect((await request.get(url!.replace("zh-CN", "fr"))).status()).toBe(404);
});

test("a page hydrates with its fetched dictionary, and a link followed gets the next page's", async ({
  browser,
}) => {
  const page = await signedIn(browser, "jumin");
  await page.setViewportSize({ width: 360, height: 740 });
  const errors: string[] = [];
  page.on("console", (m) => {
    // a preload the page's fetch did not use is a warning of the browser's: that would be twice
    if (m.type() === "error" || /preload/i.test(m.text())) errors.push(m.text());
  });
  page.on("pageerror", (e) => errors.push(e.message));
  // every request for a dictionary file (the browser's cache answers some of them)
  const fetched: string[] = [];
  page.on("request", (r) => {
    const { pathname } = new URL(r.url());
    if (pathname.startsWith("/i18n/")) fetched.push(pathname);
  });
  await page.goto("/rounds/2/participate");
  await page.waitForFunction(() => "__reactRouterDataRouter" in window);
  await expect(page.getByRole("heading", { level: 1, name: "参与本轮" })).toBeVisible();
  // a link followed in the browser: the round page's keys arrive before it renders
  await page.locator("main").getByRole("link", { name: /乐园/ }).first().click();
  await expect(page).toHaveURL(/\/rounds\/2$/);
  await expect(page.getByRole("heading", { level: 2, name: "基本信息" })).toBeVisible();
  await expect(page.locator("main")).not.toContainText(/\b(round|participate|nav)\.[a-z_]+\b/);
  await page.goBack();
  await expect(page.getByRole("heading", { level: 1, name: "参与本轮" })).toBeVisible();
  // the two pages' files, and nothing else
  expect(new Set(fetched).size).toBe(2);
  expect(errors).toEqual([]);
});
