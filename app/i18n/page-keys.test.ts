import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { extract, GENERATED, routesOf, serialise } from "./page-keys.extract";
import {
  pageDictionary,
  pageDictionaryFile,
  pageDictionaryUrl,
  pageKeysOf,
} from "./page-dictionary.server";
import zhCN from "./zh-CN.json";

describe("each page's dictionary keys", () => {
  it("are the keys its modules use, as page-keys.generated.json lists them", () => {
    // fails when a route (or what it imports) uses a key its list lacks, or no longer uses one:
    // run `npx tsx app/i18n/page-keys.extract.ts --write` and commit the file
    expect(readFileSync(GENERATED, "utf8")).toBe(serialise(extract()));
  });

  it("has a list for every route", () => {
    const { routes } = extract();
    expect(Object.keys(routes).sort()).toEqual(
      routesOf()
        .map((r) => r.path)
        .sort(),
    );
    expect(routesOf().length).toBeGreaterThan(40);
  });

  it("finds literal keys, template keys' subtrees and error codes", () => {
    const keys = pageKeysOf("/rounds/2/participate");
    expect(keys).toContain("participate.title"); // t("participate.title")
    expect(keys).toContain("phases"); // t(`phases.${p}`)
    expect(keys).toContain("nav.skip"); // the root layout's
    expect(keys).toContain("error_page");
    // a code the vote's server module returns, shown by t(`errors.${…}`) or t(error)
    expect(keys).toContain("errors.ballot_incomplete");
    expect(keys.some((k) => k.startsWith("admin."))).toBe(false);
    // an error key a server module puts together around a value: `errors.boq_${source}_rejected`
    const cook = pageKeysOf("/rounds/3/cook");
    expect(cook).toContain("errors.boq_paste_rejected");
    expect(cook).toContain("errors.boq_file_rejected");
    expect(cook).toContain("errors.table_too_big"); // `errors.table_${code}`
  });

  it("sends a page only its keys and the flash message", () => {
    const d = pageDictionary(zhCN, "/rounds/2/participate", "flash.password_changed");
    expect(d).toMatchObject({
      participate: { title: zhCN.participate.title },
      flash: { password_changed: zhCN.flash.password_changed },
    });
    expect(d).not.toHaveProperty("admin");
    expect(d).not.toHaveProperty("repairs.categories");
    expect(JSON.stringify(d).length).toBeLessThan(JSON.stringify(zhCN).length / 3);
    // a path no route matches gets the shared keys alone
    expect(Object.keys(pageDictionary(zhCN, "/nowhere", null)).sort()).toEqual(
      ["app", "error_page", "languages", "nav", "repairs"].sort(),
    );
  });

  it("names each page's file by its content, and serves only files a page has", () => {
    const url = pageDictionaryUrl("zh-CN", "/rounds/2/participate")!;
    expect(url).toMatch(/^\/i18n\/zh-CN\/[0-9a-f]{16}\.json$/);
    // another round's vote page has the same keys, so the same file
    expect(pageDictionaryUrl("zh-CN", "/rounds/9/participate")).toBe(url);
    expect(pageDictionaryUrl("zh-CN", "/rounds/2")).not.toBe(url);
    expect(pageDictionaryUrl("en", "/rounds/2/participate")).not.toBe(url);
    const hash = url.slice(-21, -5);
    expect(JSON.parse(pageDictionaryFile("zh-CN", hash)!)).toEqual(
      pageDictionary(zhCN, "/rounds/2/participate", null),
    );
    expect(pageDictionaryFile("en", hash)).toBeNull();
    expect(pageDictionaryFile("fr", hash)).toBeNull();
    expect(pageDictionaryFile("zh-CN", "0123456789abcdef")).toBeNull();
    // the offline page starts without a network: its document carries its keys
    expect(pageDictionaryUrl("zh-CN", "/offline")).toBeNull();
  });
});
