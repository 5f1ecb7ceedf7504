import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { normaliseUsername, usernameProblem } from "./username";

describe("usernames", () => {
  it("take Chinese names, names in letters and phone numbers", () => {
    for (const name of [
      "王芳",
      "张伟",
      "欧阳娜娜",
      "阿依古丽·买买提",
      "jumin",
      "li.ming_2",
      "13800138000",
    ])
      expect(usernameProblem(normaliseUsername(name)), name).toBeNull();
  });
  it("normalise full-width forms and a phone number's spaces", () => {
    expect(normaliseUsername("ｊｕｍｉｎ")).toBe("jumin");
    expect(normaliseUsername("  王芳 ")).toBe("王芳");
    expect(normaliseUsername("１３８ ００１３ ８０００")).toBe("13800138000");
    expect(normaliseUsername("138-0013-8000")).toBe("13800138000");
  });
  it("say what is wrong", () => {
    expect(usernameProblem("")).toBe("required");
    expect(usernameProblem("王")).toBe("username_short");
    expect(usernameProblem("王".repeat(21))).toBe("username_long");
    expect(usernameProblem("王 芳")).toBe("username_chars");
    expect(usernameProblem("wang<script>")).toBe("username_chars");
    expect(usernameProblem("王芳😀")).toBe("username_chars");
  });
  it("count characters, not UTF-16 units: a name of rare characters fits", () => {
    expect(usernameProblem("𠜎𠜱")).toBeNull();
  });
  it("normalising twice changes nothing", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 30 }), (s) => {
        const once = normaliseUsername(s);
        expect(normaliseUsername(once)).toBe(once);
      }),
    );
  });
});
