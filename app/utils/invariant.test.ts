import { describe, expect, it } from "vitest";
import { forbidden, invariantResponse, notFound } from "./invariant";

async function thrown(fn: () => void): Promise<Response> {
  try {
    fn();
  } catch (e) {
    if (e instanceof Response) return e;
    throw e;
  }
  throw new Error("nothing was thrown");
}

describe("invariantResponse", () => {
  it("lets a request through when the condition holds", () => {
    expect(() => invariantResponse(1, "bad request")).not.toThrow();
  });

  it("stops it with a 400 Response unless told another status", async () => {
    const r = await thrown(() => invariantResponse(null, "bad request"));
    expect(r.status).toBe(400);
    expect(await r.text()).toBe("bad request");
    const told = await thrown(() => invariantResponse(false, () => "gone", { status: 410 }));
    expect(told.status).toBe(410);
    expect(await told.text()).toBe("gone");
  });

  it("says not found with a 404 and forbidden with a 403", async () => {
    const missing = await thrown(() => notFound());
    expect([missing.status, await missing.text()]).toEqual([404, "not found"]);
    const refused = await thrown(() => forbidden("csrf"));
    expect([refused.status, refused.statusText, await refused.text()]).toEqual([
      403,
      "Forbidden",
      "csrf",
    ]);
  });
});
