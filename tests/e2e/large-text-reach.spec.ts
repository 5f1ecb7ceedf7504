import { expect, test, type Page } from "@playwright/test";
import { signedIn } from "./helpers";

// Issue 29: 大字版 stands in the header's row (no 菜单 to open first); with it on, the header
// stays one row at 360 px and the option cards on /rounds/2 and the /repairs page stay on the
// screen. With and without JavaScript.

const WIDTH = 360;
const header = (page: Page) => page.getByRole("banner");

/** The header's height, how far the page reaches sideways, and any card past the screen's edge. */
async function layout(page: Page) {
  return page.evaluate((width) => {
    const past = Array.from(document.querySelectorAll("main li, main article"))
      .map((el) => el.getBoundingClientRect())
      .filter((r) => r.width > 0 && r.right > width + 0.5)
      .map((r) => Math.round(r.right));
    return {
      header: document.querySelector("header")!.getBoundingClientRect().height,
      scroll: document.scrollingElement!.scrollWidth,
      past,
    };
  }, WIDTH);
}

for (const who of ["jumin3", "jiedao"]) {
  test(`大字版 is one tap away for ${who}, and keeps the header one row and the cards on a 360 px screen`, async ({
    browser,
  }) => {
    const page = await signedIn(browser, who);
    await page.setViewportSize({ width: WIDTH, height: 740 });
    await page.goto("/rounds/2");
    const size = () => page.evaluate(() => getComputedStyle(document.documentElement).fontSize);
    expect(await size()).toBe("17px");
    const before = await layout(page);
    // visible at once: no menu to open
    const button = header(page).getByRole("button", { name: "大字版" });
    await expect(button).toBeVisible();
    await button.click();
    await expect(button).toHaveAttribute("aria-pressed", "true");
    await expect(page).toHaveURL(/\/rounds\/2$/);
    expect(await size()).toBe("22px");
    for (const path of ["/rounds/2", "/repairs", "/"]) {
      await page.goto(path);
      const l = await layout(page);
      // one row: a 60 px target and the header's padding, no more than 1.5 × the normal header
      expect(l.header, path).toBeLessThanOrEqual(Math.max(76, before.header * 1.5));
      expect(l.scroll, path).toBeLessThanOrEqual(WIDTH);
      expect(l.past, path).toEqual([]);
    }
    await header(page).getByRole("button", { name: "大字版" }).click();
    await expect(button).toHaveAttribute("aria-pressed", "false");
    expect(await size()).toBe("17px");
    await page.context().close();
  });
}
