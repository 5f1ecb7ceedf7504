import { expect, test } from "@playwright/test";
import { expectAccessible, openMenu, signedIn } from "./helpers";

// Issue 29: the property desk and technicians land on their queue, not on /me; the community
// worker and the street office are told, with a count in the header, when a repair escalates
// to them. At 360 px, with and without JavaScript.

test.use({ viewport: { width: 360, height: 740 } });

test("the property desk lands on its queue: counts, and the late first", async ({ browser }) => {
  const desk = await signedIn(browser, "wuye");
  await desk.setViewportSize({ width: 360, height: 740 });
  await expect(desk).toHaveURL(/\/repairs$/);
  await expect(desk.getByRole("heading", { level: 1 })).toHaveText("报修工作台");
  const counts = desk.getByRole("list", { name: "队列概况" });
  await expect(counts).toContainText(/待处理：\d+/);
  await expect(counts).toContainText(/已超时：[1-9]/);
  // the seed's elevator, three days unanswered, heads the queue
  const first = desk
    .getByRole("listitem")
    .filter({ has: desk.getByRole("link", { name: /报修单 \d+ 号/ }) })
    .first();
  await expect(first).toContainText("电梯");
  await expect(first).toContainText("已超时");
  await expectAccessible(desk);
  // 我的 in the menu leads back here too
  await desk.goto("/");
  await openMenu(desk);
  await desk.getByRole("banner").getByRole("link", { name: "我的" }).click();
  await expect(desk).toHaveURL(/\/repairs$/);
  await desk.context().close();
});

test("a technician lands on the jobs given to them", async ({ browser }) => {
  const tech = await signedIn(browser, "weixiu");
  await tech.setViewportSize({ width: 360, height: 740 });
  await expect(tech).toHaveURL(/\/repairs$/);
  await expect(tech.getByRole("list", { name: "队列概况" })).toContainText(/待处理：[1-9]/);
  await expect(tech.getByRole("link", { name: /报修单 \d+ 号 · 排水/ })).toBeVisible();
  await tech.context().close();
});

test("the community and the street office are told of escalated repairs, with a count", async ({
  browser,
}) => {
  for (const [who, text] of [
    ["shequ3", /东湖小区 报修单 \d+ 号超时未处理，已升级到社区/],
    ["jiedao", /东湖小区 报修单 \d+ 号超时一天以上，已升级到街道办/],
  ] as const) {
    const page = await signedIn(browser, who);
    await page.setViewportSize({ width: 360, height: 740 });
    const count = page.getByRole("banner").getByRole("link", { name: /^消息（\d+）$/ });
    const shown = Number(/（(\d+)）/.exec((await count.textContent())!)![1]);
    await count.click();
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("消息");
    await expectAccessible(page);
    // the header counts what is new on this page (the other project may have read them already)
    await expect(page.getByText("新", { exact: true })).toHaveCount(shown);
    const message = page.getByRole("link", { name: text }).first();
    const ticket = /报修单 (\d+) 号/.exec((await message.textContent())!)![1];
    await message.click();
    await expect(page.getByRole("heading", { level: 1 })).toContainText(`报修单 ${ticket} 号`);
    await page.goto("/messages");
    if (shown > 0) await page.getByRole("button", { name: "全部标为已读" }).click();
    await expect(page.getByRole("banner").getByRole("link", { name: "消息（0）" })).toBeVisible();
    await page.context().close();
  }
});
