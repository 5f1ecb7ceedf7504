// Reads the model modules with the TypeScript compiler and lists the exported functions that take
// an actor, with every place where one of them (or a helper of its module it calls) decides
// jurisdiction itself instead of asking the door (staffRight, domain/authorization.ts): a
// comparison of a communityId or streetId, or a read of the actor's communityId or streetId other
// than copying it along to hand the actor on (a filter by it is jurisdictionOf's job).
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import ts from "typescript";

const PLACE_FIELDS = new Set(["communityId", "streetId"]);
const ACTOR_NAMES = new Set(["actor", "account", "office", "viewer", "party", "staff", "worker"]);
const ACTOR_TYPES =
  /\b(Actor|ActorRef|HouseholdActor|PlacedActor|RepairAccount|CurrentAccount|TrialActor|Office|Party)\b/;
const EQUALITY = new Set([
  ts.SyntaxKind.EqualsEqualsEqualsToken,
  ts.SyntaxKind.ExclamationEqualsEqualsToken,
  ts.SyntaxKind.EqualsEqualsToken,
  ts.SyntaxKind.ExclamationEqualsToken,
]);

export type ActorFunction = { module: string; name: string; bypasses: string[] };

type Fn = { name: string; node: ts.FunctionLikeDeclaration; exported: boolean };

function isExported(node: ts.Node) {
  return (
    ts.canHaveModifiers(node) &&
    (ts.getModifiers(node) ?? []).some((m) => m.kind === ts.SyntaxKind.ExportKeyword)
  );
}

/** The module's top-level functions: declarations and `const f = (…) => …` / `function (…)`. */
function topLevelFunctions(file: ts.SourceFile): Map<string, Fn> {
  const out = new Map<string, Fn>();
  for (const s of file.statements) {
    if (ts.isFunctionDeclaration(s) && s.name && s.body)
      out.set(s.name.text, { name: s.name.text, node: s, exported: isExported(s) });
    if (ts.isVariableStatement(s))
      for (const d of s.declarationList.declarations)
        if (
          ts.isIdentifier(d.name) &&
          d.initializer &&
          (ts.isArrowFunction(d.initializer) || ts.isFunctionExpression(d.initializer))
        )
          out.set(d.name.text, { name: d.name.text, node: d.initializer, exported: isExported(s) });
  }
  return out;
}

function actorParams(fn: ts.FunctionLikeDeclaration, file: ts.SourceFile): Set<string> {
  const names = new Set<string>();
  for (const p of fn.parameters) {
    if (!ts.isIdentifier(p.name)) continue;
    const type = p.type?.getText(file) ?? "";
    if (ACTOR_NAMES.has(p.name.text) || ACTOR_TYPES.test(type)) names.add(p.name.text);
  }
  return names;
}

/** A communityId or streetId read, however wrapped: `x.communityId`, `x?.streetId`, `(x.a!)`. */
function placeField(e: ts.Expression): boolean {
  while (ts.isParenthesizedExpression(e) || ts.isNonNullExpression(e)) e = e.expression;
  if (ts.isBinaryExpression(e) && e.operatorToken.kind === ts.SyntaxKind.QuestionQuestionToken)
    return placeField(e.left) || placeField(e.right);
  if (ts.isPropertyAccessExpression(e)) return PLACE_FIELDS.has(e.name.text);
  if (ts.isIdentifier(e)) return PLACE_FIELDS.has(e.text);
  return false;
}

/** Inside a Prisma filter: a `where:` property or a variable named `where`. */
function insideWhere(node: ts.Node): boolean {
  for (let n = node.parent; n; n = n.parent)
    if ((ts.isPropertyAssignment(n) || ts.isVariableDeclaration(n)) && n.name.getText() === "where")
      return true;
  return false;
}

/**
 * The one way a model may read its actor's place: copying it along under the same name
 * (`communityId: actor.communityId ?? null`) to hand the actor on, never into a filter.
 */
function copiedAlong(read: ts.PropertyAccessExpression): boolean {
  let n: ts.Node = read;
  if (
    ts.isBinaryExpression(n.parent) &&
    n.parent.operatorToken.kind === ts.SyntaxKind.QuestionQuestionToken &&
    n.parent.left === n &&
    n.parent.right.kind === ts.SyntaxKind.NullKeyword
  )
    n = n.parent;
  return (
    ts.isPropertyAssignment(n.parent) &&
    n.parent.initializer === n &&
    n.parent.name.getText() === read.name.text &&
    !insideWhere(n)
  );
}

/** What in this function body decides jurisdiction itself. */
function bypassesIn(fn: ts.FunctionLikeDeclaration, file: ts.SourceFile): string[] {
  const actors = actorParams(fn, file);
  const found: string[] = [];
  const at = (n: ts.Node) =>
    `${n.getText(file)} (line ${file.getLineAndCharacterOfPosition(n.getStart(file)).line + 1})`;
  const visit = (n: ts.Node) => {
    if (ts.isBinaryExpression(n) && EQUALITY.has(n.operatorToken.kind))
      if (placeField(n.left) || placeField(n.right)) found.push(at(n));
    if (
      ts.isPropertyAccessExpression(n) &&
      PLACE_FIELDS.has(n.name.text) &&
      ts.isIdentifier(n.expression) &&
      actors.has(n.expression.text) &&
      !copiedAlong(n)
    )
      found.push(at(n));
    ts.forEachChild(n, visit);
  };
  if (fn.body) visit(fn.body);
  return found;
}

/** The names of the module's functions this one calls, directly or through each other. */
function closure(start: Fn, fns: Map<string, Fn>): Fn[] {
  const seen = new Map<string, Fn>([[start.name, start]]);
  const queue = [start];
  while (queue.length) {
    const fn = queue.pop()!;
    const visit = (n: ts.Node) => {
      if (ts.isIdentifier(n) && fns.has(n.text) && !seen.has(n.text)) {
        const callee = fns.get(n.text)!;
        seen.set(n.text, callee);
        queue.push(callee);
      }
      ts.forEachChild(n, visit);
    };
    if (fn.node.body) visit(fn.node.body);
  }
  return [...seen.values()];
}

/** Every exported function of this source that takes an actor, with its bypasses (none, we hope). */
export function scanModule(module: string, source: string): ActorFunction[] {
  const file = ts.createSourceFile(module, source, ts.ScriptTarget.Latest, true);
  const fns = topLevelFunctions(file);
  return [...fns.values()]
    .filter((f) => f.exported && actorParams(f.node, file).size > 0)
    .map((f) => ({
      module,
      name: f.name,
      bypasses: closure(f, fns).flatMap((g) =>
        bypassesIn(g.node, file).map((b) => (g === f ? b : `${g.name}: ${b}`)),
      ),
    }));
}

/** Every comparison of a place field anywhere in this source (for the domain, outside the door). */
export function placeComparisons(module: string, source: string): string[] {
  const file = ts.createSourceFile(module, source, ts.ScriptTarget.Latest, true);
  const found: string[] = [];
  const visit = (n: ts.Node) => {
    if (ts.isFunctionDeclaration(n) && DOOR.has(n.name?.text ?? "")) return;
    if (ts.isBinaryExpression(n) && EQUALITY.has(n.operatorToken.kind))
      if (placeField(n.left) || placeField(n.right)) found.push(`${module}: ${n.getText(file)}`);
    ts.forEachChild(n, visit);
  };
  visit(file);
  return found;
}

/** The door itself: the only functions that compare places. */
const DOOR = new Set(["staffRight", "jurisdictionOf"]);

export function scanModels(root: string): ActorFunction[] {
  const dir = path.join(root, "app/models");
  return readdirSync(dir)
    .filter((f) => f.endsWith(".server.ts"))
    .sort()
    .flatMap((f) => scanModule(`app/models/${f}`, readFileSync(path.join(dir, f), "utf8")));
}

export function scanDomain(root: string): string[] {
  const dir = path.join(root, "app/domain");
  return readdirSync(dir)
    .filter((f) => f.endsWith(".ts") && !f.endsWith(".test.ts"))
    .sort()
    .flatMap((f) => placeComparisons(`app/domain/${f}`, readFileSync(path.join(dir, f), "utf8")));
}
