// Request bodies are read within their route's limit while they stream; what is not a form is a
// 400. The Express middleware's refusal by Content-Length is tested against the real server in
// tests/e2e/http-access-body-limits.spec.ts.
import { describe, expect, it } from "vitest";
import { bodyLimitFor } from "../../server/body-limits.mjs";
import { readBody } from "~/utils/body.server";
import { action as signIn } from "~/routes/sign-in";

const origin = "http://localhost";

/** A body of `total` bytes made on demand, counting how much of it was ever pulled. */
function endless(total: number, chunk = 1024) {
  const pulled = { bytes: 0 };
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (pulled.bytes >= total) return controller.close();
      pulled.bytes += chunk;
      controller.enqueue(new Uint8Array(chunk).fill(0x61));
    },
  });
  return { stream, pulled };
}

const post = (path: string, body: BodyInit | ReadableStream, type: string, extra = {}) =>
  new Request(origin + path, {
    method: "POST",
    headers: { "Content-Type": type, ...extra },
    body,
    duplex: "half",
  } as RequestInit);

async function status(p: Promise<unknown>) {
  try {
    await p;
    return 200;
  } catch (e) {
    if (e instanceof Response) return e.status;
    throw e;
  }
}

function multipart(parts: { name: string; filename?: string; bytes: number }[]) {
  const boundary = "----diancai";
  const chunks = parts.map(
    (p) =>
      `--${boundary}\r\nContent-Disposition: form-data; name="${p.name}"` +
      (p.filename ? `; filename="${p.filename}"\r\nContent-Type: text/csv` : "") +
      `\r\n\r\n${"x".repeat(p.bytes)}\r\n`,
  );
  return {
    body: chunks.join("") + `--${boundary}--\r\n`,
    type: `multipart/form-data; boundary=${boundary}`,
  };
}

describe("reading a form within limits", () => {
  it("reads an ordinary form", async () => {
    const form = await readBody(
      post("/sign-in", "username=jumin&password=%E5%AF%86", "application/x-www-form-urlencoded"),
    );
    expect([form.get("username"), form.get("password")]).toEqual(["jumin", "密"]);
  });

  it("refuses a field holding U+0000, which PostgreSQL cannot store, on every engine", async () => {
    const urlencoded = post(
      "/rounds/1/work",
      "sheetNo=A%00&witness=x",
      "application/x-www-form-urlencoded",
    );
    expect(await status(readBody(urlencoded))).toBe(400);
    const { body, type } = multipart([{ name: "note", bytes: 3 }]);
    const nul = body.replace("xxx", "x\u0000x");
    expect(await status(readBody(post("/rounds/1/work", nul, type)))).toBe(400);
    expect(await status(readBody(post("/rounds/1/work", body, type)))).toBe(200);
  });

  it("refuses a 1 GB body to /sign-in after its first kilobytes, without reading the rest", async () => {
    const { stream, pulled } = endless(1024 ** 3);
    const before = process.memoryUsage().rss;
    expect(
      await status(readBody(post("/sign-in", stream, "application/x-www-form-urlencoded"))),
    ).toBe(413);
    expect(pulled.bytes).toBeLessThanOrEqual(bodyLimitFor("/sign-in").maxBytes + 64 * 1024);
    expect(process.memoryUsage().rss - before).toBeLessThan(50 * 1024 * 1024);
  });

  it("refuses by a declared length before reading anything", async () => {
    const { stream, pulled } = endless(1024 ** 3);
    expect(
      await status(
        readBody(
          post("/rounds/1/participate", stream, "application/x-www-form-urlencoded", {
            "Content-Length": String(1024 ** 3),
          }),
        ),
      ),
    ).toBe(413);
    expect(pulled.bytes).toBeLessThanOrEqual(64 * 1024);
  });

  it("gives the roster import and the option editor their own limits, data requests included", () => {
    expect(bodyLimitFor("/sign-in.data").name).toBe("account");
    expect(bodyLimitFor("/compounds/3/households").name).toBe("roster");
    expect(bodyLimitFor("/compounds/3/households.data").name).toBe("roster");
    expect(bodyLimitFor("/rounds/3/work").name).toBe("photos");
    expect(bodyLimitFor("/rounds/3/options/4/revise.data").name).toBe("option");
    expect(bodyLimitFor("/rounds/3/participate").name).toBe("form");
  });

  it("parses multipart as a stream with a cap per file and on the number of files", async () => {
    const ok = multipart([
      { name: "csrf", bytes: 10 },
      { name: "csv", filename: "r.csv", bytes: 1000 },
    ]);
    const form = await readBody(post("/compounds/1/households", ok.body, ok.type));
    expect((form.get("csv") as File).size).toBe(1000);
    const big = multipart([{ name: "csv", filename: "r.csv", bytes: 4 * 1024 * 1024 + 1 }]);
    expect(await status(readBody(post("/compounds/1/households", big.body, big.type)))).toBe(413);
    const two = multipart([
      { name: "csv", filename: "a.csv", bytes: 10 },
      { name: "csv", filename: "b.csv", bytes: 10 },
    ]);
    expect(await status(readBody(post("/compounds/1/households", two.body, two.type)))).toBe(413);
    // an ordinary form takes no files at all
    const file = multipart([{ name: "x", filename: "a.csv", bytes: 10 }]);
    expect(await status(readBody(post("/rounds/1/participate", file.body, file.type)))).toBe(413);
  });

  it("answers 400, never 500, to JSON, broken multipart and bytes that are not UTF-8", async () => {
    expect(await status(readBody(post("/sign-in", '{"username":"x"}', "application/json")))).toBe(
      400,
    );
    expect(
      await status(
        readBody(
          post("/compounds/1/households", "--x\r\nbroken", "multipart/form-data; boundary=x"),
        ),
      ),
    ).toBe(400);
    expect(
      await status(
        readBody(
          post("/sign-in", new Uint8Array([0xff, 0xfe, 0x3d]), "application/x-www-form-urlencoded"),
        ),
      ),
    ).toBe(400);
    // through a real action: the sign-in page answers JSON with 400
    const request = post("/sign-in", '{"username":"x"}', "application/json");
    expect(await status(signIn({ request, params: {}, context: {} } as never))).toBe(400);
  });
});
