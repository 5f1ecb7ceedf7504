// Who may read /metrics: a client on this machine (loopback), or anyone else who shows the token
// (METRICS_TOKEN, as `Authorization: Bearer …`). Without a token configured, only loopback. The
// address is Express's req.ip, so behind a reverse proxy (TRUST_PROXY=1) it is the client's, not
// the proxy's: a proxy on this machine does not make every visitor local.
import { timingSafeEqual } from "node:crypto";
import { isIP } from "node:net";

/** Whether `address` is this machine (127.0.0.0/8, ::1, or IPv4 loopback mapped into IPv6). */
export function isLoopback(address) {
  if (!address) return false;
  const v4 = address.startsWith("::ffff:") ? address.slice(7) : address;
  if (isIP(v4) === 4) return v4.startsWith("127.");
  return address === "::1";
}

/** Whether a request from `address` with this Authorization header may read the metrics. */
export function metricsAllowed({ address, authorization, token }) {
  if (isLoopback(address)) return true;
  if (!token || typeof authorization !== "string") return false;
  const given = Buffer.from(authorization);
  const expected = Buffer.from(`Bearer ${token}`);
  return given.length === expected.length && timingSafeEqual(given, expected);
}
