import { expect, test } from "@playwright/test";
import { signedIn } from "./helpers";

// i18next renders the pages (decision 026): on the server for the first page, and in the browser
// for hydration and for every page after a link is followed there. In both languages the vote
// page renders its texts, hydrates without a mismatch or any error, and the round page reached by
// its link is translated too (rendered by the browser with JavaScript, by the server without).

const LANGUAGES = [
  { lng: "zh-CN", title: "参与本轮", facts: "基本信息" },
  { lng: "en", title: "Take part in this round", facts: "Key facts" },
] as const;

for (const { lng, title, facts } of LANGUAGES) {
  test(`the vote page and the page its link opens read in ${lng}, without an error`, async ({
    browser,
  }) => {
    const page = await signedIn(browser, "jumin");
    const errors: string[] = [];
    page.on("console", (m) => {
      if (m.type() === "error") errors.push(m.text());
    });
    page.on("pageerror", (e) => errors.push(e.message));

    await page.goto(`/language?lng=${lng}&to=/rounds/2/participate`);
    await expect(page.getByRole("heading", { level: 1, name: title })).toBeVisible();
    await expect(page.locator("html")).toHaveAttribute("lang", lng);
    if (test.info().project.use.javaScriptEnabled !== false)
      // hydrated: React Router's router is running in the page
      await page.waitForFunction(() => "__reactRouterDataRouter" in window);

    await page
      .locator("main")
      .getByRole("link", { name: /Leyuan|乐园/ })
      .first()
      .click();
    await expect(page).toHaveURL(/\/rounds\/2$/);
    await expect(page.getByRole("heading", { level: 2, name: facts })).toBeVisible();
    // no key was left untranslated on the way (a missing key renders as itself: "round.facts")
    await expect(page.locator("main")).not.toContainText(/\b(round|participate|nav)\.[a-z_]+\b/);
    expect(errors).toEqual([]);
  });
}

// Each page's browser gets only the keys its route can show (decision 043): after the language is
// switched in the header, a link followed in the browser still finds every text of the page it
// opens, in the new language.
test("switching the language, then following links, reads every page in the new language", async ({
  browser,
}) => {
  const page = await signedIn(browser, "jumin");
  const errors: string[] = [];
  page.on("console", (m) => {
    if (m.type() === "error") errors.push(m.text());
  });
  page.on("pageerror", (e) => errors.push(e.message));
  await page.goto("/language?lng=zh-CN&to=/rounds/2");
  await expect(page.getByRole("heading", { level: 2, name: "基本信息" })).toBeVisible();
  // on a narrow screen the language links are in the header's menu
  const menu = page.locator("details.menu");
  if (!(await page.getByRole("link", { name: "English" }).isVisible()))
    await menu.locator("summary").click();
  await page.getByRole("link", { name: "English" }).click();
  await expect(page.locator("html")).toHaveAttribute("lang", "en");
  await expect(page.getByRole("heading", { level: 2, name: "Key facts" })).toBeVisible();
  if (test.info().project.use.javaScriptEnabled !== false)
    await page.waitForFunction(() => "__reactRouterDataRouter" in window);
  await page
    .getByRole("link", { name: /^Take part/ })
    .first()
    .click();
  await expect(page).toHaveURL(/\/rounds\/2\/participate$/);
  await expect(
    page.getByRole("heading", { level: 1, name: "Take part in this round" }),
  ).toBeVisible();
  await expect(page.locator("body")).not.toContainText(
    /\b(round|participate|nav|ballot|errors|phases|catalogue)\.[a-z_]+\b/,
  );
  expect(errors).toEqual([]);
});
