import { describe, expect, it } from "vitest";
import {
  MAX_REGISTER_LINES,
  ownerIdentity,
  previewHeads,
  normaliseMobile,
  REGISTER_COLUMNS,
  REGISTER_CONTACT_COLUMNS,
  validateRegister,
  type PreviewFlat,
} from "./register";

const header = [...REGISTER_COLUMNS];
const flats = {
  byAddress: new Map([
    ["1号楼|1单元|101", 11],
    ["1号楼|1单元|102", 12],
    ["1号楼|1单元|201", 13],
  ]),
  owned: new Set([13]),
};
const line = (over: Partial<Record<(typeof REGISTER_COLUMNS)[number], string>> = {}) => {
  const base: Record<string, string> = {
    building: "1号楼",
    unit: "1单元",
    room: "101",
    certificate_no: "鲁(2019)泰安市不动产权第0012345号",
    owners: "张三、李四",
    id_numbers: "370902198001011230、37090219820304003x",
    owner_kind: "person",
    area: "85.50",
    area_source: "register",
    ...over,
  };
  return REGISTER_COLUMNS.map((c) => base[c]);
};

describe("validateRegister", () => {
  it("reads co-owners with their ID numbers, the kind, the area and its source", () => {
    const { rows, errors } = validateRegister(
      [
        header,
        line(),
        line({
          room: "102",
          owners: "某开发公司",
          id_numbers: "",
          owner_kind: "开发商",
          area_source: "实测",
        }),
      ],
      flats,
    );
    expect(errors).toEqual([]);
    expect(rows[0]).toMatchObject({
      flatId: 11,
      kind: "person",
      areaCenti: 8550,
      areaSource: "register",
      owners: [
        { name: "张三", idNumber: "370902198001011230" },
        { name: "李四", idNumber: "37090219820304003X" },
      ],
    });
    expect(rows[1]).toMatchObject({ flatId: 12, kind: "developer", areaSource: "survey" });
    expect(rows[1].owners).toEqual([
      { name: "某开发公司", idNumber: null, phone: null, email: null },
    ]);
  });

  it("reports every bad line with its number, and imports none", () => {
    const { rows, errors } = validateRegister(
      [
        header,
        line({ room: "999" }),
        line({ room: "201" }),
        line({ certificate_no: "" }),
        line({ id_numbers: "370902198001011230" }),
        line({ id_numbers: "123、456" }),
        line({ owner_kind: "bank" }),
        line({ area: "abc" }),
        line({ area_source: "guess" }),
        line({ owners: "甲、乙", owner_kind: "developer", id_numbers: "" }),
        line(),
        line(),
      ],
      flats,
    );
    expect(rows).toEqual([]);
    expect(errors).toEqual([
      { line: 2, code: "register_flat" },
      { line: 3, code: "register_owned" },
      { line: 4, code: "register_certificate" },
      { line: 5, code: "register_id_count" },
      { line: 6, code: "register_id" },
      { line: 7, code: "register_kind" },
      { line: 8, code: "roster_area" },
      { line: 9, code: "register_area_source" },
      { line: 10, code: "register_owners" },
      { line: 12, code: "roster_duplicate" },
    ]);
  });

  it("refuses a wrong header or an empty file at line 1", () => {
    expect(validateRegister([["building", "unit"]], flats).errors).toEqual([
      { line: 1, code: "register_header" },
    ]);
    expect(validateRegister([header], flats).errors).toEqual([{ line: 1, code: "roster_empty" }]);
  });

  const one = (over: Parameters<typeof line>[0]) => validateRegister([header, line(over)], flats);
  const code = (over: Parameters<typeof line>[0]) => one(over).errors.map((e) => e.code);

  it("reads a header in any case and with spaces, and every co-owner separator", () => {
    const loose = header.map((h) => ` ${h.toUpperCase()} `);
    expect(validateRegister([loose, line()], flats).errors).toEqual([]);
    for (const sep of ["、", ";", "；", "/", "|"]) {
      const { rows, errors } = one({
        owners: `甲${sep}乙`,
        id_numbers: `370902198001011230${sep}37090219820304003X`,
      });
      expect(errors).toEqual([]);
      expect(rows[0].owners.map((o) => o.name)).toEqual(["甲", "乙"]);
    }
    // blanks around and between names are dropped; full-width letters and spaces are normalised
    expect(one({ owners: " 甲 、、 乙 ", id_numbers: "" }).rows[0].owners).toMatchObject([
      { name: "甲", idNumber: null },
      { name: "乙", idNumber: null },
    ]);
    expect(one({ room: "１０１", owners: "甲", id_numbers: "" }).rows[0].flatId).toBe(11);
  });

  it("refuses a header with a column missing or out of order, and a file past the line limit", () => {
    expect(validateRegister([header.slice(1), line()], flats).errors).toEqual([
      { line: 1, code: "register_header" },
    ]);
    expect(validateRegister([[...header].reverse(), line()], flats).errors).toEqual([
      { line: 1, code: "register_header" },
    ]);
    expect(validateRegister([], flats).errors).toEqual([{ line: 1, code: "register_header" }]);
    const at = (n: number) => validateRegister([header, ...Array(n).fill(line())], flats).errors;
    expect(at(MAX_REGISTER_LINES + 1)).toEqual([{ line: 1, code: "roster_too_long" }]);
    // at the limit the lines are read (and the repeats refused one by one)
    expect(at(MAX_REGISTER_LINES)[0]).toEqual({ line: 3, code: "roster_duplicate" });
  });

  it("refuses a line with too few or too many cells", () => {
    expect(validateRegister([header, line().slice(1)], flats).errors).toEqual([
      { line: 2, code: "roster_columns" },
    ]);
    expect(validateRegister([header, [...line(), "x"]], flats).errors).toEqual([
      { line: 2, code: "roster_columns" },
    ]);
  });

  it("bounds the certificate, the owners and their names", () => {
    expect(code({ certificate_no: "x".repeat(60) })).toEqual([]);
    expect(code({ certificate_no: "x".repeat(61) })).toEqual(["register_certificate"]);
    expect(code({ certificate_no: "  " })).toEqual(["register_certificate"]);
    expect(code({ owners: "", id_numbers: "" })).toEqual(["register_owners"]);
    const names = (n: number) => Array.from({ length: n }, (_, i) => `人${i}`).join("、");
    expect(code({ owners: names(10), id_numbers: "" })).toEqual([]);
    expect(code({ owners: names(11), id_numbers: "" })).toEqual(["register_owners"]);
    expect(code({ owners: "名".repeat(60), id_numbers: "" })).toEqual([]);
    expect(code({ owners: `甲、${"名".repeat(61)}`, id_numbers: "" })).toEqual(["register_owners"]);
    // more ID numbers than owners, or one that is not an ID number
    expect(code({ owners: "甲", id_numbers: "370902198001011230、37090219820304003X" })).toEqual([
      "register_id_count",
    ]);
    expect(code({ owners: "甲", id_numbers: "370902198001011231" })).toEqual(["register_id"]);
  });

  it("reads every name a register export gives the kinds and the area sources", () => {
    const kinds: [string, string][] = [
      ["", "person"],
      ["个人", "person"],
      ["PERSON", "person"],
      ["开发商", "developer"],
      ["开发建设单位", "developer"],
      ["Developer", "developer"],
      ["公房", "public_landlord"],
      ["公房产权单位", "public_landlord"],
      ["public_landlord", "public_landlord"],
    ];
    for (const [raw, kind] of kinds)
      expect(one({ owner_kind: raw, owners: "甲", id_numbers: "" }).rows[0]?.kind).toBe(kind);
    const sources: [string, string][] = [
      ["登记", "register"],
      ["不动产登记", "register"],
      ["Register", "register"],
      ["实测", "survey"],
      ["测绘", "survey"],
      ["SURVEY", "survey"],
      ["合同", "contract"],
      ["购房合同", "contract"],
      ["contract", "contract"],
    ];
    for (const [raw, source] of sources)
      expect(one({ area_source: raw }).rows[0]?.areaSource).toBe(source);
    expect(code({ area_source: "" })).toEqual(["register_area_source"]);
    // a public landlord is one name per line, like the developer
    expect(code({ owner_kind: "公房", owners: "甲、乙", id_numbers: "" })).toEqual([
      "register_owners",
    ]);
  });

  it("takes an area from 1 to 2,000 m² to the hundredth", () => {
    const area = (a: string) => one({ area: a });
    expect(area("1").rows[0].areaCenti).toBe(100);
    expect(area("2000").rows[0].areaCenti).toBe(200_000);
    expect(area("0.99").errors).toEqual([{ line: 2, code: "roster_area" }]);
    expect(area("2000.01").errors).toEqual([{ line: 2, code: "roster_area" }]);
    expect(area("85.505").errors).toEqual([{ line: 2, code: "roster_area" }]);
    expect(area("").errors).toEqual([{ line: 2, code: "roster_area" }]);
  });

  it("keeps the line number and certificate of each row", () => {
    const { rows } = validateRegister(
      [header, line({ room: "102", certificate_no: " 鲁(2020)第1号 " }), line()],
      flats,
    );
    expect(rows.map((r) => [r.line, r.flatId, r.certificateNo])).toEqual([
      [2, 12, "鲁(2020)第1号"],
      [3, 11, "鲁(2019)泰安市不动产权第0012345号"],
    ]);
  });
});

describe("ownerIdentity", () => {
  it("recognises a person by ID hash only, the developer and a public landlord by name", () => {
    expect(ownerIdentity("person", "张三", "abc")).toBe("id:abc");
    expect(ownerIdentity("developer", "某公司", "abc")).toBe("id:abc");
    expect(ownerIdentity("person", "张三", null)).toBeNull();
    expect(ownerIdentity("developer", "某公司", null)).toBe("developer|某公司");
    expect(ownerIdentity("public_landlord", "房管所", null)).toBe("public_landlord|房管所");
  });
});

describe("previewHeads", () => {
  const person = (key: string, name = key) => ({ key, name, kind: "person" as const });
  const flat = (id: number, owners: PreviewFlat["owners"], inFile = true): PreviewFlat => ({
    id,
    address: `10${id}`,
    owners,
    inFile,
  });

  it("counts the chain A+B, B+C, C as three heads and says why they stay apart", () => {
    const p = previewHeads([
      flat(1, [person("A"), person("B")]),
      flat(2, [person("B"), person("C")]),
      flat(3, [person("C")]),
    ]);
    expect(p).toEqual({
      flats: 3,
      heads: 3,
      joined: [],
      apart: [
        { owner: "B", heads: [["101"], ["102"]] },
        { owner: "C", heads: [["102"], ["103"]] },
      ],
    });
  });

  it("joins identical owner sets and the developer's flats, and names the reason", () => {
    const dev = { key: "developer|某公司", name: "某公司", kind: "developer" as const };
    const landlord = {
      key: "public_landlord|房管所",
      name: "房管所",
      kind: "public_landlord" as const,
    };
    const p = previewHeads([
      flat(1, [person("A", "王五"), person("B", "赵六")]),
      flat(2, [dev]),
      flat(3, [person("B", "赵六"), person("A", "王五")]),
      flat(4, [dev]),
      flat(5, [landlord]),
      flat(6, [landlord]),
      flat(7, []),
      flat(8, []),
    ]);
    expect(p.flats).toBe(8);
    expect(p.heads).toBe(5);
    expect(p.joined).toEqual([
      { addresses: ["101", "103"], earlier: [], owners: ["王五", "赵六"], reason: "same_owners" },
      { addresses: ["102", "104"], earlier: [], owners: ["某公司"], reason: "developer" },
      { addresses: ["105", "106"], earlier: [], owners: ["房管所"], reason: "public_landlord" },
    ]);
    expect(p.apart).toEqual([]);
  });

  it("joins a file's flat with one already on the register, and counts only the file's heads", () => {
    const p = previewHeads([
      flat(1, [person("owner:7", "王五")]),
      flat(2, [person("owner:7", "王五")], false),
      flat(3, [person("owner:8", "李四")], false),
      flat(4, [person("owner:8", "李四"), person("id:x", "周二")]),
      flat(5, [person("owner:9", "钱七")], false),
    ]);
    expect(p.flats).toBe(2);
    expect(p.heads).toBe(2);
    expect(p.joined).toEqual([
      { addresses: ["101"], earlier: ["102"], owners: ["王五"], reason: "same_owners" },
    ]);
    // 李四's flats count apart; 钱七's earlier flat is nobody's business here
    expect(p.apart).toEqual([{ owner: "李四", heads: [["103"], ["104"]] }]);
  });

  it("joins one person's flats, whatever flats of theirs stand between", () => {
    const p = previewHeads([
      flat(1, [person("A")]),
      flat(2, [person("A"), person("B")]),
      flat(3, [person("A")]),
    ]);
    expect(p.heads).toBe(2);
    expect(p.joined.map((j) => j.addresses)).toEqual([["101", "103"]]);
    expect(p.apart).toEqual([{ owner: "A", heads: [["101", "103"], ["102"]] }]);
  });
});

describe("the register's optional phones and emails (where an owner's code is sent)", () => {
  const withContacts = [...header, ...REGISTER_CONTACT_COLUMNS];
  const contactLine = (phones: string, emails: string) => [...line(), phones, emails];

  it("reads one mobile number and email per owner, '-' for an owner without one", () => {
    const { rows, errors } = validateRegister(
      [withContacts, contactLine("+86 138-0000-1234、-", "-、Li.Si@Example.cn")],
      flats,
    );
    expect(errors).toEqual([]);
    expect(rows[0].owners).toEqual([
      { name: "张三", idNumber: "370902198001011230", phone: "13800001234", email: null },
      { name: "李四", idNumber: "37090219820304003X", phone: null, email: "li.si@example.cn" },
    ]);
  });

  it("takes the phones column alone, and leaves contacts empty without those columns", () => {
    const phonesOnly = [...header, "phones"];
    expect(
      validateRegister([phonesOnly, [...line(), "13800001234、13900005678"]], flats).errors,
    ).toEqual([]);
    const { rows } = validateRegister([header, line()], flats);
    expect(rows[0].owners.map((o) => [o.phone, o.email])).toEqual([
      [null, null],
      [null, null],
    ]);
  });

  it("refuses a wrong number, a count unlike the owners', a bad email and unknown columns", () => {
    const code = (phones: string, emails = "") =>
      validateRegister([withContacts, contactLine(phones, emails)], flats).errors[0]?.code;
    expect(code("1380000123、-")).toBe("register_phone");
    expect(code("23800001234、-")).toBe("register_phone");
    expect(code("13800001234")).toBe("register_phone_count");
    expect(code("", "a@b、c")).toBe("register_email");
    expect(code("", "a@b.cn")).toBe("register_email_count");
    expect(
      validateRegister(
        [
          [...header, "emails"],
          [...line(), ""],
        ],
        flats,
      ).errors,
    ).toEqual([{ line: 1, code: "register_header" }]);
    // a line must have as many cells as the header
    expect(validateRegister([withContacts, line()], flats).errors[0].code).toBe("roster_columns");
  });

  it("normalises mainland mobile numbers only", () => {
    expect(normaliseMobile("86 13800001234")).toBe("13800001234");
    expect(normaliseMobile("+8613800001234")).toBe("13800001234");
    expect(normaliseMobile("12800001234")).toBeNull();
    expect(normaliseMobile("0538-1234567")).toBeNull();
  });
});
