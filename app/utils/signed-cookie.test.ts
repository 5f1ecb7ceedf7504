import { createCookie } from "react-router";
import { describe, expect, it } from "vitest";
import { signedCookie } from "./signed-cookie.server";

// The synchronous reader must answer exactly as React Router's own signed cookie does, for the
// cookies React Router writes and for every forged, tampered or odd header.
describe("signedCookie", () => {
  const options = { path: "/", httpOnly: true, sameSite: "lax" as const, maxAge: 3600 };
  const ours = signedCookie("c", { ...options, secrets: ["new", "old"] });
  const theirs = createCookie("c", { ...options, secrets: ["new", "old"] });
  const byOld = createCookie("c", { ...options, secrets: ["old"] });
  const byOther = createCookie("c", { ...options, secrets: ["other"] });
  const header = (setCookie: string) => setCookie.split(";")[0];

  it("reads what React Router writes, as React Router reads it", async () => {
    const values = [
      "tok_-en",
      { csrf: "abc+/=", flash: "flash.ballot_cast" },
      { 名: "点菜 ✓" },
      42,
      "",
    ];
    for (const v of values) {
      const h = header(await theirs.serialize(v));
      for (const cookieHeader of [h, `other=1; ${h}`, `${h}; c=second`, `x=%ZZ; ${h}`])
        expect(await ours.parse(cookieHeader)).toEqual(await theirs.parse(cookieHeader));
    }
    // a value signed with an older secret is still read (rotation), one signed by another is not
    const old = header(await byOld.serialize("t"));
    expect(await ours.parse(old)).toBe("t");
    const forged = header(await byOther.serialize("t"));
    expect(await ours.parse(forged)).toBeNull();
    expect(await theirs.parse(forged)).toBeNull();
  });

  it("refuses tampered and malformed values as React Router does", async () => {
    const good = header(await theirs.serialize("token"));
    const value = decodeURIComponent(good.slice(2));
    const [data, sig] = [
      value.slice(0, value.lastIndexOf(".")),
      value.slice(value.lastIndexOf(".") + 1),
    ];
    const tampered = [
      `c=${encodeURIComponent(Buffer.from('"tokem"').toString("base64") + "." + sig)}`,
      `c=${encodeURIComponent(data + "." + sig.slice(1))}`,
      `c=${encodeURIComponent(data)}`,
      `c=${encodeURIComponent(data + ".")}`,
      "c=",
      "c",
      "",
      "d=1",
    ];
    for (const h of tampered) expect(await ours.parse(h)).toEqual(await theirs.parse(h));
    expect(await ours.parse(null)).toBeNull();
  });

  it("writes as React Router writes", async () => {
    expect(header(await ours.serialize({ a: 1 }))).toBe(header(await theirs.serialize({ a: 1 })));
    // the whole header, attributes and all; values whose base64 needs percent-encoding; empty
    for (const value of [{ flash: "选票已记录" }, { csrf: "a+b/c=", for: "" }, "", "x"])
      expect(await ours.serialize(value, { maxAge: 60 })).toBe(
        await theirs.serialize(value, { maxAge: 60 }),
      );
    expect(await ours.parse(header(await ours.serialize({ flash: "选票" })))).toEqual({
      flash: "选票",
    });
    expect(ours.isSigned).toBe(true);
    expect(ours.name).toBe("c");
  });
});
