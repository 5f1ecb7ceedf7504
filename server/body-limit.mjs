// Refuse an oversized or malformed request body before anything reads it: before the session,
// CSRF or sign-in checks and before React Router turns the request into a web Request. A body
// that declares its length is judged by that (Node then never delivers more); one sent without a
// length is counted while it streams by the app's readForm, from the same table.
import { readFileSync } from "node:fs";
import { bodyLimitFor } from "./body-limits.mjs";

const dictionary = (lang) =>
  JSON.parse(readFileSync(new URL(`../app/i18n/${lang}.json`, import.meta.url), "utf8"));
const LANGS = ["zh-CN", "en"].map((lang) => ({ lang, t: dictionary(lang).error_page }));

const escape = (s) =>
  s.replace(/[&<>"]/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" })[c]);

/**
 * A plain page in both languages (Chinese first): this answer is given before the language cookie
 * is read. It names the request (server.mjs's id), so a resident can quote it.
 */
function page(key, requestId) {
  const reference = (t) =>
    requestId ? `<p>${escape(t.reference.replace("{{id}}", requestId))}</p>` : "";
  const sections = LANGS.map(
    ({ lang, t }) =>
      `<section lang="${lang}"><h1>${escape(t[key].title)}</h1><p>${escape(t[key].body)}</p>` +
      `${reference(t)}<p><a href="/">${escape(t.home)}</a></p></section>`,
  ).join("\n");
  return `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${escape(LANGS[0].t[key].title)}</title></head><body>${sections}</body></html>`;
}
const PAGES = { 413: "too_large", 400: "bad_request" };

function refuse(req, res, status) {
  res.status(status);
  res.setHeader("Connection", "close");
  res.type("html").send(page(PAGES[status], res.locals.requestId));
  // the client may still be sending: stop reading once the answer has left, whatever it sends
  res.on("finish", () => {
    req.socket.end();
    setTimeout(() => req.socket.destroy(), 2000).unref();
  });
}

export function bodyLimit() {
  return (req, res, next) => {
    if (req.method === "GET" || req.method === "HEAD" || req.method === "OPTIONS") return next();
    const declared = req.headers["content-length"];
    if (declared === undefined) {
      // counted while streaming (app/utils/body.server.ts); the connection is not reused after
      if (req.headers["transfer-encoding"]) res.setHeader("Connection", "close");
      return next();
    }
    if (!/^\d{1,15}$/.test(declared)) return refuse(req, res, 400);
    if (Number(declared) > bodyLimitFor(req.path).maxBytes) return refuse(req, res, 413);
    next();
  };
}
