import ExcelJS from "exceljs";
import { describe, expect, it } from "vitest";
import { db } from "~/db.server";
import { REGISTER_COLUMNS, type HeadsPreview } from "~/domain/register";
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

async function post(compoundId: number, accountId: number, form: FormData) {
  form.set("csrf", "t");
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

/** The first step: the file is previewed, nothing is written. */
async function upload(
  compoundId: number,
  accountId: number,
  bytes: ArrayBuffer,
  name = "登记簿.xlsx",
) {
  const form = new FormData();
  form.set("intent", "preview_register");
  form.set("file", new File([bytes], name));
  return post(compoundId, accountId, form);
}

/** The second step: the previewed lines, posted back as the preview's form carries them. */
async function confirm(compoundId: number, accountId: number, records: string) {
  const form = new FormData();
  form.set("intent", "import");
  form.set("records", records);
  return post(compoundId, accountId, form);
}

type Previewed = { preview: HeadsPreview; records: string };

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
    const previewed = (await upload(compound.id, worker.id, bytes)) as Previewed;
    // one person's two flats: one head, said before anything is written
    expect(previewed.preview).toMatchObject({ flats: 2, heads: 1 });
    expect(previewed.preview.joined).toEqual([
      {
        addresses: ["1号楼1单元101", "1号楼1单元102"],
        earlier: [],
        owners: ["王五"],
        reason: "same_owners",
      },
    ]);
    expect(await ownersOf(compound.id)).toEqual([]);
    const answer = (await confirm(compound.id, worker.id, previewed.records)) as Response;
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

  it("previews a chain of co-owners as three heads, then imports exactly the previewed lines", async () => {
    const { compound, community } = await buildCompound();
    const worker = await buildAccount("community_worker", { communityId: community.id });
    const [a, b, c] = ["370902198001011230", "37090219820304003X", ID];
    const csv = [
      HEADER.join(","),
      `1号楼,1单元,101,c-101,甲、乙,${a}、${b},person,60,register`,
      `1号楼,1单元,102,c-102,乙、丙,${b}、${c},person,60,register`,
      `1号楼,1单元,201,c-201,丙,${c},person,60,register`,
      "1号楼,1单元,202,c-202,某开发公司,,developer,60,survey",
      "1号楼,1单元,301,c-301,某开发公司,,开发商,60,survey",
    ].join("\n");
    const previewed = (await upload(
      compound.id,
      worker.id,
      new TextEncoder().encode(csv).buffer as ArrayBuffer,
      "register.csv",
    )) as Previewed;
    expect(previewed.preview).toEqual({
      flats: 5,
      heads: 4,
      joined: [
        {
          addresses: ["1号楼1单元202", "1号楼1单元301"],
          earlier: [],
          owners: ["某开发公司"],
          reason: "developer",
        },
      ],
      apart: [
        { owner: "乙", heads: [["1号楼1单元101"], ["1号楼1单元102"]] },
        { owner: "丙", heads: [["1号楼1单元102"], ["1号楼1单元201"]] },
      ],
    });
    expect(
      await db.ownership.count({
        where: { household: { unit: { building: { compoundId: compound.id } } } },
      }),
    ).toBe(0);
    // the confirmation imports the lines the preview carried; the people are recognised by ID hash
    const answer = (await confirm(compound.id, worker.id, previewed.records)) as Response;
    expect(answer.status).toBe(302);
    const owners = await ownersOf(compound.id);
    expect(owners.map((o) => [o.name, o.ownerships.length])).toEqual([
      ["甲", 1],
      ["乙", 2],
      ["丙", 2],
      ["某开发公司", 2],
    ]);
    // a second preview of a flat now owned is refused line by line, as the import would be
    const again = (await upload(
      compound.id,
      worker.id,
      new TextEncoder().encode(csv.split("\n").slice(0, 2).join("\n")).buffer as ArrayBuffer,
      "register.csv",
    )) as { data: { lines: { line: number; code: string }[] }; init: { status: number } };
    expect(again.init.status).toBe(422);
    expect(again.data.lines).toEqual([{ line: 2, code: "register_owned" }]);
  });

  it("joins a new flat of a person already on the register in the preview, and refuses unreadable lines", async () => {
    const { compound, community } = await buildCompound();
    const worker = await buildAccount("community_worker", { communityId: community.id });
    const file = (lines: string[]) =>
      new TextEncoder().encode([HEADER.join(","), ...lines].join("\n")).buffer as ArrayBuffer;
    const first = (await upload(
      compound.id,
      worker.id,
      file([`1号楼,1单元,101,c-101,王五,${ID},person,60,register`]),
      "a.csv",
    )) as Previewed;
    await confirm(compound.id, worker.id, first.records);
    const second = (await upload(
      compound.id,
      worker.id,
      file([`1号楼,1单元,102,c-102,王五,${ID.toLowerCase()},person,70,register`]),
      "b.csv",
    )) as Previewed;
    expect(second.preview).toEqual({
      flats: 1,
      heads: 1,
      joined: [
        {
          addresses: ["1号楼1单元102"],
          earlier: ["1号楼1单元101"],
          owners: ["王五"],
          reason: "same_owners",
        },
      ],
      apart: [],
    });
    // lines that are not what a preview sends are refused with a message, and nothing changes
    for (const records of ["not json", JSON.stringify([[1, 2]]), JSON.stringify({ a: 1 })]) {
      const bad = (await confirm(compound.id, worker.id, records)) as {
        data: { form: string };
        init: { status: number };
      };
      expect([bad.init.status, bad.data.form]).toEqual([400, "errors.register_file"]);
    }
    expect((await ownersOf(compound.id)).map((o) => o.ownerships.length)).toEqual([1]);
  });
});
