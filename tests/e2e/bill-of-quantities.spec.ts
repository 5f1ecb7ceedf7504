import { expect, test, type Page } from "@playwright/test";
import ExcelJS from "exceljs";
import { expectAccessible, signedIn } from "./helpers";

// A designer's bill of quantities has as many rows as the works need: rows are added in batches
// (with or without JavaScript), added and removed one by one (with it), pasted from a spreadsheet
// or imported from a CSV/XLSX file, and every wrong line is named. Round 3 (松园小区) is cooking.
const COOK = "/rounds/3/cook";
const js = () => test.info().project.use.javaScriptEnabled !== false;

async function startOption(page: Page, title: string) {
  await page.goto(COOK);
  await page.getByLabel("方案名称").fill(title);
  await page.getByLabel("工期（天）").fill("90");
  await page.getByLabel("外墙保温及立面整治").check();
}

test("a 60-line bill pasted from a spreadsheet, with batches of rows and numbered errors", async ({
  browser,
}) => {
  const designer = await signedIn(browser, "sheji");
  const title = `外墙整治（60行，${js() ? "脚本" : "无脚本"}）`;
  await startOption(designer, title);

  // two wrong rows: each message names its row, the cells are marked, nothing typed is lost
  await designer.getByLabel("第1行 项目").fill("脚手架");
  await designer.getByLabel("第1行 单位").fill("m²");
  await designer.getByLabel("第1行 工程量").fill("100");
  await designer.getByLabel("第1行 单价（元）").fill("十二元");
  await designer.getByLabel("第2行 项目").fill("外墙清洗");
  await designer.getByLabel("第2行 工程量").fill("50");
  await designer.getByLabel("第2行 单价（元）").fill("3");
  await designer.getByRole("button", { name: "提交审计" }).click();
  await expect(designer.getByText("第1行：单价应是金额（元），最多2位小数")).toBeVisible();
  await expect(designer.getByText("第2行：请填写单位")).toBeVisible();
  await expect(designer.getByLabel("第1行 单价（元）")).toHaveAttribute("aria-invalid", "true");
  await expect(designer.getByLabel("第2行 单位")).toHaveAttribute("aria-invalid", "true");
  await expect(designer.getByLabel("第1行 项目")).not.toHaveAttribute("aria-invalid", "true");
  await expect(designer.getByLabel("方案名称")).toHaveValue(title);
  await expect(designer.getByLabel("第1行 单价（元）")).toHaveValue("十二元");
  await expectAccessible(designer);
  for (const n of [1, 2])
    for (const cell of ["项目", "单位", "工程量", "单价（元）"])
      await designer.getByLabel(`第${n}行 ${cell}`).fill("");

  // a paste with one bad line is refused whole, by the pasted text's own line numbers
  const lines = Array.from(
    { length: 60 },
    (_, i) => `${i + 1}\t外墙项目${i + 1}\tm²\t${i + 1}\t10.50`,
  );
  const bad = [
    "序号\t项目\t单位\t工程量\t单价",
    ...lines.slice(0, 2),
    "3\t外墙项目3\t\t三\t10.50",
    ...lines.slice(3),
  ];
  await designer.getByLabel("从表格粘贴").fill(bad.join("\n"));
  await designer.getByRole("button", { name: "把粘贴的行加入清单" }).click();
  await expect(designer.getByText("粘贴的内容有几行需要修改，清单没有改变。")).toBeVisible();
  await expect(designer.getByText("第4行：请填写单位")).toBeVisible();
  await expect(designer.getByText("第4行：工程量应是数字，最多3位小数")).toBeVisible();
  await expect(designer.getByLabel("第7行 项目")).toHaveCount(0);
  await expect(designer.getByLabel("从表格粘贴")).toHaveValue(bad.join("\n"));

  // the corrected paste becomes rows 1–60 (the blank rows make way), the paste box empties
  await designer
    .getByLabel("从表格粘贴")
    .fill(["序号\t项目\t单位\t工程量\t单价", ...lines].join("\n"));
  await designer.getByRole("button", { name: "把粘贴的行加入清单" }).click();
  await expect(designer.getByText("已加入 60 行，请核对后提交。")).toBeVisible();
  await expect(designer.getByLabel("第60行 项目")).toHaveValue("外墙项目60");
  await expect(designer.getByLabel("第60行 单价（元）")).toHaveValue("10.50");
  await expect(designer.getByLabel("第61行 项目")).toHaveCount(0);
  await expect(designer.getByLabel("从表格粘贴")).toHaveValue("");
  await expect(designer.getByLabel("方案名称")).toHaveValue(title);

  // five more rows, then a 61st line typed into the first of them
  await designer.getByRole("button", { name: "添加5行" }).click();
  await expect(designer.getByLabel("第65行 项目")).toBeVisible();
  await expect(designer.getByLabel("第61行 项目")).toBeFocused();
  await expect(designer.getByLabel("第60行 项目")).toHaveValue("外墙项目60");
  if (js()) {
    // one by one: remove row 1, add a row; the rest move up and keep what was typed
    await designer.getByRole("button", { name: "删除第1行" }).click();
    await expect(designer.getByLabel("第1行 项目")).toHaveValue("外墙项目2");
    await designer.getByRole("button", { name: "添加一行" }).click();
    await expect(designer.getByLabel("第65行 项目")).toBeFocused();
    await designer.getByLabel("第65行 项目").fill("外墙项目1");
    await designer.getByLabel("第65行 单位").fill("m²");
    await designer.getByLabel("第65行 工程量").fill("1");
    await designer.getByLabel("第65行 单价（元）").fill("10.50");
    // Σ i × 10.50 for i = 1…60 = 19,215.00, shown live
    await expect(designer.getByText("清单合计 ¥19,215.00")).toBeVisible();
  }
  await designer.getByLabel("市区财政（元）").fill("19215");
  await designer.getByRole("button", { name: "提交审计" }).click();
  await expect(designer.getByRole("status")).toHaveText("方案已提交，等待审计。");
  const bill = designer.getByRole("table", { name: "工程量清单" });
  await expect(bill).toContainText("¥19,215.00");
  await expect(bill.locator("tbody tr")).toHaveCount(60);
});

test("a bill imported from an XLSX file with GB 50500 columns, and a CSV with a wrong line", async ({
  browser,
}) => {
  const designer = await signedIn(browser, "sheji");
  await startOption(designer, "导入清单的方案");
  const book = new ExcelJS.Workbook();
  const ws = book.addWorksheet("分部分项工程量清单");
  ws.addRow([
    "序号",
    "项目编码",
    "项目名称",
    "项目特征描述",
    "计量单位",
    "工程量",
    "综合单价",
    "合价",
  ]);
  ws.addRow([1, "010902001001", "屋面卷材防水", "SBS 4mm", "m²", 1260.5, 68.5, 86344.25]);
  ws.addRow([2, "011001003001", "外墙保温（岩棉板）", "50mm", "m²", 800, 158, 126400]);
  ws.addRow([3, "011407001001", "外墙涂料", "", "m²", 800, 35, 28000]);
  const xlsx = Buffer.from(await book.xlsx.writeBuffer());
  await designer.getByLabel("导入清单文件").setInputFiles({
    name: "清单.xlsx",
    mimeType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    buffer: xlsx,
  });
  await designer.getByRole("button", { name: "导入文件中的行" }).click();
  await expect(designer.getByText("已加入 3 行，请核对后提交。")).toBeVisible();
  await expect(designer.getByLabel("第1行 项目")).toHaveValue("屋面卷材防水");
  await expect(designer.getByLabel("第1行 工程量")).toHaveValue("1260.5");
  await expect(designer.getByLabel("第2行 单价（元）")).toHaveValue("158.00");
  await expect(designer.getByLabel("方案名称")).toHaveValue("导入清单的方案");
  // 86,344.25 + 126,400 + 28,000
  if (js()) await expect(designer.getByText("清单合计 ¥240,744.25")).toBeVisible();

  const csv = "\uFEFF项目,单位,工程量,单价\n落水管,m,300,45\n空调板,个,abc,120\n";
  await designer.getByLabel("导入清单文件").setInputFiles({
    name: "bill.csv",
    mimeType: "text/csv",
    buffer: Buffer.from(csv),
  });
  await designer.getByRole("button", { name: "导入文件中的行" }).click();
  await expect(designer.getByText("文件中有几行需要修改，清单没有改变。")).toBeVisible();
  await expect(designer.getByText("第3行：工程量应是数字，最多3位小数")).toBeVisible();
  await expect(designer.getByLabel("第3行 项目")).toHaveValue("外墙涂料");
  await expect(designer.getByLabel("第4行 项目")).toHaveCount(0);
});
