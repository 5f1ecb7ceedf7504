import { matchRoutes } from "react-router";
import type { Dictionary } from "./index";
import pageKeys from "./page-keys.generated.json";

// The part of a dictionary a page's browser needs: the keys its route's modules can show (the
// list app/i18n/page-keys.extract.ts makes from the source, checked by page-keys.test.ts), the
// shared keys of the root layout, and the flash message of this response. The server renders
// with the whole dictionary; only what goes to the browser for hydration is cut.

const ROUTES = Object.keys(pageKeys.routes).map((p) => ({ path: `/${p}`, id: p }));
const ROUTE_KEYS = pageKeys.routes as Record<string, string[]>;

/** The dictionary paths the page at `pathname` can show (the shared ones alone if none matches). */
export function pageKeysOf(pathname: string): string[] {
  const route = matchRoutes(ROUTES, pathname)?.at(-1)?.route.id;
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
