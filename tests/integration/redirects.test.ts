import { describe, expect, it } from "vitest";
import { loader as language } from "~/routes/language";
import { safeRedirect } from "~/utils/auth.server";

describe("safeRedirect", () => {
  it("keeps paths on this site", () => {
    expect(safeRedirect("/rounds/2?tab=menu#a")).toBe("/rounds/2?tab=menu#a");
    expect(safeRedirect("/me", "/x")).toBe("/me");
    expect(safeRedirect("/轮次")).toBe("/%E8%BD%AE%E6%AC%A1");
  });

  it("falls back for anything that could leave the site or break the Location header", () => {
    for (const to of [
      "//evil.example",
      "/\t/evil.example",
      "/\n/evil.example",
      "/\r\nSet-Cookie: x=1",
      "/\\evil.example",
      "\\\\evil.example",
      "/.//evil.example",
      "https://evil.example/",
      "javascript:alert(1)",
      "evil.example",
      "",
      null,
      undefined,
    ])
      expect(safeRedirect(to, "/fallback"), JSON.stringify(to)).toBe("/fallback");
  });
});

describe("/language?to=", () => {
  const go = async (to: string) => {
    const url = `http://localhost/language?lng=en&to=${encodeURIComponent(to)}`;
    const res = (await language({ request: new Request(url), params: {} } as never)) as Response;
    return { status: res.status, location: res.headers.get("Location") };
  };

  it("never sends the browser to another site, and a CR or non-ASCII target is not a 500", async () => {
    expect(await go("/\t/evil.example")).toEqual({ status: 302, location: "/" });
    expect(await go("/\r\n/evil.example")).toEqual({ status: 302, location: "/" });
    expect(await go("/小区")).toEqual({ status: 302, location: "/%E5%B0%8F%E5%8C%BA" });
    expect(await go("/rounds/2")).toEqual({ status: 302, location: "/rounds/2" });
  });
});
