// What server.mjs passes to every loader and action.
declare module "react-router" {
  interface AppLoadContext {
    /** the per-request Content-Security-Policy nonce */
    nonce: string;
    /** the client's address as Express sees it (behind a proxy only with TRUST_PROXY=1) */
    ip: string | null;
  }
}
export {};
