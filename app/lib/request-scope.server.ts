import { AsyncLocalStorage } from "node:async_hooks";
import type { CurrentAccount } from "~/models/account.server";

/**
 * What server.mjs keeps for each request while it is handled: its id (on every log line and on
 * an error page, so a resident can quote it), the form a POST carried (for a 503 page; the
 * action and the page render see different Request objects), whether it came too late into a
 * drain to write, why storage refused it (the cause a 503 is counted under in /metrics), and
 * the account its page's loaders read, whether its reads may go to a read replica.
 */
export type RequestScope = {
  requestId?: string;
  posted?: FormData;
  stopping?: boolean;
  fault?: string;
  /** the account each session token named, read once for a page's loaders (utils/auth.server) */
  accounts?: Map<string, Promise<CurrentAccount | null>>;
  /**
   * Whether this request's reads may go to a read replica (utils/replica-reads.server): set by
   * server.mjs for a GET or HEAD not pinned to the leader by a recent write of the same browser.
   */
  replicaReads?: boolean;
  /** Whether this request has written (or begun a transaction): its later reads stay on the leader. */
  wrote?: boolean;
};

export const requestScope = new AsyncLocalStorage<RequestScope>();

/** The id of the request being handled, if any. */
export const requestId = () => requestScope.getStore()?.requestId;
