import { describe, expect, it } from "vitest";
import { CATALOGUE, catalogueEntry, isDangerous, optionKind } from "./catalogue";
import { maskName } from "./privacy";
import { receiptCode } from "./receipt.server";
import { normaliseReceipt, receiptChannel } from "./receipt";

describe("catalogue", () => {
  it("has the three guideline categories and unique keys", () => {
    expect(new Set(CATALOGUE.map((e) => e.category))).toEqual(
      new Set(["basic", "improvement", "upgrade"]),
    );
    expect(new Set(CATALOGUE.map((e) => e.key)).size).toBe(CATALOGUE.length);
    expect(catalogueEntry("elevator")?.alteration).toBe(true);
    expect(catalogueEntry("structural_reinforcement")?.alteration).toBe(true);
  });
  it("classifies an option by the needs it covers and flags C/D buildings", () => {
    expect(optionKind([{ alteration: false }, { alteration: true }])).toBe("alteration");
    expect(optionKind([{ alteration: false }])).toBe("ordinary");
    expect(["A", "B", "C", "D"].map(isDangerous)).toEqual([false, false, true, true]);
  });
});

describe("privacy", () => {
  it("masks owner names", () => {
    expect(maskName("张三")).toBe("张**");
    expect(maskName("欧阳修远")).toBe("欧***");
    expect(maskName("Li")).toBe("L**");
    expect(maskName("")).toBe("");
  });
});

describe("receipt codes", () => {
  it("are stable per round and household, differ otherwise, and depend on the key", () => {
    const a = receiptCode("k", 1, 1);
    expect(a).toMatch(/^[2-9A-Z]{4}-[2-9A-Z]{4}-[2-9A-Z]{4}$/);
    expect(receiptCode("k", 1, 1)).toBe(a);
    expect(receiptCode("k", 1, 2)).not.toBe(a);
    expect(receiptCode("k", 2, 1)).not.toBe(a);
    expect(receiptCode("other", 1, 1)).not.toBe(a);
  });
  it("accept what a person types", () => {
    expect(normaliseReceipt(" abcd efgh-2345 ")).toBe("ABCD-EFGH-2345");
    expect(normaliseReceipt("abc")).toBe("ABC");
  });
});

describe("the channel a receipt shows", () => {
  const at = (m: number) => new Date(Date.UTC(2026, 10, 25, 10, m));
  it("is the latest act's: online, or paper with its sheet number", () => {
    expect(receiptChannel([])).toBeNull();
    const online = { channel: "online", paperSheetNo: null };
    const paper = { channel: "paper", paperSheetNo: "A-17" };
    expect(receiptChannel([{ ...online, updatedAt: at(1) }])).toEqual({ channel: "online" });
    expect(
      receiptChannel([
        { ...online, updatedAt: at(1) },
        { ...paper, updatedAt: at(2) },
      ]),
    ).toEqual({ channel: "paper", sheetNo: "A-17" });
    expect(
      receiptChannel([
        { ...online, updatedAt: at(3) },
        { ...paper, updatedAt: at(2) },
      ]),
    ).toEqual({ channel: "online" });
  });
});
