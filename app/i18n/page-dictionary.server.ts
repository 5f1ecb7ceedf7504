import { createHash } from "node:crypto";
import { matchRoutes } from "react-router";
import { LANGUAGES, type Dictionary, type Language } from "./index";
import { dictionaryOf } from "./dictionaries.server";
import pageKeys from "./page-keys.generated.json";

// The part of a dictionary a page's browser needs: the keys its route's modules can show (the
// list app/i18n/page-keys.extract.ts makes from the source, checked by page-keys.test.ts) and the
// shared keys of the root layout. The server renders with the whole dictionary; only what goes
// to the browser for hydration is cut (decision 043).
//
// The browser gets a page's keys as a file of their own, named by its content
// (/i18n/<language>/<hash>.json, routes/dictionary.ts), which it keeps for a year: a page's
// document then carries only its own data, and the next view of any page with the same keys costs
// no dictionary at all (decision 049). The offline page keeps its keys in the document, as it
// must start without a network.

const ROUTES = Object.keys(pageKeys.routes).map((p) => ({ path: `/${p}`, id: p }));
const ROUTE_KEYS = pageKeys.routes as Record<string, string[]>;
/** Routes whose document carries its dictionary: the page must work with no network. */
const INLINE = new Set(["offline"]);

function routeOf(pathname: string): string | undefined {
  return matchRoutes(ROUTES, pathname)?.at(-1)?.route.id;
}

/** The dictionary paths the page at `pathname` can show (the shared ones alone if none matches). */
export function pageKeysOf(pathname: string): string[] {
  const route = routeOf(pathname);
  return [...pageKeys.shared, ...((route && ROUTE_KEYS[route]) ?? [])];
}

/** The subtrees and leaves of `dictionary` that `paths` name. */
export function pick(dictionary: Dictionary, paths: readonly string[]): Dictionary {
  const out: Dictionary = {};
  for (const p of paths) {
    const parts = p.split(".");
    let from: unknown = dictionary;
    let to = out;
    for (const [i, part] of parts.entries()) {
      from = (from as Dictionary | undefined)?.[part];
      if (from === undefined) break;
      if (i === parts.length - 1) to[part] = from;
      else to = (to[part] ??= {}) as Dictionary;
    }
  }
  return out;
}

/** What the browser gets of `dictionary` for the page at `pathname`, with its flash message. */
export function pageDictionary(
  dictionary: Dictionary,
  pathname: string,
  flash: string | null,
): Dictionary {
  const keys = pageKeysOf(pathname);
  return pick(dictionary, flash ? [...keys, flash] : keys);
}

type File = { hash: string; body: string };
/** Each language's page files, by route (NONE for a path no route matches), made once. */
const NONE = "*";
const files = new Map<Language, { byRoute: Map<string, File>; byHash: Map<string, string> }>();

function filesOf(lang: Language) {
  let made = files.get(lang);
  if (!made) {
    const dictionary = dictionaryOf(lang);
    made = { byRoute: new Map(), byHash: new Map() };
    for (const route of [NONE, ...Object.keys(ROUTE_KEYS)]) {
      const body = JSON.stringify(
        pick(dictionary, [...pageKeys.shared, ...(ROUTE_KEYS[route] ?? [])]),
      );
      const hash = createHash("sha256").update(body).digest("hex").slice(0, 16);
      made.byRoute.set(route, { hash, body });
      made.byHash.set(hash, body);
    }
    files.set(lang, made);
  }
  return made;
}

/** Where the browser fetches the keys of the page at `pathname`, or null if its document carries them. */
export function pageDictionaryUrl(lang: Language, pathname: string): string | null {
  const route = routeOf(pathname) ?? NONE;
  if (INLINE.has(route)) return null;
  return `/i18n/${lang}/${filesOf(lang).byRoute.get(route)!.hash}.json`;
}

/** The body of the page file `hash` of `lang` (JSON), or null if no page has it. */
export function pageDictionaryFile(lang: string, hash: string): string | null {
  const language = LANGUAGES.find((l) => l === lang);
  return (language && filesOf(language).byHash.get(hash)) ?? null;
}
