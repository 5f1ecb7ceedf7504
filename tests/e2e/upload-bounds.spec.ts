import { expect, test } from "@playwright/test";
import { pngDeclaring, webpDeclaring } from "../fixtures/images";
import { bombXlsx, farColumnXlsx } from "../fixtures/spreadsheets";
import { e2eDb, signedIn } from "./helpers";

// Uploads that would overwhelm the server or every browser showing them are refused with a clear
// message, and nothing is saved: a picture declaring 40000×40000 or 16384×16384 pixels (a repair
// photo, a proxy's signed form), a 3 KB sheet with a cell in column XFD and a zip bomb (the
// property register). Runs with and without JavaScript.

const XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

test("a repair photo declaring 16384×16384 pixels is refused; no ticket is opened", async ({
  browser,
}) => {
  const db = e2eDb();
  const tickets = () =>
    (db.prepare(`SELECT count(*) AS n FROM "RepairTicket"`).get() as { n: number }).n;
  const before = tickets();
  const resident = await signedIn(browser, "jumin3");
  await resident.goto("/repairs");
  await resident.getByLabel("供水", { exact: true }).check();
  await resident.getByLabel("照片").setInputFiles({
    name: "pipe.webp",
    mimeType: "image/webp",
    buffer: webpDeclaring(16_384, 16_384),
  });
  await resident.getByRole("button", { name: "提交报修" }).click();
  await expect(resident.getByText("照片的像素太多（最多5000万像素）").first()).toBeVisible();
  expect(tickets()).toBe(before);
  db.close();
});

test("a proxy's form photo of 40000×40000 pixels is refused; no authorisation is recorded", async ({
  browser,
}) => {
  const page = await signedIn(browser, "shequ");
  await page.goto("/rounds/2/proxies");
  const flat = await page
    .locator("#flatOwner option")
    .filter({ hasText: /^5号楼2单元101 · / })
    .getAttribute("value");
  await page.getByLabel("房屋与委托的业主").selectOption(flat!);
  await page.getByLabel("受托人姓名（与委托书一致）").fill("像素炸弹");
  await page.getByLabel("签字委托书照片").setInputFiles({
    name: "form.png",
    mimeType: "image/png",
    buffer: pngDeclaring(40_000, 40_000),
  });
  await page.getByRole("button", { name: "登记委托" }).click();
  await expect(page.getByText("照片的像素太多（最多5000万像素）").first()).toBeVisible();
  await page.goto("/rounds/2/proxies");
  await expect(page.getByRole("row").filter({ hasText: "像素炸弹" })).toHaveCount(0);
});

test("the property register refuses a sheet 16384 columns wide and a zip bomb, importing nothing", async ({
  browser,
}) => {
  const db = e2eDb();
  const owners = () => (db.prepare(`SELECT count(*) AS n FROM "Owner"`).get() as { n: number }).n;
  const before = owners();
  const page = await signedIn(browser, "shequ4");
  for (const [name, buffer] of [
    ["登记簿.xlsx", farColumnXlsx(200)],
    ["炸弹.xlsx", bombXlsx(40)],
  ] as const) {
    await page.goto("/compounds/2/register");
    await page
      .getByLabel("登记表文件（CSV 或 XLSX）")
      .setInputFiles({ name, mimeType: XLSX, buffer });
    // the file goes to the preview first (issue 26): it is refused before any head is counted
    await page.getByRole("button", { name: "预览人数" }).click();
    await expect(page.getByText(/^文件解开后太大/)).toBeVisible();
  }
  expect(owners()).toBe(before);
  db.close();
});
