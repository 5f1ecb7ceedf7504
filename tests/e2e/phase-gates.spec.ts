import { expect, test, type Browser } from "@playwright/test";
import { signedIn } from "./helpers";

// Issue 29, officials: a phase gate that is not met says who meets it and links the place where
// they do; a round past its vote links its notice from the manage page; in construction the page
// points to milestones, completion and warranty instead of "no transition".

/** A staff member signed in, on a 360 px phone. */
async function atPhone(browser: Browser, username: string) {
  const page = await signedIn(browser, username);
  await page.setViewportSize({ width: 360, height: 740 });
  return page;
}

test("an unmet gate names who meets it and links their page", async ({ browser }) => {
  // round 9 (东湖小区, 财源街道) is still ordering: its menu is not frozen
  const page = await atPhone(browser, "jiedao");
  await page.goto("/rounds/9/manage");
  const gate = page.getByRole("listitem").filter({ hasText: "需求菜单已冻结" });
  await expect(gate).toContainText("（未满足）");
  await expect(gate).toContainText("由社区工作者完成：");
  await gate.getByRole("link", { name: "社区工作页" }).click();
  await expect(page).toHaveURL(/\/rounds\/9\/work$/);
  await page.context().close();
});

test("in construction the manage page points to milestones, warranty and the notice", async ({
  browser,
}) => {
  const page = await atPhone(browser, "jiedao");
  await page.goto("/rounds/1/manage");
  await expect(page.getByText("当前阶段没有可进行的阶段转换")).toHaveCount(0);
  await expect(page.getByText(/施工阶段没有阶段转换/)).toBeVisible();
  const pointers = page.getByRole("list", { name: "本阶段相关页面" });
  await expect(pointers.getByRole("link", { name: "保修" })).toHaveAttribute(
    "href",
    "/rounds/1/warranty",
  );
  // the community worker records milestones; the street office follows them on the round page
  await pointers.getByRole("link", { name: /施工进度与竣工/ }).click();
  await expect(page).toHaveURL(/\/rounds\/1#progress-heading$/);
  await expect(page.getByRole("heading", { name: "施工进度" })).toBeVisible();
  await page.goto("/rounds/1/manage");
  await page.getByRole("link", { name: "结果公示（可打印）" }).click();
  await expect(page).toHaveURL(/\/rounds\/1\/notice$/);
  await page.context().close();
});

test("a closed round's manage page links its notice", async ({ browser }) => {
  const page = await atPhone(browser, "jiedao2");
  await page.goto("/rounds/7/manage");
  await page
    .getByRole("list", { name: "本阶段相关页面" })
    .getByRole("link", { name: "结果公示（可打印）" })
    .click();
  await expect(page.getByRole("heading", { level: 1 })).toContainText("表决结果的公示");
  await page.context().close();
});
