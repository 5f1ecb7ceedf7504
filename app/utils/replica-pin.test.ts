import { createServer, request, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";
import { describe, expect, it } from "vitest";
import {
  mayReadReplica,
  pinAfterWrites,
  pinCookie,
  pinnedToLeader,
  pinSeconds,
} from "../../server/replica-pin.mjs";

// Read-your-writes with a read replica (decision 045): a write pins the browser's next requests
// to the leader with a short cookie; GETs without it read from the replica.
describe("the leader pin", () => {
  it("lets only GET and HEAD without the pin read from a replica", () => {
    expect(mayReadReplica("GET", undefined)).toBe(true);
    expect(mayReadReplica("HEAD", "lang=en")).toBe(true);
    expect(mayReadReplica("GET", "lang=en; __diancai_leader=1")).toBe(false);
    expect(mayReadReplica("GET", "__diancai_leader=1")).toBe(false);
    for (const m of ["POST", "PUT", "PATCH", "DELETE"])
      expect(mayReadReplica(m, undefined)).toBe(false);
    // a cookie whose name only ends the same way is not the pin
    expect(pinnedToLeader("x__diancai_leader=1")).toBe(false);
  });

  it("lasts REPLICA_PIN_SECONDS (10 by default), Secure where cookies are", () => {
    expect(pinSeconds({})).toBe(10);
    expect(pinSeconds({ REPLICA_PIN_SECONDS: "3" })).toBe(3);
    expect(pinSeconds({ REPLICA_PIN_SECONDS: "soon" })).toBe(10);
    expect(pinCookie(10, false)).toBe(
      "__diancai_leader=1; Max-Age=10; Path=/; HttpOnly; SameSite=Lax",
    );
    expect(pinCookie(5, true)).toMatch(/; Secure$/);
  });

  it("is set on the answer to a POST, and to a GET only when it wrote", async () => {
    const wrote = new Set(["/wrote"]);
    const server = createServer((req, res) => {
      pinAfterWrites(req, res, () => wrote.has(req.url ?? ""), pinCookie(10, false));
      res.setHeader("Set-Cookie", "other=1");
      res.end("ok");
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    const { port } = server.address() as AddressInfo;
    const cookies = (method: string, path: string) =>
      new Promise<string[]>((resolve, reject) => {
        const req = request({ host: "127.0.0.1", port, method, path }, (res: IncomingMessage) => {
          res.resume();
          res.on("end", () => resolve(res.headers["set-cookie"] ?? []));
        });
        req.on("error", reject);
        req.end();
      });
    try {
      expect(await cookies("GET", "/read")).toEqual(["other=1"]);
      expect(await cookies("GET", "/wrote")).toEqual(["other=1", pinCookie(10, false)]);
      expect(await cookies("POST", "/read")).toEqual(["other=1", pinCookie(10, false)]);
    } finally {
      server.close();
    }
  });
});
