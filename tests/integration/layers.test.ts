import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";

// The layers of docs/architecture.md, read from the code: no module of app/ reaches itself again
// through its imports (a circle makes load order matter and hides which layer is above), and the
// models never import request glue from app/utils. What is still so is listed below, to be
// emptied (decision 048); anything new fails.

/** The one circle left, through the round's guards, its tally and the options' module. */
const KNOWN_CIRCLES = [
  [
    "models/authorization.server.ts",
    "models/contact-verification.server.ts",
    "models/notification.server.ts",
    "models/option.server.ts",
    "models/round-guards.server.ts",
    "models/round-tally.server.ts",
  ],
];

/** What the models still take from app/utils: hashing, secrets, logs, metrics, storage faults. */
const KNOWN_UPWARD = [
  "models/account.server.ts → utils/password.server.ts",
  "models/admin.server.ts → utils/password.server.ts",
  "models/ballot.server.ts → utils/metrics.server.ts",
  "models/ballot.server.ts → utils/secrets.server.ts",
  "models/hot-sql.server.ts → utils/log.server.ts",
  "models/hot-sql.server.ts → utils/metrics.server.ts",
  "models/hot-sql.server.ts → utils/storage-fault.server.ts",
  "models/household-code.server.ts → utils/password.server.ts",
  "models/owner.server.ts → utils/secrets.server.ts",
  "models/password-reset.server.ts → utils/password.server.ts",
  "models/rate-counter.server.ts → utils/storage-fault.server.ts",
  "models/repair-service.server.ts → utils/password.server.ts",
  "models/transparency.server.ts → utils/secrets.server.ts",
  "models/trial-motion.server.ts → utils/format.ts",
];

const APP = path.resolve("app");

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) return e.name === "generated" ? [] : sources(full);
    return /\.tsx?$/.test(e.name) && !/\.test\.tsx?$/.test(e.name) ? [full] : [];
  });
}

function resolve(from: string, spec: string): string | null {
  const base = spec.startsWith("~/")
    ? path.join(APP, spec.slice(2))
    : spec.startsWith(".")
      ? path.resolve(path.dirname(from), spec)
      : null;
  if (!base) return null;
  for (const file of [base, `${base}.ts`, `${base}.tsx`, path.join(base, "index.ts")])
    if (file.startsWith(APP) && /\.tsx?$/.test(file) && existsSync(file)) return file;
  return null;
}

/** The app modules a file imports at run time (`import type` and type-only exports vanish). */
function importsOf(file: string): string[] {
  const source = ts.createSourceFile(file, readFileSync(file, "utf8"), ts.ScriptTarget.Latest);
  const out: string[] = [];
  for (const node of source.statements) {
    const runtime =
      (ts.isImportDeclaration(node) && !node.importClause?.isTypeOnly) ||
      (ts.isExportDeclaration(node) && !node.isTypeOnly && node.moduleSpecifier);
    if (!runtime || !node.moduleSpecifier || !ts.isStringLiteral(node.moduleSpecifier)) continue;
    const target = resolve(file, node.moduleSpecifier.text);
    if (target) out.push(target);
  }
  return out;
}

const graph = new Map(sources(APP).map((f) => [f, importsOf(f)]));
const rel = (f: string) => path.relative(APP, f);

/** Every circle, each as the path from its first module back to itself (Tarjan's components). */
function circles(): string[][] {
  let index = 0;
  const at = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const found: string[][] = [];
  const visit = (v: string) => {
    at.set(v, index);
    low.set(v, index++);
    stack.push(v);
    for (const w of graph.get(v) ?? []) {
      if (!at.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (stack.includes(w)) low.set(v, Math.min(low.get(v)!, at.get(w)!));
    }
    if (low.get(v) === at.get(v)) {
      const component: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        component.push(rel(w));
      } while (w !== v);
      if (component.length > 1 || graph.get(v)?.includes(v)) found.push(component.sort());
    }
  };
  for (const v of graph.keys()) if (!at.has(v)) visit(v);
  return found;
}

describe("the layers, as the imports say", () => {
  it("has no import circle among the modules of app/ but the one listed", () => {
    expect(circles()).toEqual(KNOWN_CIRCLES);
  });

  it("finds a circle when there is one (the check itself)", () => {
    const a = path.join(APP, "a.ts");
    const b = path.join(APP, "b.ts");
    graph.set(a, [b]);
    graph.set(b, [a]);
    try {
      expect(circles()).toContainEqual(["a.ts", "b.ts"]);
    } finally {
      graph.delete(a);
      graph.delete(b);
    }
  });

  it("keeps app/utils (request glue) out of the models, but for what is listed", () => {
    const upward = [...graph]
      .filter(([f]) => rel(f).startsWith("models/"))
      .flatMap(([f, to]) =>
        to.filter((t) => rel(t).startsWith("utils/")).map((t) => `${rel(f)} → ${rel(t)}`),
      );
    expect(upward.sort()).toEqual(KNOWN_UPWARD);
  });
});
