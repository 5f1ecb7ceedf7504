import { expect, test, type Page } from "@playwright/test";
import { signedIn } from "./helpers";

// Issue #14 items 14 and 大字版: a compact header on a phone, a menu that opens without JavaScript,
// a remembered large-text switch, and tap targets of at least 44 px on the resident's pages.

test.use({ viewport: { width: 360, height: 740 } });

const header = (page: Page) => page.getByRole("banner");

test("the header is one row on a phone and its menu opens without JavaScript", async ({
  browser,
}) => {
  const page = await signedIn(browser, "jumin");
  await page.setViewportSize({ width: 360, height: 740 });
  await page.goto("/");
  const box = (await header(page).boundingBox())!;
  expect(box.height).toBeLessThanOrEqual(64); // one 44 px row and its padding
  await expect(header(page).getByRole("link", { name: /^消息（\d+）$/ })).toBeVisible();
  await expect(header(page).getByRole("link", { name: "我的" })).toBeHidden();
  await header(page).getByText("菜单").click();
  await header(page).getByRole("link", { name: "我的" }).click();
  await expect(page.getByRole("heading", { name: /我的住户/ })).toBeVisible();
  await page.context().close();
});

// English words are longer than the Chinese ones: 'Diancai', 'Inbox (8)', 'Sign out' and 'Menu'
// must still share one row at 360 px
for (const who of ["jumin", "jiedao", "wuye"])
  test(`in English too the header is one row on a phone (${who})`, async ({ browser }) => {
    const page = await signedIn(browser, who);
    await page.setViewportSize({ width: 360, height: 740 });
    await page.goto("/language?lng=en&to=/");
    await expect(page.locator("html")).toHaveAttribute("lang", "en");
    const box = (await header(page).boundingBox())!;
    expect(box.height).toBeLessThanOrEqual(64);
    // and nothing in it runs past the screen
    const right = await header(page).evaluate((h) =>
      Math.max(
        ...Array.from(h.querySelectorAll("*"))
          .filter((e) => e.checkVisibility())
          .map((e) => e.getBoundingClientRect().right),
      ),
    );
    expect(right).toBeLessThanOrEqual(360);
    // the short switch still says what it does
    await expect(header(page).getByRole("button", { name: /large text/i })).toBeVisible();
    await page.context().close();
  });

test("the home page shows a way in for someone holding a letter", async ({ page }) => {
  await page.goto("/");
  await page.getByRole("link", { name: "用入户码注册" }).click();
  await expect(page).toHaveURL(/\/join$/);
  await expect(page.getByLabel("入户码")).toBeVisible();
});

test("大字版 makes the text larger, is remembered, and switches back", async ({ page }) => {
  await page.goto("/dashboard");
  const size = () => page.evaluate(() => getComputedStyle(document.documentElement).fontSize);
  expect(await size()).toBe("17px");
  // in the header's row itself, not inside 菜单 (issue 29)
  await header(page).getByRole("button", { name: "大字版" }).click();
  await expect(page).toHaveURL(/\/dashboard$/);
  expect(await size()).toBe("22px");
  await page.goto("/");
  expect(await size()).toBe("22px");
  await expect(header(page).getByRole("button", { name: "大字版" })).toHaveAttribute(
    "aria-pressed",
    "true",
  );
  await header(page).getByRole("button", { name: "大字版" }).click();
  expect(await size()).toBe("17px");
});

test("the 大字版 switch refuses a post without the form's token", async ({ request }) => {
  const r = await request.post("/text-size", {
    form: { size: "large", to: "/" },
    maxRedirects: 0,
  });
  expect(r.status()).toBe(403);
  expect(r.headers()["set-cookie"] ?? "").not.toContain("text=");
});

/** Buttons, fields and links standing alone must be at least 44 px tall; links inside a sentence are exempt. */
async function smallTargets(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const small: string[] = [];
    const targets = document.querySelectorAll<HTMLElement>(
      "a[href], button, input:not([type=hidden]), select, textarea, summary",
    );
    for (const el of Array.from(targets)) {
      const r = el.getBoundingClientRect();
      if (r.width === 0 || r.height === 0) continue; // not shown
      const style = getComputedStyle(el);
      if (style.position === "absolute" && r.width <= 1) continue; // visually hidden
      // a radio or checkbox is tapped through its label, which must be tall enough instead
      const target =
        el instanceof HTMLInputElement && (el.type === "radio" || el.type === "checkbox")
          ? (el.closest("label") ?? document.querySelector(`label[for="${el.id}"]`) ?? el)
          : el;
      const box = target.getBoundingClientRect();
      const inSentence =
        el.tagName === "A" &&
        style.display === "inline" &&
        (el.parentElement?.textContent ?? "").trim().length > (el.textContent ?? "").trim().length;
      if (!inSentence && box.height < 43.5)
        small.push(
          `${el.tagName.toLowerCase()} "${(el.textContent ?? "").trim().slice(0, 30)}" ${Math.round(box.height)} px`,
        );
    }
    return small;
  });
}

test("tap targets are at least 44 px on the resident's main pages", async ({ browser }) => {
  test.setTimeout(120_000);
  const page = await signedIn(browser, "jumin");
  await page.setViewportSize({ width: 360, height: 740 });
  const problems: string[] = [];
  for (const path of [
    "/",
    "/me",
    "/inbox",
    "/rounds/2/participate",
    "/rounds/1/participate",
    "/rounds/2",
    "/repairs",
  ]) {
    await page.goto(path);
    problems.push(...(await smallTargets(page)).map((s) => `${path}: ${s}`));
  }
  await page.context().close();
  const anonymous = await browser.newContext({ viewport: { width: 360, height: 740 } });
  const visitor = await anonymous.newPage();
  for (const path of ["/join", "/sign-in"]) {
    await visitor.goto(path);
    problems.push(...(await smallTargets(visitor)).map((s) => `${path}: ${s}`));
  }
  await anonymous.close();
  expect(problems).toEqual([]);
});
