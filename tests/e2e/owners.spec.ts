import { expect, test } from "@playwright/test";
import { e2eDb, expectAccessible, signedIn } from "./helpers";

// Issue 18 through the browser, with and without JavaScript: a tenant bound as an occupant is
// told why they cannot score; the owner's proxy scores for the flat and the ballot records it;
// the community worker records (and revokes) an authorisation with a photo of the signed form.

// a 1×1 PNG: the photo of a signed authorisation form
const PNG = Buffer.from(
  "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==",
  "base64",
);

test("a tenant is told why they cannot score, and cannot upgrade without the owner's factor", async ({
  browser,
}) => {
  const page = await signedIn(browser, "zuhu");
  await page.goto("/rounds/2/participate");
  await expect(page.getByText(/您以住户（非业主）身份参与这一户/)).toBeVisible();
  await expect(page.getByText(/方案评分和异议由业主或其书面委托的人提出/)).toBeVisible();
  await expect(page.getByRole("button", { name: /提交评分|修改评分/ })).toHaveCount(0);
  await expectAccessible(page);

  await page.goto("/me");
  await expect(page.getByText(/您以住户（非业主）身份绑定/)).toBeVisible();
  await page.getByLabel(/产权证号或身份证号后4位/).fill("0000");
  await page.getByRole("button", { name: "我是业主，发送验证码" }).click();
  await expect(page.getByText(/后4位与社区登记的产权证号或业主身份证号不符/)).toBeVisible();
  await expect(page.getByText(/您以住户（非业主）身份绑定/)).toBeVisible();
});

test("the owner's proxy scores for the flat, and the ballot records the authorisation", async ({
  browser,
}) => {
  const page = await signedIn(browser, "daili");
  await page.goto("/rounds/2/participate");
  await expect(page.getByText(/您受这一户业主书面委托（委托投票）/)).toBeVisible();
  const ballot = page.getByRole("form", { name: "方案评分" });
  await ballot
    .getByRole("group", { name: /为方案 A/ })
    .getByLabel("5星")
    .check();
  await ballot
    .getByRole("group", { name: /为方案 B/ })
    .getByLabel("3星")
    .check();
  await ballot.getByRole("button", { name: /提交评分|修改评分/ }).click();
  await expect(page.getByRole("status")).toHaveText("评分已保存。截止前可以修改。");

  const db = e2eDb();
  const rows = db
    .prepare(
      `SELECT b."proxyId", a."username" FROM "Ballot" b JOIN "Account" a ON a."id" = b."castById"
       WHERE b."roundId" = 2 AND b."proxyId" IS NOT NULL`,
    )
    .all() as { proxyId: number; username: string }[];
  db.close();
  expect(rows.length).toBe(2);
  expect(rows.every((r) => r.username === "daili")).toBe(true);
});

test("the community worker records an authorisation with the signed form's photo, then revokes it", async ({
  browser,
}) => {
  const name = test.info().project.use.javaScriptEnabled === false ? "马大姐" : "马大哥";
  const page = await signedIn(browser, "shequ");
  await page.goto("/rounds/2/proxies");
  // the seeded authorisation, the owner masked to the ID number's last 4
  const seeded = page.getByRole("row").filter({ hasText: "王小雨" });
  await expect(seeded).toContainText("5号楼2单元201");
  await expect(seeded).toContainText(/\*{14}[0-9X]{4}/);
  await expectAccessible(page);

  const flat = await page
    .locator("#flatOwner option")
    .filter({ hasText: /^5号楼2单元101 · / })
    .getAttribute("value");
  await page.getByLabel("房屋与委托的业主").selectOption(flat!);
  await page.getByLabel("受托人姓名（与委托书一致）").fill(name);
  // no account: the proxy fills in a paper ballot (an account would vote for the tenant's flat
  // while the other project's run checks that the tenant cannot)
  await page.getByLabel("签字委托书照片").setInputFiles({
    name: "form.png",
    mimeType: "image/png",
    buffer: PNG,
  });
  await page.getByRole("button", { name: "登记委托" }).click();
  await expect(page.getByRole("status")).toHaveText("委托已登记。");
  const row = page.getByRole("row").filter({ hasText: name });
  await expect(row).toContainText("5号楼2单元101");
  await expect(row).toContainText("有效");
  await expect(row).toContainText("无账号，纸质投票");

  // the photo is the staff's: served to the worker, not to a resident
  const href = await row.getByRole("link", { name: "查看照片" }).getAttribute("href");
  expect((await page.request.get(href!)).status()).toBe(200);
  const resident = await signedIn(browser, "zuhu");
  expect((await resident.request.get(href!)).status()).toBe(403);

  await row.getByRole("button", { name: `撤销${name}的委托` }).click();
  await expect(page.getByRole("status")).toHaveText("委托已撤销。");
  await expect(page.getByRole("row").filter({ hasText: name })).toContainText("已撤销");
});
