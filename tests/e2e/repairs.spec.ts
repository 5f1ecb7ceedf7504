import { expect, test, type Page } from "@playwright/test";
import { e2eDb, expectAccessible, openMenu, signedIn } from "./helpers";

// 一键报修: a resident of 东湖小区 reports a burst pipe from the phone with a photo, the 红色物业
// desk assigns it, the technician fixes it with a photo, the resident rates it, and the city
// dashboard's figures for that property service move. Runs with and without JavaScript.

const PNG = Buffer.from(
  "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==",
  "base64",
);
const photo = (name: string) => ({ name, mimeType: "image/png", buffer: PNG });

async function serviceRow(page: Page) {
  await page.goto("/dashboard");
  const row = page
    .getByRole("table", { name: "各物业服务的报修数、时间与满意度" })
    .getByRole("row", { name: /东湖红色物业服务中心/ });
  const cells = row.getByRole("cell");
  return {
    tickets: Number(await cells.nth(0).textContent()),
    rated: await cells.nth(5).textContent(),
  };
}

test("a burst pipe: reported from the phone, assigned, fixed with a photo, rated; the dashboard moves", async ({
  browser,
  page,
}) => {
  test.setTimeout(120_000);
  const before = await serviceRow(page);
  await expectAccessible(page);

  const resident = await signedIn(browser, "jumin3");
  await openMenu(resident);
  await resident.getByRole("link", { name: "报修", exact: true }).click();
  await expect(resident.getByRole("heading", { level: 1 })).toHaveText("一键报修");
  await expectAccessible(resident);
  await resident.getByLabel("供水", { exact: true }).check();
  await resident.getByLabel("紧急程度").selectOption({ label: "较急（停水、停电、停气）" });
  await resident.getByLabel("情况说明").fill("厨房水管爆了");
  await resident.getByLabel("照片").setInputFiles(photo("pipe.png"));
  await resident.getByRole("button", { name: "提交报修" }).click();
  await expect(resident.getByRole("status")).toContainText("报修已提交");
  const id = Number(/\/repairs\/(\d+)$/.exec(resident.url())![1]);
  await expect(resident.getByRole("heading", { level: 1 })).toHaveText(`报修单 ${id} 号 · 供水`);
  await expect(resident.getByRole("img", { name: "报修：照片 1" })).toBeVisible();
  await expectAccessible(resident);

  // the desk: the queue shows it with its clock; assign it to the technician
  const desk = await signedIn(browser, "wuye");
  const db = e2eDb();
  const { compoundId } = db
    .prepare(`SELECT compoundId FROM "RepairTicket" WHERE id = ?`)
    .get(id) as {
    compoundId: number;
  };
  db.close();
  await desk.goto(`/compounds/${compoundId}/repairs`);
  await expectAccessible(desk);
  await desk.getByRole("link", { name: `报修单 ${id} 号 · 供水` }).click();
  await desk.getByLabel("维修师傅").selectOption({ label: "东湖红色物业 维修王师傅" });
  await desk.getByRole("button", { name: "派给维修师傅" }).click();
  await expect(desk.getByRole("status")).toContainText("已派单");
  await expectAccessible(desk);

  // the technician: marking it fixed needs a photo of the work
  const tech = await signedIn(browser, "weixiu");
  await tech.goto(`/repairs/${id}`);
  await tech.getByLabel("做了什么").fill("更换一段水管");
  await tech.getByLabel("修好后的照片").setInputFiles(photo("fixed.png"));
  await tech.getByRole("button", { name: "标记已修复" }).click();
  await expect(tech.getByRole("status")).toContainText("已标记修复");

  // the resident sees each step on the timeline, and rates the fix
  await resident.goto(`/repairs/${id}`);
  const timeline = resident.getByRole("region", { name: "处理进度" });
  for (const step of ["报修", "已派给维修师傅", "已修复"])
    await expect(timeline.getByText(step, { exact: true })).toBeVisible();
  // the technician's photo is on the timeline, and served
  const fixed = timeline.getByRole("img", { name: "已修复：照片 1" });
  await expect(fixed).toHaveCount(1);
  const served = await resident.request.get((await fixed.getAttribute("src"))!);
  expect([served.status(), served.headers()["content-type"]]).toEqual([200, "image/png"]);
  await resident.getByLabel("5星").check();
  await resident.getByRole("button", { name: "评价这次维修" }).click();
  await expect(resident.getByRole("status")).toContainText("感谢您的评价");
  await expect(resident.getByText("已修复并评价")).toBeVisible();

  const after = await serviceRow(page);
  expect(after.tickets).toBe(before.tickets + 1);
  expect(after.rated).not.toBe(before.rated);
});

test("a street office sees the compound's repair figures and sets its promised times", async ({
  browser,
}) => {
  const street = await signedIn(browser, "jiedao");
  await street.goto("/repairs");
  await street.getByRole("link", { name: "物业服务与承诺时限" }).first().click();
  await expect(street.getByRole("heading", { level: 1 })).toHaveText("物业服务与承诺时限");
  await expectAccessible(street);
  await street.getByLabel("供水 紧急（危及人身或财产安全） 响应时限（小时）").fill("0.25");
  await street.getByRole("button", { name: "保存" }).click();
  await expect(street.getByRole("status")).toContainText("已保存");
  await expect(street.getByLabel("供水 紧急（危及人身或财产安全） 响应时限（小时）")).toHaveValue(
    "0.25",
  );
});

test("a roof leak under warranty reaches the contractor, who accepts it and fixes it with a photo; the round's page shows it", async ({
  browser,
  page,
}) => {
  test.setTimeout(120_000);
  // a resident of 乐园小区, whose whole compound was renovated, reports a leak in their flat
  const resident = await signedIn(browser, "jumin");
  await resident.goto("/repairs");
  await resident.getByLabel("屋面或外墙渗漏", { exact: true }).check();
  await resident.getByLabel("情况说明").fill("卧室顶棚渗水");
  await resident.getByRole("button", { name: "提交报修" }).click();
  await expect(resident.getByRole("status")).toContainText("报修已提交");
  const id = Number(/\/repairs\/(\d+)$/.exec(resident.url())![1]);
  await expect(resident.getByText("待施工单位答复")).toBeVisible();

  // the contractor finds it in their own queue, told by a message
  const builder = await signedIn(browser, "yijian");
  await openMenu(builder);
  await builder.getByRole("link", { name: "报修", exact: true }).click();
  const notices = builder.getByRole("region", { name: /新消息/ });
  await expect(
    notices.getByRole("link", { name: `报修单 ${id} 号在保修期内，请答复` }),
  ).toBeVisible();
  await expectAccessible(builder);
  await builder
    .getByRole("region", { name: "保修报修" })
    .getByRole("link", { name: `报修单 ${id} 号 · 屋面或外墙渗漏` })
    .click();
  await expectAccessible(builder);
  await builder.getByRole("button", { name: "受理保修" }).click();
  await expect(builder.getByRole("status")).toContainText("已受理保修");
  await builder.getByLabel("做了什么").fill("重做卫生间上方屋面防水");
  await builder.getByLabel("修好后的照片").setInputFiles(photo("roof.png"));
  await builder.getByRole("button", { name: "保修修复完成" }).click();
  await expect(builder.getByRole("status")).toContainText("已标记保修修复");

  // the resident follows each step; the round's public page shows the claim and its steps
  await resident.goto(`/repairs/${id}`);
  const timeline = resident.getByRole("region", { name: "处理进度" });
  for (const step of ["在保修期内，已转施工单位保修", "施工单位已受理保修", "施工单位已保修修复"])
    await expect(timeline.getByText(step, { exact: true })).toBeVisible();
  await expect(timeline.getByRole("img", { name: "施工单位已保修修复：照片 1" })).toHaveCount(1);
  const db = e2eDb();
  const { roundId } = db
    .prepare(
      `SELECT w.roundId FROM "RepairTicket" t JOIN "RepairWarranty" w ON w.id = t.warrantyId WHERE t.id = ?`,
    )
    .get(id) as { roundId: number };
  db.close();
  const visitor = page; // signed out
  await visitor.goto(`/rounds/${roundId}`);
  const claims = visitor.getByRole("region", { name: "保修与保修报修" });
  await expect(claims.getByText(new RegExp(`报修单 ${id} 号 .*施工单位已修复`))).toBeVisible();
  await expect(claims.getByText(/施工单位已保修修复 · /).first()).toBeVisible();
  await expectAccessible(visitor);
});

test("no repairs page scrolls sideways on a 360 px phone", async ({ browser }) => {
  test.setTimeout(180_000);
  const db = e2eDb();
  const q = <T>(sql: string) => db.prepare(sql).get() as T;
  const donghu = q<{ id: number }>(`SELECT id FROM "Compound" WHERE name = '东湖小区'`).id;
  const ticket = q<{ id: number }>(
    `SELECT id FROM "RepairTicket" WHERE compoundId = ${donghu} ORDER BY id LIMIT 1`,
  ).id;
  const claim = q<{ id: number; roundId: number }>(
    `SELECT t.id, w.roundId FROM "RepairTicket" t JOIN "RepairWarranty" w ON w.id = t.warrantyId ORDER BY t.id LIMIT 1`,
  );
  db.close();
  const narrow = async (username: string | null) => {
    const use = test.info().project.use;
    const context = await browser.newContext({
      ...use,
      viewport: { width: 360, height: 740 },
      screen: { width: 360, height: 740 },
    });
    const page = await context.newPage();
    if (username) {
      await page.goto("/sign-in");
      await page.getByLabel("用户名").fill(username);
      await page.getByLabel("密码").fill("diancai2026");
      await page.getByRole("button", { name: "登录" }).click();
      await expect(page.getByRole("button", { name: /^退出（/ })).toBeVisible();
    }
    return page;
  };
  const pages: [string | null, string[]][] = [
    [null, ["/dashboard", `/compounds/${donghu}`, `/rounds/${claim.roundId}`]],
    ["jumin3", ["/repairs", `/repairs/${ticket}`]],
    ["wuye", ["/repairs", `/compounds/${donghu}/repairs`, `/repairs/${ticket}`]],
    ["yijian", ["/repairs", `/repairs/${claim.id}`]],
    [
      "jiedao",
      ["/repairs", `/compounds/${donghu}/repair-service`, `/rounds/${claim.roundId}/warranty`],
    ],
    ["admin", ["/repairs/staff", "/admin"]],
  ];
  for (const [who, paths] of pages) {
    const page = await narrow(who);
    for (const p of paths) {
      await page.goto(p);
      const width = await page.evaluate(() => document.documentElement.scrollWidth);
      expect(width, `${who ?? "public"} ${p}`).toBeLessThanOrEqual(360);
      await expectAccessible(page);
    }
    await page.context().close();
  }
});
