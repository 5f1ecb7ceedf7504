import type { ChildProcess } from "node:child_process";
import http from "node:http";

// SIGTERM under a load that never stops: `clients` keep-alive clients send request after request
// (a new connection when told Connection: close, again after a 503, again after a refused
// connection) until the server has exited, and every attempt is counted by its outcome. Shared by
// the fault test (tests/e2e/fault.spec.ts) and `npm run bench -- --only sigterm`.

/** One request a client sends: its path, method, headers and body. */
export type LoadRequest = {
  method: "GET" | "POST";
  path: string;
  headers?: Record<string, string>;
  body?: string;
};

/** What the attempts met, counted; `after` counts only those sent after the signal. */
export type SigtermOutcome = {
  /** requests sent in all, and those sent after the signal */
  sent: number;
  sentAfter: number;
  /** answers after the signal: 2xx/3xx, 503 (each also with Connection: close and Retry-After) */
  okAfter: number;
  unavailableAfter: number;
  /** a 503 without Connection: close or without Retry-After; any other status after the signal */
  badAfter: string[];
  /** a connection reset (or closed without an answer) while a request was on it */
  resets: number;
  /** of those, on a connection the server had not yet answered anything on */
  resetsFresh: number;
  /** a connection refused: the listener was closed (a new connection, never accepted) */
  refused: number;
  /** any other error (a timeout, EPIPE …), with its message */
  other: string[];
  /** new connections after a client's first, by what the one before ended with */
  reconnects: Record<string, number>;
  /** ms after the signal of each reset, of the first refused connection */
  resetsAtMs: number[];
  firstRefusedMs: number | null;
  /** ms from the signal to the server's exit, and its exit status */
  exitMs: number;
  exitCode: number | null;
};

type Attempt =
  | { status: number; body: string; close: boolean; retryAfter: boolean; reused: boolean }
  | { error: string; reused: boolean };

function send(port: number, agent: http.Agent, r: LoadRequest): Promise<Attempt> {
  return new Promise((resolve) => {
    const headers: Record<string, string | number> = { ...r.headers };
    if (r.body !== undefined) headers["Content-Length"] = Buffer.byteLength(r.body);
    const req = http.request(
      { host: "127.0.0.1", port, path: r.path, method: r.method, agent, headers },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () =>
          resolve({
            status: res.statusCode ?? 0,
            body: Buffer.concat(chunks).toString(),
            close: /\bclose\b/i.test(String(res.headers.connection ?? "")),
            retryAfter: typeof res.headers["retry-after"] === "string",
            reused: req.reusedSocket,
          }),
        );
        res.on("error", (e: NodeJS.ErrnoException) =>
          resolve({ error: e.code ?? e.message, reused: req.reusedSocket }),
        );
      },
    );
    req.setTimeout(60_000, () => req.destroy(new Error("no answer within 60 s")));
    req.on("error", (e: NodeJS.ErrnoException) =>
      resolve({ error: e.code ?? e.message, reused: req.reusedSocket }),
    );
    req.end(r.body);
  });
}

/** What an error page says, for a failure's message. */
function errorText(html: string) {
  const text = html.replace(/<script[\s\S]*?<\/script>|<style[\s\S]*?<\/style>/g, "");
  const m =
    /role="alert"[^>]*>([\s\S]{0,300}?)<\//.exec(text) ??
    /<h1[^>]*>([\s\S]{0,200}?)<\/h1>/.exec(text);
  return (m?.[1] ?? text.slice(0, 200))
    .replace(/<[^>]+>/g, " ")
    .replace(/\s+/g, " ")
    .trim();
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Run `clients` loops against `port`, each sending `next(client, n)` on a keep-alive connection of
 * its own; once `steady()` says the load is established (or after `warmMs`), send SIGTERM to
 * `server`, and go on until it has exited. A refused connection is tried again after 20 ms, as a
 * client retrying would; everything stops once the process has exited.
 */
export async function sigtermUnderLoad(opts: {
  server: ChildProcess;
  port: number;
  clients: number;
  next: (client: number, n: number) => LoadRequest;
  /** how many answers (2xx/3xx) before the signal */
  answersBefore: number;
  /** told of each answer: which client, its n-th request, the status */
  onAnswer?: (client: number, n: number, status: number) => void;
}): Promise<SigtermOutcome> {
  const { server, port, clients, next } = opts;
  const out: SigtermOutcome = {
    sent: 0,
    sentAfter: 0,
    okAfter: 0,
    unavailableAfter: 0,
    badAfter: [],
    resets: 0,
    resetsFresh: 0,
    refused: 0,
    other: [],
    reconnects: {},
    resetsAtMs: [],
    firstRefusedMs: null,
    exitMs: 0,
    exitCode: null,
  };
  let answered = 0;
  let signalled = false;
  let signalledAt = 0;
  let exited = false;
  const exit = new Promise<number | null>((resolve) =>
    server.exitCode !== null || server.signalCode !== null
      ? resolve(server.exitCode)
      : server.once("exit", (code) => resolve(code)),
  );
  void exit.then(() => (exited = true));
  const loops = Array.from({ length: clients }, async (_, client) => {
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    let prev = "";
    for (let n = 0; !exited; n++) {
      const after = signalled;
      out.sent++;
      if (after) out.sentAfter++;
      const a = await send(port, agent, next(client, n));
      // a new connection after the first: what the one before ended with
      if (n > 0 && !a.reused) {
        const k = `${after ? "after" : "before"} the signal, after ${prev}`;
        out.reconnects[k] = (out.reconnects[k] ?? 0) + 1;
      }
      prev = "status" in a ? `${a.status}${a.close ? " Connection: close" : ""}` : a.error;
      if ("status" in a) {
        opts.onAnswer?.(client, n, a.status);
        const ok = a.status >= 200 && a.status < 400;
        if (!after) {
          if (ok) answered++;
          else if (a.status !== 503)
            out.badAfter.push(`${a.status} before the signal: ${errorText(a.body)}`);
        } else if (ok) out.okAfter++;
        else if (a.status === 503 && a.close && a.retryAfter) out.unavailableAfter++;
        else
          out.badAfter.push(
            `${a.status}${a.status === 503 ? ` (Connection: close ${a.close}, Retry-After ${a.retryAfter})` : `: ${errorText(a.body)}`}`,
          );
      } else if (a.error === "ECONNREFUSED") {
        out.refused++;
        out.firstRefusedMs ??= Date.now() - signalledAt;
        await sleep(20);
      } else if (a.error === "ECONNRESET" || a.error === "EPIPE") {
        out.resets++;
        out.resetsAtMs.push(signalled ? Date.now() - signalledAt : -1);
        if (!a.reused) out.resetsFresh++;
      } else out.other.push(a.error);
    }
    agent.destroy();
  });
  for (const until = Date.now() + 120_000; answered < opts.answersBefore;) {
    if (Date.now() > until) throw new Error(`only ${answered} answers before the signal`);
    if (exited) throw new Error("the server exited before the signal");
    await sleep(20);
  }
  signalled = true;
  signalledAt = Date.now();
  server.kill("SIGTERM");
  out.exitCode = await exit;
  out.exitMs = Date.now() - signalledAt;
  await Promise.all(loops);
  return out;
}
