import { describe, expect, it } from "vitest";
import en from "./en.json";
import zhCN from "./zh-CN.json";
import { makeI18n, type Dictionary, type Language } from "./index";

describe("makeI18n (i18next, as the app sets it up)", () => {
  const dict = {
    nav: { skip: "Skip to content" },
    ratings_one: "({{count}} rating)",
    ratings_other: "({{count}} ratings)",
    hello: "Hello {{ name }}, {{who.first}}!",
    plain: "{{count}} left",
  };
  const i18n = makeI18n("en", dict);
  const { t } = i18n;

  it("is ready when made, reads nested keys and answers a missing key with the key", () => {
    expect(i18n.isInitialized).toBe(true);
    expect(i18n.language).toBe("en");
    expect(t("nav.skip")).toBe("Skip to content");
    expect(t("nav.nowhere")).toBe("nav.nowhere");
    // a colon in a key is part of it, not a namespace (i18next's default would show "nothing")
    expect(t("Note:nothing")).toBe("Note:nothing");
  });

  it("chooses the plural form by count, as Intl.PluralRules names it, else the bare key", () => {
    expect(t("ratings", { count: 1 })).toBe("(1 rating)");
    expect(t("ratings", { count: 3 })).toBe("(3 ratings)");
    expect(t("plain", { count: 2 })).toBe("2 left");
    // Chinese has one form: _other
    const zh = makeI18n("zh-CN", { n_one: "一", n_other: "{{count}} 条" });
    expect(zh.t("n", { count: 1 })).toBe("1 条");
  });

  it("interpolates values unescaped (React escapes) and leaves a missing one as written", () => {
    expect(t("hello", { name: "<b>王</b>", who: { first: "Li" } })).toBe("Hello <b>王</b>, Li!");
    expect(t("hello", { name: 0 })).toBe("Hello 0, {{who.first}}!");
  });

  it("keeps each instance to its own language and dictionary (one per request)", () => {
    const a = makeI18n("en", { k: "English" });
    const b = makeI18n("zh-CN", { k: "中文" });
    expect([a.t("k"), b.t("k"), a.t("k")]).toEqual(["English", "中文", "English"]);
  });

  it("works unbound, as messages.server.ts passes it around", () => {
    const bare = makeI18n("zh-CN", zhCN).t;
    expect(bare("nav.skip")).toBe(zhCN.nav.skip);
    expect(makeI18n("en", en).t("nav.skip")).toBe(en.nav.skip);
  });
});

// Every text of both dictionaries renders through i18next: found by its key (plural forms by
// count), every {{placeholder}} filled when its value is given, nothing of the syntax left over.
describe("every key of both dictionaries renders", () => {
  const PLURAL = /_(one|other)$/;
  function leaves(o: Dictionary, prefix = ""): [string, string][] {
    return Object.entries(o).flatMap(([k, v]) =>
      typeof v === "object" && v
        ? leaves(v as Dictionary, `${prefix}${k}.`)
        : [[`${prefix}${k}`, String(v)] as [string, string]],
    );
  }
  const cases: [Language, Dictionary][] = [
    ["zh-CN", zhCN],
    ["en", en],
  ];
  it.each(cases)("%s", (lng, dictionary) => {
    const { t } = makeI18n(lng, dictionary);
    const texts = leaves(dictionary);
    expect(texts.length).toBeGreaterThan(1000);
    const wrong: string[] = [];
    for (const [path, text] of texts) {
      const names = [...text.matchAll(/\{\{\s*([\w.]+)\s*\}\}/g)].map((m) => m[1]);
      const values: Record<string, unknown> = Object.fromEntries(names.map((n) => [n, `‹${n}›`]));
      const plural = PLURAL.exec(path)?.[1];
      const key = plural ? path.replace(PLURAL, "") : path;
      if (plural === "one" && lng === "zh-CN") continue; // Chinese never picks _one
      // the count that picks this form in this language
      if (plural) values.count = plural === "one" ? 1 : 5;
      const expected = text.replace(/\{\{\s*([\w.]+)\s*\}\}/g, (_, n: string) => String(values[n]));
      const got = t(key, values);
      if (got !== expected || got.includes("{{")) wrong.push(`${path}: ${got}`);
    }
    expect(wrong).toEqual([]);
  });
});
