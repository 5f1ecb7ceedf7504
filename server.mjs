// Diancai's production server: Express with React Router's request handler, security headers
// (a nonce-based Content-Security-Policy the app satisfies), compression, static assets, the
// client's address for rate limits, and a graceful shutdown that finishes in-flight requests.
import { createRequestHandler } from "@react-router/express";
import compression from "compression";
import express from "express";
import { randomBytes } from "node:crypto";
import { bodyLimit } from "./server/body-limit.mjs";

const port = Number(process.env.PORT ?? 3000);
const host = process.env.HOST;
const production = process.env.NODE_ENV === "production";
const secure = production && process.env.COOKIE_SECURE !== "false";
const build = await import("./build/server/index.js");

const app = express();
let stopping = false;
app.disable("x-powered-by");
app.set("trust proxy", process.env.TRUST_PROXY === "1");
app.use(compression());
// requests being answered now; shutdown waits for them
let active = 0;
app.use((_req, res, next) => {
  active++;
  res.on("close", () => {
    active--;
    maybeExit();
  });
  if (stopping) res.setHeader("Connection", "close");
  next();
});
app.use((req, res, next) => {
  const nonce = randomBytes(16).toString("base64");
  res.locals.nonce = nonce;
  res.setHeader(
    "Content-Security-Policy",
    [
      "default-src 'self'",
      `script-src 'self' 'nonce-${nonce}'`,
      "style-src 'self'",
      "img-src 'self' data:",
      "font-src 'self'",
      "connect-src 'self'",
      "object-src 'none'",
      "base-uri 'self'",
      "form-action 'self'",
      "frame-ancestors 'none'",
    ].join("; "),
  );
  res.setHeader("X-Content-Type-Options", "nosniff");
  res.setHeader("X-Frame-Options", "DENY");
  res.setHeader("Referrer-Policy", "same-origin");
  res.setHeader("Permissions-Policy", "camera=(), microphone=(), geolocation=(), payment=()");
  res.setHeader("Cross-Origin-Opener-Policy", "same-origin");
  if (secure) res.setHeader("Strict-Transport-Security", "max-age=31536000; includeSubDomains");
  next();
});
app.use(bodyLimit());
app.use("/assets", express.static("build/client/assets", { immutable: true, maxAge: "1y" }));
app.use(express.static("build/client", { maxAge: "1h" }));
app.use(
  createRequestHandler({
    build,
    mode: process.env.NODE_ENV,
    getLoadContext: (req, res) => ({ nonce: res.locals.nonce, ip: req.ip ?? null }),
  }),
);

const server = app.listen(port, host, () =>
  console.log(`[diancai] http://${host ?? "localhost"}:${port}`),
);
// the notification sender runs in this process unless it runs on its own (npm run outbox)
const stopOutbox =
  process.env.OUTBOX === "off" ? () => {} : build.entry.module.startBackgroundWork();

// SIGTERM/SIGINT: answer everything already received, then exit. For a short grace period the
// server keeps reading (bytes already on a socket become requests rather than being reset) and
// asks clients to reconnect elsewhere; it exits once the grace is over and no request is open.
let graceOver = false;
let closing = false;
function maybeExit() {
  if (!stopping || !graceOver || active > 0 || closing) return;
  closing = true;
  server.close(() => process.exit(0));
  server.closeAllConnections?.();
}
for (const signal of ["SIGTERM", "SIGINT"]) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    stopOutbox();
    console.log(`[diancai] ${signal}: finishing requests in flight`);
    setTimeout(
      () => {
        graceOver = true;
        maybeExit();
      },
      Number(process.env.SHUTDOWN_GRACE_MS ?? 500),
    );
    setTimeout(() => process.exit(1), 15_000).unref();
  });
}
