// Read-your-writes with a read replica (DATABASE_REPLICA_URL, decision 045). A GET reads from the
// replica, which applies the leader's commits a moment later. So that a browser that has just
// written (a form sent, then the page it is redirected to) sees what it wrote, every answer to a
// request that wrote, and to every request that is not a GET or HEAD, sets a short cookie; while
// the browser sends it back, its requests read from the leader. The cookie says nothing about
// anyone: a browser that keeps sending it only reads from the leader.

export const PIN_COOKIE = "__diancai_leader";

/** Seconds a write pins the browser's reads to the leader (REPLICA_PIN_SECONDS, default 10). */
export function pinSeconds(env = process.env) {
  const s = Number(env.REPLICA_PIN_SECONDS ?? 10);
  return Number.isFinite(s) && s >= 0 ? Math.round(s) : 10;
}

/** Whether the request's cookies pin its reads to the leader. */
export function pinnedToLeader(cookieHeader) {
  return new RegExp(`(?:^|;\\s*)${PIN_COOKIE}=`).test(cookieHeader ?? "");
}

/** Whether a request's reads may go to the replica: a GET or HEAD not pinned to the leader. */
export function mayReadReplica(method, cookieHeader) {
  return (method === "GET" || method === "HEAD") && !pinnedToLeader(cookieHeader);
}

export function pinCookie(seconds, secure) {
  return `${PIN_COOKIE}=1; Max-Age=${seconds}; Path=/; HttpOnly; SameSite=Lax${secure ? "; Secure" : ""}`;
}

/**
 * Set the pin on `res` as its head is written, when `wrote()` says the request wrote, or when
 * the request is not a GET or HEAD (its action may have written before it answered).
 */
export function pinAfterWrites(req, res, wrote, cookie) {
  const reading = req.method === "GET" || req.method === "HEAD";
  const writeHead = res.writeHead;
  res.writeHead = function pinningWriteHead(...args) {
    if ((!reading || wrote()) && !this.headersSent) this.appendHeader("Set-Cookie", cookie);
    return writeHead.apply(this, args);
  };
}
