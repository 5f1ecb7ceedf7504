// How large a request body each route may send: one table, read by the Express middleware
// (server/refuse-oversized-bodies.mjs, which refuses by Content-Length before anything is read) and by the
// app's readForm (app/utils/body.server.ts, which counts bytes while streaming and parses
// multipart with per-file limits). Sizes are of the raw body as sent.

const KB = 1024;
const MB = 1024 * KB;

/** Ordinary forms: a comment of 2000 Chinese characters is about 18 KB once URL-encoded. */
export const ORDINARY = { name: "form", maxBytes: 64 * KB, maxFiles: 0, maxFileBytes: 0 };

export const BODY_LIMITS = [
  // signed-out pages: a username, a password, a code and a token
  {
    name: "account",
    pattern: /^\/(sign-in|sign-out|join|language)$/,
    maxBytes: 4 * KB,
    maxFiles: 0,
    maxFileBytes: 0,
  },
  // the roster and property-register imports: one CSV or XLSX file (the page itself refuses one
  // over 2 MB with a message)
  {
    name: "roster",
    pattern: /^\/compounds\/\d+\/(households|register)$/,
    maxBytes: 4 * MB + 64 * KB,
    maxFiles: 1,
    maxFileBytes: 4 * MB,
  },
  // milestone photos: up to six (the page itself refuses one over 5 MB with a message)
  {
    name: "photos",
    pattern: /^\/rounds\/\d+\/work$/,
    maxBytes: 6 * 6 * MB + 256 * KB,
    maxFiles: 6,
    maxFileBytes: 6 * MB,
  },
  // a proxy's signed authorisation form: one photo (the page itself refuses one over 5 MB)
  {
    name: "proxy",
    pattern: /^\/rounds\/\d+\/proxies$/,
    maxBytes: 6 * MB + 256 * KB,
    maxFiles: 1,
    maxFileBytes: 6 * MB,
  },
  // repair photos (一键报修): a report, a patrol finding or a fix, up to three each (the page
  // itself refuses one over 5 MB with a message)
  {
    name: "repair",
    pattern: /^\/(repairs(\/\d+)?|compounds\/\d+\/repairs)$/,
    maxBytes: 3 * 6 * MB + 256 * KB,
    maxFiles: 3,
    maxFileBytes: 6 * MB,
  },
  // an entry synced from a worker's phone: the paper sheet's photo at most (the page itself
  // refuses one over 5 MB with a message)
  {
    name: "offline",
    pattern: /^\/offline\/sync$/,
    maxBytes: 6 * MB + 64 * KB,
    maxFiles: 1,
    maxFileBytes: 6 * MB,
  },
  // the option editor: up to 200 bill-of-quantities rows, and one CSV or XLSX bill to import
  // (the page itself refuses one over 2 MB with a message)
  {
    name: "option",
    pattern: /^\/rounds\/\d+\/(cook|options\/\d+\/revise)$/,
    maxBytes: 4 * MB + 512 * KB,
    maxFiles: 1,
    maxFileBytes: 4 * MB,
  },
];

/** The limit for a request path; React Router's data requests (`/x.data`, `/_root.data`) count as their page. */
export function bodyLimitFor(pathname) {
  const path = pathname
    .replace(/\.data$/, "")
    .replace(/^\/_root$/, "/")
    .replace(/(.)\/$/, "$1");
  return BODY_LIMITS.find((l) => l.pattern.test(path)) ?? ORDINARY;
}
