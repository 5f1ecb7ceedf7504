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
