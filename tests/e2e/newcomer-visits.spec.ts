import { expect, test } from "@playwright/test";
import Database from "better-sqlite3";
import { expectAccessible, openMenu } from "./helpers";
import path from "node:path";

// A newcomer opens the city's home page, switches to English and back, opens 乐园小区 and signs
// in as the demo resident. Runs with and without JavaScript (see playwright.config.ts).
test("home, language switch, compound page, sign in as a demo resident", async ({ page }) => {
  // the Content-Security-Policy must not block anything the app itself ships
  const blocked: string[] = [];
  page.on("console", (m) => {
    if (/Content Security Policy|Refused to/i.test(m.text())) blocked.push(m.text());
  });
  const res = await page.goto("/");
  expect(res?.headers()["content-security-policy"]).toMatch(/script-src 'self' 'nonce-[^']+'/);
  expect(res?.headers()["x-frame-options"]).toBe("DENY");
  await expectAccessible(page);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("泰安市老旧小区改造");
  await expect(page.locator("html")).toHaveAttribute("lang", "zh-CN");

  await openMenu(page);
  await page.getByRole("link", { name: "English" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(
    "Renovating Tai'an's old compounds",
  );
  await expect(page.locator("html")).toHaveAttribute("lang", "en");
  await expect(page.getByRole("link", { name: "Leyuan Compound" })).toBeVisible();
  await expectAccessible(page);

  await page.getByRole("banner").getByText("Menu", { exact: true }).click();
  await page.getByRole("link", { name: "中文" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("泰安市老旧小区改造");

  await page.getByRole("link", { name: "乐园小区" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("乐园小区");
  await expect(page.getByRole("link", { name: "乐园小区2026年综合改造" })).toBeVisible();
  await expectAccessible(page);

  await page.getByRole("link", { name: "乐园小区2026年综合改造" }).click();
  await expect(page.getByText("幸福食堂（50座）").first()).toBeVisible();
  await expect(page.getByRole("table", { name: "各方案得分与同意情况" })).toBeVisible();
  await expectAccessible(page);

  await page.getByRole("link", { name: "登录" }).click();
  await expect(page.getByRole("heading", { name: "演示账号" })).toBeVisible();
  await expectAccessible(page);
  await page.getByLabel("用户名").fill("jumin");
  await page.getByLabel("密码").fill("wrong-password");
  await page.getByRole("button", { name: "登录" }).click();
  await expect(page.getByRole("alert")).toHaveText("用户名或密码不正确。");

  await page.getByLabel("用户名").fill("jumin");
  await page.getByLabel("密码").fill("diancai2026");
  await page.getByRole("button", { name: "登录" }).click();
  // back on the round page it came from, signed in
  await expect(page.getByRole("button", { name: /退出/ })).toBeVisible();
  await openMenu(page);
  await page.getByRole("link", { name: "我的" }).click();
  await expect(page.getByRole("heading", { name: "我的住户" })).toBeVisible();
  await expectAccessible(page);
  await expect(page.getByRole("link", { name: "乐园小区快递柜与充电桩补充改造" })).toBeVisible();
  expect(blocked).toEqual([]);
  if (test.info().project.use.javaScriptEnabled !== false) {
    // hydrated: client-side navigation works under the policy
    expect(
      await page.evaluate(
        () => typeof (window as unknown as { __reactRouterContext?: unknown }).__reactRouterContext,
      ),
    ).toBe("object");
  }
});

test("a household code from the letter registers a resident once and only once", async ({
  page,
  browser,
}) => {
  // a community worker would print this code on a letter; the test reads an unused one from the database
  const code = unusedCode();
  await page.goto(`/join?code=${code}`);
  await expect(page.getByLabel("入户码")).toHaveValue(code);
  await page.getByLabel("用户名").fill(`newresident${test.info().project.name.length}`);
  await page.getByLabel("称呼").fill("新居民");
  await page.getByLabel("密码", { exact: true }).fill("longenough1");
  await page.getByRole("button", { name: "注册并绑定" }).click();
  await expect(page.getByRole("status")).toHaveText("绑定成功。");

  const { baseURL, javaScriptEnabled } = test.info().project.use;
  const other = await browser.newContext({ baseURL, javaScriptEnabled, locale: "zh-CN" });
  const page2 = await other.newPage();
  await page2.goto(`/join?code=${code}`);
  await page2.getByLabel("用户名").fill(`second${test.info().project.name.length}`);
  await page2.getByLabel("称呼").fill("另一位");
  await page2.getByLabel("密码", { exact: true }).fill("longenough2");
  await page2.getByRole("button", { name: "注册并绑定" }).click();
  // the refusal stands beside the code field, which is marked invalid
  await expect(page2.getByText("该入户码已被使用")).toBeVisible();
  await expect(page2.getByLabel("入户码")).toHaveAttribute("aria-invalid", "true");
  await other.close();
});

function unusedCode(): string {
  const db = new Database(path.join(process.env.E2E_DIR!, "e2e.db"), { readonly: true });
  const row = db
    .prepare(
      'SELECT code FROM "HouseholdCode" WHERE usedAt IS NULL ORDER BY id DESC LIMIT 1 OFFSET ?',
    )
    .get(test.info().project.name === "javascript" ? 0 : 1) as { code: string };
  db.close();
  return row.code;
}
