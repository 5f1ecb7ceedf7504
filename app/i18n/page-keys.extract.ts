// Which dictionary keys each page can show, found in the source (run at test time and by
// `npx tsx app/i18n/page-keys.extract.ts --write`; never bundled). A page is a route module with
// every local module it imports, server modules included (the error codes an action returns are
// literals there). Its keys are:
// - every dotted string literal in those modules that is a key of the dictionary, or a subtree;
// - for a template key in a module that is not a server module `a.b.${x}…`: `a.b.` followed by any literal of those modules that makes a
//   key (`errors.${r.code}` with "not_open" somewhere in the modules is errors.not_open; with
//   `bad_address_${channel}` there, every errors.bad_address_…), or the
//   whole subtree `a.b` when the prefix is not "errors." (values such as phases and statuses come
//   from the database, so every value's text is sent).
// Plural forms (key_one, key_other …) come with their base key. The shared list is the root
// module's (header, error pages, storage fault page), sent with every page.
import { readFileSync, writeFileSync, existsSync } from "node:fs";
import path from "node:path";
import zhCN from "./zh-CN.json";
import en from "./en.json";

type Tree = { [k: string]: string | Tree };
const APP = path.resolve(import.meta.dirname, "..");
export const GENERATED = path.join(APP, "i18n", "page-keys.generated.json");
/** Prefixes whose values are matched against the modules' literals instead of sent whole. */
const MATCHED_PREFIXES = ["errors."];

export type PageKeys = { shared: string[]; routes: Record<string, string[]> };

/** Every path of a dictionary: leaves and subtrees. */
function pathsOf(tree: Tree, prefix = "", into = new Map<string, boolean>()) {
  for (const [k, v] of Object.entries(tree)) {
    const p = prefix + k;
    into.set(p, typeof v !== "string");
    if (typeof v !== "string") pathsOf(v, `${p}.`, into);
  }
  return into;
}
const PATHS = new Map([...pathsOf(zhCN as Tree), ...pathsOf(en as Tree)]);
const PLURAL = /_(zero|one|two|few|many|other)$/;
/** Keys written without their plural ending ("x.count" for "x.count_one"). */
const PLURAL_BASES = new Map<string, string[]>();
for (const p of PATHS.keys())
  if (PLURAL.test(p)) {
    const base = p.replace(PLURAL, "");
    PLURAL_BASES.set(base, [...(PLURAL_BASES.get(base) ?? []), p]);
  }

function resolveImport(from: string, spec: string): string | null {
  let base: string;
  if (spec.startsWith("~/")) base = path.join(APP, spec.slice(2));
  else if (spec.startsWith(".")) base = path.resolve(path.dirname(from), spec);
  else return null;
  for (const c of [base, `${base}.ts`, `${base}.tsx`, `${base}/index.ts`, `${base}/index.tsx`])
    if (existsSync(c) && /\.tsx?$/.test(c)) return c;
  return null;
}

/** A module and every local module whose code it imports (statically or with import()). */
export function closure(entry: string, withServer = true): string[] {
  const seen = new Set<string>();
  const todo = [entry];
  while (todo.length) {
    const f = todo.pop()!;
    if (seen.has(f)) continue;
    seen.add(f);
    const src = readFileSync(f, "utf8");
    // `import type` and `export type` bring no code, so no text, with them
    const code = src.replace(/^(?:import|export) type\b[^;]*;/gm, "");
    for (const m of code.matchAll(/(?:from|import)\s*\(?\s*["']([^"']+)["']/g)) {
      const r = resolveImport(f, m[1]);
      if (r && !seen.has(r) && (withServer || !/\.server\.tsx?$/.test(r))) todo.push(r);
    }
  }
  return [...seen].sort();
}

/** The dictionary paths a set of modules can show. */
export function keysOf(files: string[]): string[] {
  const literals = new Set<string>();
  const prefixes = new Set<string>();
  const partials = new Set<string>();
  const shaped: RegExp[] = [];
  for (const f of files) {
    const src = readFileSync(f, "utf8");
    for (const m of src.matchAll(/"((?:[^"\\\n]|\\.)*)"|'((?:[^'\\\n]|\\.)*)'/g))
      literals.add(m[1] ?? m[2]);
    for (const m of src.matchAll(/`((?:[^`\\$]|\\.)*)`/g)) literals.add(m[1]);
    // an error code put together: DomainError(`bad_address_${channel}`)
    for (const m of src.matchAll(/`([a-z]\w*_)\$\{/g)) partials.add(m[1]);
    // an error key put together around a value, in any module: `errors.table_${code}`,
    // `errors.boq_${source}_rejected` (every error key so shaped)
    for (const m of src.matchAll(/`errors\.(\w*)\$\{[^}`]*\}(\w*)`/g))
      if (m[1] || m[2]) shaped.push(new RegExp(`^errors\\.${m[1]}\\w*${m[2]}$`));
    // a server module's template strings are audit actions and the like: its keys reach the page
    // as literals (error codes, flash messages), and a component's template puts them together
    if (!/\.server\.tsx?$/.test(f))
      for (const m of src.matchAll(/`([a-z_]\w*(?:\.\w+)*\.\w*)\$\{/g)) prefixes.add(m[1]);
  }
  const keys = new Set<string>();
  const add = (p: string) => {
    if (PATHS.has(p)) keys.add(p);
    for (const f of PLURAL_BASES.get(p) ?? []) keys.add(f);
  };
  // a literal is a key when it is a dotted path: a single word ("round", "errors") is too often
  // something else to count as a whole top-level subtree
  /** every key beside `p` that starts so (`participate.as_${relation}`) */
  const addBeside = (p: string) => {
    for (const k of PATHS.keys()) if (k.startsWith(p) && !k.includes(".", p.length)) add(k);
  };
  for (const l of literals) if (l.includes(".")) add(l);
  for (const re of shaped) for (const k of PATHS.keys()) if (re.test(k)) add(k);
  for (const p of prefixes) {
    if (MATCHED_PREFIXES.includes(p)) {
      for (const l of literals) add(p + l);
      for (const part of partials) addBeside(p + part);
    } else if (p.endsWith(".")) add(p.slice(0, -1));
    // `participate.as_${relation}`: every key beside it that starts so
    else addBeside(p);
  }
  // a subtree covers the keys under it
  const sorted = [...keys].sort();
  return sorted.filter(
    (k) => !sorted.some((s) => s !== k && PATHS.get(s) && k.startsWith(`${s}.`)),
  );
}

/** The routes of app/routes.ts: URL pattern and module. */
export function routesOf(): { path: string; file: string }[] {
  const src = readFileSync(path.join(APP, "routes.ts"), "utf8");
  return [...src.matchAll(/\b(index|route)\(\s*(?:"([^"]*)",\s*)?"([^"]+)"\s*\)/g)].map((m) => ({
    path: m[1] === "index" ? "" : m[2],
    file: m[3],
  }));
}

export function extract(): PageKeys {
  // the root's server modules show nothing of their own: its one text from the server, the flash
  // message, is added to the page's keys by the root loader
  const shared = keysOf(closure(path.join(APP, "root.tsx"), false));
  const routes: Record<string, string[]> = {};
  for (const r of routesOf()) {
    const own = keysOf(closure(path.join(APP, r.file)));
    // what the shared list already covers is not repeated
    routes[r.path] = own.filter(
      (k) => !shared.some((s) => s === k || (PATHS.get(s) && k.startsWith(`${s}.`))),
    );
  }
  return { shared, routes };
}

export function serialise(keys: PageKeys): string {
  return `${JSON.stringify(keys, null, 1)}\n`;
}

if (process.argv.includes("--write")) writeFileSync(GENERATED, serialise(extract()));
