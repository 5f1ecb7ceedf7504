import { describe, expect, it } from "vitest";
import en from "./en.json";
import zhCN from "./zh-CN.json";
import { createTranslator } from "./translate";

describe("the translator (the part of i18next the app uses)", () => {
  const dict = {
    nav: { skip: "Skip to content" },
    ratings_one: "({{count}} rating)",
    ratings_other: "({{count}} ratings)",
    hello: "Hello {{ name }}, {{who.first}}!",
    plain: "{{count}} left",
  };
  const { t, language } = createTranslator("en", dict);

  it("reads nested keys and answers a missing key with the key", () => {
    expect(language).toBe("en");
    expect(t("nav.skip")).toBe("Skip to content");
    expect(t("nav.nowhere")).toBe("nav.nowhere");
    // a key naming a branch, not a text, is missing too
    expect(t("nav")).toBe("nav");
  });

  it("chooses the plural form by count, as Intl.PluralRules names it, else the bare key", () => {
    expect(t("ratings", { count: 1 })).toBe("(1 rating)");
    expect(t("ratings", { count: 3 })).toBe("(3 ratings)");
    expect(t("plain", { count: 2 })).toBe("2 left");
    // Chinese has one form: _other
    const zh = createTranslator("zh-CN", { n_one: "一", n_other: "{{count}} 条" });
    expect(zh.t("n", { count: 1 })).toBe("1 条");
  });

  it("interpolates values unescaped (React escapes) and leaves a missing one as written", () => {
    expect(t("hello", { name: "<b>王</b>", who: { first: "Li" } })).toBe("Hello <b>王</b>, Li!");
    expect(t("hello", { name: 0 })).toBe("Hello 0, {{who.first}}!");
  });

  it("works unbound, as messages.server.ts passes it around", () => {
    const bare = createTranslator("zh-CN", zhCN).t;
    expect(bare("nav.skip")).toBe((zhCN as { nav: { skip: string } }).nav.skip);
    expect(createTranslator("en", en).t("nav.skip")).toBe(
      (en as { nav: { skip: string } }).nav.skip,
    );
  });
});
