import path from "node:path";
import { describe, expect, it } from "vitest";
import { APP, appSources, runtimeImports } from "#tests/fixtures/imports";

// The layers of docs/architecture.md, read from the code: no module of app/ reaches itself again
// through its imports (a circle makes load order matter and hides which layer is above), and the
// models never import request glue from app/utils; what they need sits below them in app/lib,
// which imports no other layer of the app. Nothing is left to list (decision 048); anything
// new fails.

/** No circle is left: the shares, the inbox, the contacts and the sender left the modules that made one. */
const KNOWN_CIRCLES: string[][] = [];

/** Nothing: logs, metrics, the request's scope, storage faults and formats sit in app/lib. */
const KNOWN_UPWARD: string[] = [];

const graph = new Map(appSources().map((f) => [f, runtimeImports(f)]));
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

  it("keeps app/lib below everything: it imports only itself", () => {
    const up = [...graph]
      .filter(([f]) => rel(f).startsWith("lib/"))
      .flatMap(([f, to]) =>
        to.filter((t) => !rel(t).startsWith("lib/")).map((t) => `${rel(f)} → ${rel(t)}`),
      );
    expect(up).toEqual([]);
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
