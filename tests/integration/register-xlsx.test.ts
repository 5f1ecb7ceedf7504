import ExcelJS from "exceljs";
import { describe, expect, it } from "vitest";
import { db } from "~/db.server";
import { REGISTER_COLUMNS } from "~/domain/register";
import { idHashOf } from "~/models/owner.server";
import { action as register } from "~/routes/register";
import { buildAccount, buildCompound } from "#tests/fixtures";
import { cookieFor } from "#tests/fixtures/session";

// The property register arrives as Excel more often than as CSV (issue 18): the same import
// through the route, from an .xlsx file as a community worker uploads it.

const HEADER: string[] = [...REGISTER_COLUMNS];
const ID = "37090219800101006X";

async function xlsx(rows: (string | number)[][]) {
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet("登记簿");
  for (const r of [HEADER, ...rows]) sheet.addRow(r);
  return (await book.xlsx.writeBuffer()) as ArrayBuffer;
}

async function upload(compoundId: number, accountId: number, bytes: ArrayBuffer) {
  const form = new FormData();
  form.set("csrf", "t");
  form.set("file", new File([bytes], "登记簿.xlsx"));
  const request = new Request(`http://localhost/compounds/${compoundId}/register`, {
    method: "POST",
    headers: { Cookie: await cookieFor(accountId), Origin: "http://localhost" },
    body: form,
  });
  return register({
    request,
    params: { compoundId: String(compoundId) },
    context: {},
  } as unknown as Parameters<typeof register>[0]);
}

const ownersOf = (compoundId: number) =>
  db.owner.findMany({
    where: { compoundId },
    include: { ownerships: true },
    orderBy: { id: "asc" },
  });

describe("importing the property register from an .xlsx file", () => {
  it("records owners and areas from text and number cells alike", async () => {
    const { compound, community, households } = await buildCompound();
    const worker = await buildAccount("community_worker", { communityId: community.id });
    const bytes = await xlsx([
      // the ID number as text (a number cell would lose its last digits), the area as a number
      [
        "1号楼",
        "1单元",
        "101",
        "鲁(2019)泰安市不动产权第0000101号",
        "王五",
        ID,
        "person",
        90.5,
        "register",
      ],
      [
        "1号楼",
        "1单元",
        "102",
        "鲁(2019)泰安市不动产权第0000102号",
        "王五",
        ID,
        "person",
        60,
        "contract",
      ],
    ]);
    const answer = (await upload(compound.id, worker.id, bytes)) as Response;
    expect(answer.status).toBe(302);
    expect(answer.headers.get("Location")).toBe(`/compounds/${compound.id}/households`);
    const owners = await ownersOf(compound.id);
    expect(owners.map((o) => [o.name, o.ownerships.length, o.idTail, o.idHash])).toEqual([
      ["王五", 2, "006X", idHashOf(ID)],
    ]);
    const flats = await db.household.findMany({
      where: { id: { in: [households[0].id, households[1].id] } },
      orderBy: { id: "asc" },
    });
    expect(flats.map((f) => [f.areaCenti, f.areaSource])).toEqual([
      [9050, "register"],
      [6000, "contract"],
    ]);
  });

  it("refuses an ID number Excel stored as a number, line by line, and saves nothing", async () => {
    const { compound, community } = await buildCompound();
    const worker = await buildAccount("community_worker", { communityId: community.id });
    const bytes = await xlsx([
      ["1号楼", "1单元", "101", "c-0101", "王五", ID, "person", 90.5, "register"],
      // 370902198001011230 typed into a General cell: Excel keeps 15 significant digits
      ["1号楼", "1单元", "102", "c-0102", "赵六", 370902198001011000, "person", 60, "register"],
    ]);
    const answer = (await upload(compound.id, worker.id, bytes)) as {
      data: { form: string; lines: { line: number; code: string }[] };
      init: { status: number };
    };
    expect(answer.init.status).toBe(422);
    expect(answer.data.form).toBe("errors.roster_rejected");
    expect(answer.data.lines).toEqual([{ line: 3, code: "register_id" }]);
    expect(await ownersOf(compound.id)).toEqual([]);
  });
});
