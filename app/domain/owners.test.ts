import { describe, expect, it } from "vitest";
import {
  certificateTail,
  idCheckCharacter,
  idTailOf,
  inPersonRight,
  maskedCertificate,
  maskedIdTail,
  maskedPhone,
  normaliseFactor,
  normaliseIdNumber,
  ownerByFactor,
  proofsOf,
  proxyRecordRight,
} from "./owners";

describe("the second factor", () => {
  it("takes 4 digits, or 3 digits and X, whatever the width, case or spaces", () => {
    expect(normaliseFactor(" 12 3x ")).toBe("123X");
    expect(normaliseFactor("１２３４")).toBe("1234");
    for (const bad of ["", "123", "12345", "12X4", "abcd"]) expect(normaliseFactor(bad)).toBeNull();
  });

  it("reads a certificate's last 4 digits", () => {
    expect(certificateTail("鲁(2019)泰安市不动产权第0012345号")).toBe("2345");
    expect(certificateTail("第12号")).toBeNull();
  });

  const owners = [
    { ownerId: 1, idTail: "123X", certificateNo: "鲁(2019)泰安市不动产权第0001111号" },
    { ownerId: 2, idTail: null, certificateNo: "鲁(2020)泰安市不动产权第0002222号" },
  ];
  it("finds the owner whose ID tail or certificate tail it is", () => {
    expect(ownerByFactor("123x", owners)).toBe(1);
    expect(ownerByFactor("1111", owners)).toBe(1);
    expect(ownerByFactor("2222", owners)).toBe(2);
  });
  it("finds nobody for a wrong factor, a malformed one, or a flat without recorded owners", () => {
    expect(ownerByFactor("9999", owners)).toBeNull();
    expect(ownerByFactor("12", owners)).toBeNull();
    expect(ownerByFactor("1111", [])).toBeNull();
    // a certificate too short to have a tail matches nothing
    expect(ownerByFactor("0012", [{ ownerId: 3, idTail: null, certificateNo: "12" }])).toBeNull();
  });
});

describe("ID numbers and what staff see of them", () => {
  it("accepts 18-character and old 15-digit ID numbers only", () => {
    expect(normaliseIdNumber("37090219800101006x")).toBe("37090219800101006X");
    expect(normaliseIdNumber(" 370902198001011230 ")).toBe("370902198001011230");
    expect(normaliseIdNumber("370902800101123")).toBe("370902800101123");
    for (const bad of ["3709021980010112", "37090219800101123Y", ""])
      expect(normaliseIdNumber(bad)).toBeNull();
  });
  it("refuses an 18-character number whose check character does not match (GB 11643)", () => {
    // one digit mistyped, two swapped, and the number Excel keeps of an 18-digit number cell
    for (const bad of ["370902198001011231", "370902198001011320", "370902198001011000"])
      expect(normaliseIdNumber(bad)).toBeNull();
    // every check character is reachable: X among them
    expect(normaliseIdNumber("370902198203040048")).toBe("370902198203040048");
    expect(normaliseIdNumber("37090219820304003X")).toBe("37090219820304003X");
  });
  it("shows at most the last 4 characters", () => {
    expect(maskedIdTail("123X")).toBe("**************123X");
    expect(maskedIdTail(null)).toBe("");
    expect(maskedCertificate("鲁(2019)泰安市不动产权第0012345号")).toBe("…2345");
    expect(maskedCertificate(null)).toBe("");
  });
});

describe("the factor's edges", () => {
  it("refuses anything around 4 characters: a tab, a prefix or suffix, a wrong last character", () => {
    expect(normaliseFactor("\t1234\n")).toBe("1234");
    for (const bad of ["a1234", "1234a", "X123", "1 2 3 4 5", "123Y"])
      expect(normaliseFactor(bad)).toBeNull();
  });
  it("reads an ID number's tail and check character (GB 11643 weights)", () => {
    expect(idTailOf("37090219800101006X")).toBe("006X");
    expect(idCheckCharacter("37090219800101006")).toBe("X");
    expect(idCheckCharacter("37090219820304004")).toBe("8");
    // every digit weighs: the first and the last of the 17 change the check character
    expect(idCheckCharacter("47090219820304004")).not.toBe("8");
    expect(idCheckCharacter("37090219820304005")).not.toBe("8");
    expect(idCheckCharacter("11010519491231002")).toBe("X");
    expect(idCheckCharacter("00000000000000000")).toBe("1");
  });
  it("normalises full-width and spaced ID numbers, and refuses one character short or long", () => {
    expect(normaliseIdNumber("３７０９０２１９８００１０１００６Ｘ")).toBe("37090219800101006X");
    expect(normaliseIdNumber("370902 19800101 006x")).toBe("37090219800101006X");
    for (const bad of ["37090280010112", "3709028001011234", "a37090219800101006X"])
      expect(normaliseIdNumber(bad)).toBeNull();
  });
  it("takes a certificate of exactly 4 digits, full-width too", () => {
    expect(certificateTail("第1234号")).toBe("1234");
    expect(certificateTail("第１２３４５号")).toBe("2345");
    expect(certificateTail("第123号")).toBeNull();
    expect(maskedCertificate("第12号")).toBe("");
  });
  it("matches an ID tail whatever its case, and a certificate's tail when the ID does not", () => {
    expect(ownerByFactor("123X", [{ ownerId: 5, idTail: "123x", certificateNo: null }])).toBe(5);
    expect(
      ownerByFactor("4321", [
        { ownerId: 5, idTail: "0000", certificateNo: null },
        { ownerId: 6, idTail: null, certificateNo: "第04321号" },
      ]),
    ).toBe(6);
  });
});

describe("the owner's proof", () => {
  it("offers the code only when the register has the owner's phone", () => {
    expect(proofsOf({ phone: "13912345678" })).toEqual(["sms", "in_person"]);
    expect(proofsOf({ phone: null })).toEqual(["in_person"]);
    expect(proofsOf({ phone: "" })).toEqual(["in_person"]);
  });
  it("shows where the code went: first 3 and last 4 digits, never the whole number", () => {
    expect(maskedPhone("13912345678")).toBe("139****5678");
    expect(maskedPhone("139-1234-5678")).toBe("139****5678");
    expect(maskedPhone("1234567")).toBe("123****4567");
    expect(maskedPhone("123456")).toBe("****");
  });

  const worker = { role: "community_worker", communityId: 3 };
  const flat = { communityId: 3, ownerIds: [10, 11] };
  const check = { ownerId: 11, idCardSeen: true, certificateSeen: true, relation: "occupant" };
  it("lets a worker of the flat's community confirm an occupant as an owner of record, both papers seen", () => {
    expect(inPersonRight(worker, flat, check)).toEqual({ ok: true });
  });
  it("refuses anyone else, a non-member, an owner already, another owner, a paper not seen", () => {
    const refused = (reason: string) => ({ ok: false, reason });
    expect(inPersonRight({ ...worker, communityId: 4 }, flat, check)).toEqual(
      refused("reason_outside_jurisdiction"),
    );
    expect(inPersonRight({ role: "street_office", communityId: 3 }, flat, check)).toEqual(
      refused("reason_outside_jurisdiction"),
    );
    expect(inPersonRight(worker, flat, { ...check, relation: null })).toEqual(
      refused("not_your_household"),
    );
    expect(inPersonRight(worker, flat, { ...check, relation: "owner" })).toEqual(
      refused("already_owner"),
    );
    expect(inPersonRight(worker, flat, { ...check, ownerId: 12 })).toEqual(
      refused("not_an_owner_of_record"),
    );
    expect(inPersonRight(worker, flat, { ...check, idCardSeen: false })).toEqual(
      refused("documents_not_seen"),
    );
    expect(inPersonRight(worker, flat, { ...check, certificateSeen: false })).toEqual(
      refused("documents_not_seen"),
    );
  });
});

describe("who records a proxy", () => {
  const round = { communityId: 3, phase: "TASTING" };
  it("is the worker of the round's community, before the round closes", () => {
    for (const phase of ["DRAFT", "ORDERING", "COOKING", "TASTING"])
      expect(
        proxyRecordRight({ role: "community_worker", communityId: 3 }, { ...round, phase }),
      ).toEqual({ ok: true });
  });
  it("refuses another community's worker, other roles, and a closed round", () => {
    expect(proxyRecordRight({ role: "community_worker", communityId: 4 }, round)).toEqual({
      ok: false,
      reason: "reason_outside_jurisdiction",
    });
    expect(proxyRecordRight({ role: "street_office", communityId: 3 }, round)).toEqual({
      ok: false,
      reason: "reason_outside_jurisdiction",
    });
    for (const phase of ["CLOSED", "CONSTRUCTION"])
      expect(
        proxyRecordRight({ role: "community_worker", communityId: 3 }, { ...round, phase }),
      ).toEqual({ ok: false, reason: "proxy_round_closed" });
  });
});
