import { expect, test, type Page } from "@playwright/test";
import { e2eDb, expectAccessible, signedIn } from "./helpers";

// Issue 26: before the property register is imported, the page says how many heads the file
// makes, which flats are joined and why, and which share an owner yet count apart (no chains).
// 松园小区's community worker first adds four flats in a unit of its own for each project (every
// demo flat already has its owners; 东湖小区 has a motion open for voting, which locks its roster), then previews and imports the register for them. Plain
// form posts: the same with and without JavaScript.

/** With JavaScript, wait until React has taken the form over (hydrated) before using it. */
async function ready(page: Page, js: boolean, selector: string) {
  if (js)
    await page.waitForFunction(
      (sel) =>
        Object.keys(document.querySelector(sel) ?? {}).some((k) => k.startsWith("__reactProps")),
      selector,
    );
}

/** How many flats the roster holds in this unit of 松园小区's 2号楼. */
function flatsIn(unit: string) {
  const db = e2eDb();
  const row = db
    .prepare(
      `SELECT COUNT(*) n FROM "Household" h JOIN "Unit" u ON u."id" = h."unitId"
         JOIN "Building" b ON b."id" = u."buildingId" JOIN "Compound" c ON c."id" = b."compoundId"
       WHERE c."name" = '松园小区' AND b."name" = '2号楼' AND u."name" = ?`,
    )
    .get(unit) as { n: number };
  db.close();
  return row.n;
}

const csv = (lines: string[]) => ({
  name: "register.csv",
  mimeType: "text/csv",
  buffer: Buffer.from(lines.join("\n")),
});

test("the register import previews the heads, then imports exactly the previewed lines", async ({
  browser,
}, info) => {
  const js = info.project.name === "javascript";
  const unit = js ? "8单元" : "9单元";
  // 甲, 乙, 丙 with valid ID numbers, different in each project (the same person is one owner)
  const [a, b, c] = js
    ? ["370902197503120416", "370902197805230522", "370902198107140639"]
    : ["370902197603120712", "370902197905230829", "370902198207140935"];
  const page = await signedIn(browser, "shequ4");
  await page.goto("/compounds/2/households");
  await ready(page, js, "input#csv");
  await page
    .getByLabel("CSV 文件")
    .setInputFiles(
      csv([
        "building,unit,room,floor,area,owner_name,phone",
        ...["101,1", "102,1", "201,2", "202,2"].map((r) => `2号楼,${unit},${r},60.00,待登记,`),
      ]),
    );
  await page.getByRole("button", { name: "导入", exact: true }).click();
  await expect.poll(() => flatsIn(unit), { timeout: 30_000 }).toBe(4);

  await page.goto("/compounds/2/register");
  await ready(page, js, "input#file");
  await page
    .getByLabel("登记表文件（CSV 或 XLSX）")
    .setInputFiles(
      csv([
        "building,unit,room,certificate_no,owners,id_numbers,owner_kind,area,area_source",
        `2号楼,${unit},101,鲁(2020)泰安市不动产权第0900101号,甲、乙,${a}、${b},person,60.00,register`,
        `2号楼,${unit},102,鲁(2020)泰安市不动产权第0900102号,乙、丙,${b}、${c},person,61.00,register`,
        `2号楼,${unit},201,鲁(2020)泰安市不动产权第0900201号,丙,${c},person,62.00,register`,
        `2号楼,${unit},202,鲁(2020)泰安市不动产权第0900202号,丙,${c},person,63.00,survey`,
      ]),
    );
  await page.getByRole("button", { name: "预览人数" }).click();

  const preview = page.getByRole("region", { name: "导入前预览：按人数计算" });
  await expect(preview.getByRole("status")).toContainText("这个文件登记了 4 户，按人数计为 3 人");
  const addr = (room: string) => `2号楼${unit}${room}`;
  await expect(preview.getByRole("list", { name: "合并计为一人的房屋" })).toHaveText(
    `${addr("201")}、${addr("202")}：业主完全相同（丙），按一人计算，面积合计。`,
  );
  const apart = preview.getByRole("list", { name: "有共同业主、但分别计人的房屋" });
  await expect(apart.getByRole("listitem")).toHaveText([
    `乙 是这些房屋的业主之一，但各户业主不完全相同，分别计人：${addr("101")}；${addr("102")}。`,
    `丙 是这些房屋的业主之一，但各户业主不完全相同，分别计人：${addr("102")}；${addr("201")}、${addr("202")}。`,
  ]);
  await expectAccessible(page);

  const owned = () => {
    const db = e2eDb();
    const rows = db
      .prepare(
        `SELECT h."room", o."name" FROM "Ownership" s
           JOIN "Household" h ON h."id" = s."householdId" JOIN "Owner" o ON o."id" = s."ownerId"
           JOIN "Unit" u ON u."id" = h."unitId" JOIN "Building" b ON b."id" = u."buildingId"
         WHERE u."name" = ? AND b."name" = '2号楼' ORDER BY h."room", o."id"`,
      )
      .all(unit) as { room: string; name: string }[];
    db.close();
    return rows.map((r) => `${r.room}${r.name}`);
  };
  // nothing is written by the preview
  expect(owned()).toEqual([]);

  await preview.getByRole("button", { name: "确认导入这 4 户" }).click();
  await page.waitForURL(/\/compounds\/2\/households$/);
  // the same person is one owner across lines, recognised by the ID number's keyed hash
  await expect
    .poll(owned, { timeout: 30_000 })
    .toEqual(["101甲", "101乙", "102乙", "102丙", "201丙", "202丙"]);
  const db = e2eDb();
  const people = db
    .prepare(
      `SELECT COUNT(DISTINCT s."ownerId") n FROM "Ownership" s
         JOIN "Household" h ON h."id" = s."householdId" JOIN "Unit" u ON u."id" = h."unitId"
       WHERE u."name" = ?`,
    )
    .get(unit) as { n: number };
  db.close();
  expect(people.n).toBe(3);
});
