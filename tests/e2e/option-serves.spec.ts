import { expect, test, type Browser } from "@playwright/test";
import { expectAccessible, freshCode, joinWithCode, signedIn } from "./helpers";

// A designer says whom a line of the bill serves (a select in the row, posted with or without
// JavaScript); the option page names it, and a household of building 1 pays nothing for a line
// that serves building 2 while a household of building 2 does. Round 3 (松园小区) is cooking.
const COOK = "/rounds/3/cook";
const project = () => test.info().project.name;

/** A neighbour of 松园小区 in `building` registers with the code on her letter. */
const neighbour = (browser: Browser, building: string) =>
  joinWithCode(
    browser,
    freshCode("松园小区", building),
    // usernames are at most 20 characters
    `sv${building.slice(0, 1)}-${project() === "javascript" ? "js" : "nojs"}`,
    `${building}住户`,
  );

test("a line serving building 2 costs building 1 nothing on the resident's share", async ({
  browser,
}) => {
  test.setTimeout(120_000);
  const designer = await signedIn(browser, "sheji");
  const title = `2号楼电梯（${project()}）`;
  await designer.goto(COOK);
  await designer.getByLabel("方案名称").fill(title);
  await designer.getByLabel("工期（天）").fill("120");
  await designer.getByLabel("外墙保温及立面整治").check();
  await designer.getByLabel("第1行 项目").fill("2号楼加装电梯");
  await designer.getByLabel("第1行 单位").fill("台");
  await designer.getByLabel("第1行 工程量").fill("1");
  await designer.getByLabel("第1行 单价（元）").fill("1200");
  // the whole option serves the round's scope (no box ticked); this line serves building 2
  await expect(designer.getByLabel("第1行 服务范围")).toHaveValue("");
  await designer.getByLabel("第1行 服务范围").selectOption({ label: "2号楼（整栋）" });
  await expect(designer.getByRole("group", { name: "服务范围" })).toContainText(
    "都不勾选即为本轮全部范围",
  );
  await designer.getByLabel("居民出资（元）").fill("1200");
  await expectAccessible(designer);
  await designer.getByRole("button", { name: "提交审计" }).click();
  await expect(designer.getByRole("status")).toHaveText("方案已提交，等待审计。");
  const optionUrl = new URL(designer.url()).pathname;
  expect(optionUrl).toMatch(/^\/rounds\/3\/options\/\d+$/);
  await expect(designer.getByText("服务范围：本轮全部范围")).toBeVisible();
  const bill = designer.getByRole("table", { name: "工程量清单" });
  await expect(bill.getByRole("columnheader", { name: "服务范围" })).toBeVisible();
  await expect(bill.getByRole("row", { name: /2号楼加装电梯/ })).toContainText("2号楼");

  // revising starts from the line's choice
  await designer.getByRole("link", { name: "修订方案（生成新版本）" }).click();
  await expect(designer.getByLabel("第1行 服务范围")).toHaveValue(/^b:\d+$/);
  await expect(designer.getByLabel("第1行 服务范围").locator("option:checked")).toHaveText(
    "2号楼（整栋）",
  );

  const auditor = await signedIn(browser, "shenji");
  await auditor.goto(optionUrl);
  await auditor.getByRole("button", { name: "审核通过并公布" }).click();
  await expect(auditor.getByRole("status")).toHaveText("已审核通过，方案已公布。");

  // a household of building 1 pays nothing for it, one of building 2 pays its part
  const first = await neighbour(browser, "1号楼");
  await first.goto(optionUrl);
  await expect(first.getByText("您家无需出资。")).toBeVisible();
  await expect(
    first.getByRole("table", { name: "工程量清单" }).getByRole("row", { name: /2号楼加装电梯/ }),
  ).toContainText("2号楼");
  await expectAccessible(first);
  const second = await neighbour(browser, "2号楼");
  await second.goto(optionUrl);
  const share = second.getByText(/^您家需出资 ¥/);
  await expect(share).toBeVisible();
  expect(await share.textContent()).not.toMatch(/¥0\.00/);
});
