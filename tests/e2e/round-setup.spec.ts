import { expect, test } from "@playwright/test";
import { isoDay, signedIn } from "./helpers";

// Creating a round (issue #14 item 9, issue #12 rule floors): every mistake is shown at once beside
// its field, what was typed stays, money understands 万, a draft can be edited, and starting
// ordering needs an explicit confirmation. Runs with and without JavaScript.

test("a street office sets a round up: all errors at once, 80万, edit the draft, confirm", async ({
  browser,
}) => {
  const title = `楼道规则测试 ${test.info().project.name}`;
  const office = await signedIn(browser, "jiedao");
  await office.goto("/rounds/new");
  const group = (name: string) => office.getByRole("group", { name });
  await office.getByLabel("轮次名称").fill(title);
  await office.getByLabel("乐园小区", { exact: true }).check();
  await office.getByLabel("点菜截止").fill(isoDay(10));
  await office.getByLabel("方案截止").fill(isoDay(5));
  await office.getByLabel("评议截止").fill(isoDay(30));
  await office.getByLabel(/预算上限/).fill("80万");
  await group("参与比例（人数和面积都要达到）").getByLabel("分子").fill("1");
  await group("参与比例（人数和面积都要达到）").getByLabel("分母").fill("100");
  await office.getByLabel("同意的最低星级").fill("1");
  await office.getByLabel("异议期（天）").fill("0");
  await office.getByRole("button", { name: "创建（草案）" }).click();

  // one submit, every problem beside its own field
  await expect(office.getByText("请检查标出的内容。")).toBeVisible();
  await expect(office.getByLabel("方案截止")).toHaveAttribute("aria-invalid", "true");
  await expect(office.getByText("各阶段截止时间须依次递增。")).toBeVisible();
  await expect(office.getByText("参与比例不得低于法定的2/3（《民法典》第278条）。")).toBeVisible();
  await expect(office.getByText("只有4星或5星可以算作同意。")).toBeVisible();
  await expect(office.getByText("异议期为7到60天。")).toBeVisible();
  await expect(office.getByLabel("同意的最低星级")).toHaveAttribute("aria-invalid", "true");
  // nothing typed is lost, and 80万 is not an error
  await expect(office.getByLabel("轮次名称")).toHaveValue(title);
  await expect(office.getByLabel(/预算上限/)).toHaveValue("80万");
  await expect(office.getByLabel(/预算上限/)).not.toHaveAttribute("aria-invalid", "true");
  await expect(office.getByLabel("评议截止")).toHaveValue(isoDay(30));

  await office.getByLabel("方案截止").fill(isoDay(20));
  await group("参与比例（人数和面积都要达到）").getByLabel("分子").fill("3");
  await group("参与比例（人数和面积都要达到）").getByLabel("分母").fill("4");
  await office.getByLabel("同意的最低星级").fill("4");
  await office.getByLabel("异议期（天）").fill("10");
  await office.getByRole("button", { name: "创建（草案）" }).click();
  await expect(office.getByRole("status")).toHaveText("轮次已创建（草案）。");

  // the draft is editable: the stored values come back, 80万 as 800000 yuan
  await office.getByRole("link", { name: /修改草案/ }).click();
  await expect(office.getByLabel("轮次名称")).toHaveValue(title);
  await expect(office.getByLabel(/预算上限/)).toHaveValue("800000");
  await expect(group("参与比例（人数和面积都要达到）").getByLabel("分子")).toHaveValue("3");
  await expect(office.getByLabel("异议期（天）")).toHaveValue("10");
  await office.getByLabel("轮次名称").fill(`${title}（改）`);
  await office.getByRole("button", { name: "保存草案" }).click();
  await expect(office.getByRole("status")).toHaveText("草案已保存。");

  // starting ordering cannot be done by one stray tap: the confirmation is required
  const start = office
    .locator("form")
    .filter({ has: office.getByRole("heading", { name: "开始社区点菜", exact: true }) });
  await start.getByRole("button", { name: "开始社区点菜" }).click();
  await expect(office.getByRole("status")).toHaveText("草案已保存。");
  await expect(office.getByRole("link", { name: /修改草案/ })).toBeVisible();
  await start.getByLabel("我已核对，确认执行（不可撤销）").check();
  await start.getByRole("button", { name: "开始社区点菜" }).click();
  await expect(office.getByRole("status")).toHaveText("已开始社区点菜。");
  await expect(office.getByRole("link", { name: /修改草案/ })).toHaveCount(0);

  // after DRAFT a deadline only moves later, and the round page says which deadlines bind
  const deadlines = office.getByRole("region", { name: "调整截止时间" });
  await deadlines.getByLabel("评议截止").fill(isoDay(29));
  await deadlines.getByRole("button", { name: "推后截止时间" }).click();
  await expect(office.getByText("截止时间只能往后推，不能提前。")).toBeVisible();
  await office
    .getByRole("region", { name: "调整截止时间" })
    .getByLabel("评议截止")
    .fill(isoDay(35));
  await office
    .getByRole("region", { name: "调整截止时间" })
    .getByRole("button", { name: "推后截止时间" })
    .click();
  await expect(office.getByRole("status")).toHaveText("截止时间已调整，已通知居民。");
  await office
    .getByRole("link", { name: new RegExp(title) })
    .first()
    .click();
  await expect(office.getByText("硬性截止：此后不再接受评分")).toBeVisible();
  await expect(office.getByText("计划日期：街道办推进阶段时结束")).toHaveCount(2);
});

test("a new round's English title and its buildings are on the form at 360 px, and English pages use them", async ({
  browser,
}) => {
  const office = await signedIn(browser, "jiedao");
  await office.setViewportSize({ width: 360, height: 740 });
  await office.goto("/rounds/new");
  const name = test.info().project.name;
  await office.getByLabel("轮次名称").fill(`一号楼外墙保温 ${name}`);
  await office.getByLabel(/英文名称/).fill(`Building 1 wall insulation ${name}`);
  await office.getByLabel("乐园小区", { exact: true }).check();
  await office.getByLabel("部分楼栋").check();
  // the buildings to choose are shown, not folded away in a closed section
  const building = office
    .getByRole("group", { name: "乐园小区的楼栋和单元" })
    .getByLabel("1号楼", { exact: true });
  await expect(building).toBeVisible();
  await building.check();
  await office.getByLabel("点菜截止").fill(isoDay(10));
  await office.getByLabel("方案截止").fill(isoDay(20));
  await office.getByLabel("评议截止").fill(isoDay(40));
  await office.getByRole("button", { name: "创建（草案）" }).click();
  await expect(office.getByRole("status")).toHaveText("轮次已创建（草案）。");
  const draft = new URL(office.url()).pathname.replace(/\/manage$/, "");
  await office.goto(`/language?lng=en&to=${draft}`);
  await expect(office.getByRole("heading", { level: 1 })).toContainText(
    `Building 1 wall insulation ${name}`,
  );
  // a list of places in English reads with English punctuation
  await expect(office.getByText(/Some buildings: Building 1|Some buildings: 1号楼/)).toBeVisible();
  await office.context().close();
});
