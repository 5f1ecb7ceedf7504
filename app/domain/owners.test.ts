import { describe, expect, it } from "vitest";
import {
  certificateTail,
  maskedCertificate,
  maskedIdTail,
  normaliseFactor,
  normaliseIdNumber,
  ownerByFactor,
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
