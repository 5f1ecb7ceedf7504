import { describe, expect, it } from "vitest";
import { checkCode, mayResend, VERIFY } from "./contact-verification";

const now = new Date("2026-11-25T10:00:00Z");
const pending = (over: object = {}) => ({
  codeHash: "h",
  codeExpires: new Date(now.getTime() + 60_000),
  codeTries: 0,
  codeSentAt: now,
  ...over,
});

describe("contact verification codes", () => {
  it("confirm only with the right code, before it expires and while tries are left", () => {
    expect(checkCode(pending(), "h", now)).toEqual({ ok: true });
    expect(checkCode(pending(), "x", now)).toEqual({ ok: false, reason: "code_wrong" });
    expect(checkCode(pending({ codeExpires: now }), "h", now)).toMatchObject({
      reason: "code_expired",
    });
    expect(checkCode(pending({ codeTries: VERIFY.maxTries }), "h", now)).toMatchObject({
      reason: "code_tries_used",
    });
    expect(checkCode(pending({ codeHash: null }), "h", now)).toMatchObject({
      reason: "code_missing",
    });
  });

  it("are sent again at most once a minute", () => {
    expect(mayResend({ codeSentAt: null }, now)).toBe(true);
    expect(mayResend({ codeSentAt: new Date(now.getTime() - 59_000) }, now)).toBe(false);
    expect(mayResend({ codeSentAt: new Date(now.getTime() - 60_000) }, now)).toBe(true);
  });
});
