import { spawnSync } from "node:child_process";
import { createServer, type Server } from "node:net";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { listenersIn, listenQueue } from "../../server/listen-queue.mjs";

// What the drain on SIGTERM asks the kernel before it closes the listener (decision 044): whether a
// socket listens on the port and how many connections wait in its accept queue.

const module = path.resolve("server/listen-queue.mjs");

function listen(): Promise<{ server: Server; port: number }> {
  const server = createServer((socket) => socket.on("error", () => {}));
  return new Promise((resolve) =>
    server.listen(0, "127.0.0.1", () =>
      resolve({ server, port: (server.address() as { port: number }).port }),
    ),
  );
}

describe("the accept queue of a listening port", () => {
  it("reads listening sockets and their queue from /proc/net/tcp's text, and nothing else", () => {
    const text = [
      "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode",
      "   0: 0100007F:0BB8 00000000:0000 0A 00000000:00000003 00:00000000 00000000  1000        0 1 1",
      "   1: 0100007F:0BB8 0100007F:C1FE 01 00000000:00000007 00:00000000 00000000  1000        0 2 1",
      "   2: 0100007F:0BB9 00000000:0000 0A 00000000:00000005 00:00000000 00000000  1000        0 3 1",
    ].join("\n");
    // port 3000 (0BB8): the listening socket's 3 queued, not the connection's 7 unread bytes
    expect(listenersIn(text, 3000)).toEqual({ sockets: 1, queued: 3 });
    expect(listenersIn(text, 3001)).toEqual({ sockets: 1, queued: 5 });
    expect(listenersIn(text, 3002)).toEqual({ sockets: 0, queued: 0 });
  });

  it("counts connections the kernel completed while the process could not take them in, and none once it has", async () => {
    const { server, port } = await listen();
    expect(listenQueue(port)).toEqual({ sockets: 1, queued: 0 });
    // another process connects three times and asks while this one's loop is held (spawnSync):
    // nothing here accepts them
    const script = `
      const net = require("node:net");
      import(${JSON.stringify(module)}).then(async ({ listenQueue }) => {
        const sockets = [1, 2, 3].map(() => net.connect(${port}, "127.0.0.1"));
        await Promise.all(sockets.map((s) => new Promise((r) => s.once("connect", r))));
        process.stdout.write(JSON.stringify(listenQueue(${port})));
        sockets.forEach((s) => s.destroy());
      });`;
    const child = spawnSync(process.execPath, ["-e", script], { encoding: "utf8" });
    expect(child.stderr).toBe("");
    expect(JSON.parse(child.stdout)).toEqual({ sockets: 1, queued: 3 });
    // the loop free again, the server takes them in
    for (let i = 0; i < 100 && listenQueue(port)!.queued > 0; i++)
      await new Promise((r) => setTimeout(r, 10));
    expect(listenQueue(port)).toEqual({ sockets: 1, queued: 0 });
    await new Promise((r) => server.close(r));
    expect(listenQueue(port)).toEqual({ sockets: 0, queued: 0 });
  });
});
