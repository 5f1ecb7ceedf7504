import { MATTER_ITEMS, MOTION_CHOICES, ROUND_KINDS } from "~/domain/matters";
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { CATALOGUE, CATEGORIES, UTILITY_KINDS } from "~/domain/catalogue";
import { FUNDING_SOURCES } from "~/domain/cost-share";
import {
  MILESTONE_KINDS,
  PHASES,
  REASONS,
  ROLES,
  TRANSITIONS,
  VISIT_OUTCOMES,
} from "~/domain/round-lifecycle";
import { CHANNELS, NOTIFICATION_KINDS, OPT_IN_CHANNELS, STATUSES } from "~/domain/notifications";
import * as repairs from "~/domain/repairs";
import en from "./en.json";
import zhCN from "./zh-CN.json";

// Every key the code uses exists in both languages, and both languages have the same keys.
const PLURAL = /_(zero|one|two|few|many|other)$/;

function flatten(obj: object, prefix = ""): string[] {
  return Object.entries(obj).flatMap(([k, v]) =>
    typeof v === "object" && v ? flatten(v, `${prefix}${k}.`) : [`${prefix}${k}`],
  );
}
const keysOf = (o: object) => new Set(flatten(o).map((k) => k.replace(PLURAL, "")));

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = path.join(dir, f);
    if (statSync(p).isDirectory()) return f === "generated" ? [] : sources(p);
    return /\.(ts|tsx)$/.test(f) && !f.endsWith(".test.ts") ? [p] : [];
  });
}

const code = sources("app")
  .map((f) => readFileSync(f, "utf8"))
  .join("\n");
const used = new Set<string>();
for (const m of code.matchAll(/\bt\(\s*"([a-z_]+(?:\.[A-Za-z0-9_-]+)+)"/g)) used.add(m[1]);
for (const m of code.matchAll(/"(errors\.[a-z_]+)"/g)) used.add(m[1]);
for (const m of code.matchAll(/new DomainError\(\s*"([a-z_]+)"/g)) used.add(`errors.${m[1]}`);
for (const p of PHASES)
  ["phases", "phase_help", "asked_now"].forEach((ns) => used.add(`${ns}.${p}`));
for (const e of CATALOGUE) used.add(`catalogue.${e.key}`);
for (const r of REASONS) used.add(`errors.reason_${r}`);
// keys the pages build from domain values
const dynamic: [string, readonly string[]][] = [
  ["roles", ROLES],
  ["transition", TRANSITIONS],
  ["flash.transition", TRANSITIONS],
  ["milestones", MILESTONE_KINDS],
  ["outbox.status", STATUSES],
  ["outbox.kinds", NOTIFICATION_KINDS],
  ["notify", NOTIFICATION_KINDS.flatMap((k) => [`${k}.subject`, `${k}.body`])],
  [
    "inbox",
    [
      ...CHANNELS.map((c) => `channel_${c}`),
      ...OPT_IN_CHANNELS.flatMap((c) => [`address_${c}`, `opt_in_${c}`]),
    ],
  ],
  ["errors", OPT_IN_CHANNELS.map((c) => `bad_address_${c}`)],
  ["discussion", ["badge_expert", "badge_staff"]],
  ["visit", VISIT_OUTCOMES],
  ["doors", ["kind_supports", "kind_ballots"]],
  ["funding", FUNDING_SOURCES],
  ["utility", UTILITY_KINDS],
  ["categories", CATEGORIES],
  ["scope", ["whole", "buildings", "units"]],
  ["repairs.categories", repairs.REPAIR_CATEGORIES],
  ["repairs.urgencies", repairs.URGENCIES],
  ["repairs.modes", repairs.MANAGEMENT_MODES],
  ["repairs.positions", repairs.STAFF_POSITIONS],
  ["repairs.statuses", repairs.TICKET_STATUSES],
  ["repairs.flash", [...repairs.TICKET_ACTIONS, "reported", "inspection", "settings", "staff"]],
  ["repairs.escalation", ["1", "2"]],
  ["repairs.warranty_kinds", repairs.WARRANTY_KINDS],
  ["repairs.events", repairs.REPAIR_EVENTS],
  ["option_kind", ["ordinary", "alteration"]],
  ["matter.items", MATTER_ITEMS.map(String)],
  ["matter.choice", MOTION_CHOICES],
  ["matter.kind", ROUND_KINDS],
  ["matter.last_seat", ["heads", "area", "ballot_order"]],
  ["matter", ["bar_ordinary", "bar_alteration", "new_motion", "new_election"]],
  ["matter", ["new_motion_hint", "new_election_hint"]],
  ["errors", ["too_many_approvals"]],
  ["version_status", ["draft", "submitted", "approved", "returned", "superseded"]],
  ["disciplines", ["design", "construction", "supervision", "audit", "utility"]],
  [
    "admin",
    ["district", "street", "community", "compound", "building", "unit"].map((l) => `add_${l}`),
  ],
  ["tally.failure", ["no_quorum", "households_agreement", "area_agreement"]],
  ["round.failure", ["no_quorum", "no_approved_option", "no_options"]],
  [
    "check",
    [
      "menu_frozen",
      "approved_option",
      "mandatory_covered",
      "deadline_passed",
      "all_voted",
      "objection_period_over",
      "objections_answered",
      "extension_unused",
      "yes",
      "no",
    ],
  ],
  [
    "error_page",
    [
      "forbidden.title",
      "forbidden.body",
      "not_found.title",
      "not_found.body",
      "server.title",
      "server.body",
    ],
  ],
];
for (const [ns, values] of dynamic) for (const v of values) used.add(`${ns}.${v}`);
// codes the domain's *Problem functions return become errors.<code>
for (const f of ["app/domain/needs.ts", "app/domain/cost-share.ts", "app/domain/repairs.ts"]) {
  for (const m of readFileSync(f, "utf8").matchAll(/(?:return|\?|:) "([a-z]+_[a-z_]+)"/g))
    used.add(`errors.${m[1]}`);
}

describe("translations", () => {
  for (const [name, dict] of [
    ["zh-CN", zhCN],
    ["en", en],
  ] as const) {
    it(`${name} has every key the code uses`, () => {
      const have = keysOf(dict);
      expect([...used].filter((k) => !have.has(k))).toEqual([]);
    });
  }

  it("zh-CN and en have the same keys", () => {
    const zh = keysOf(zhCN);
    const e = keysOf(en);
    expect([...zh].filter((k) => !e.has(k))).toEqual([]);
    expect([...e].filter((k) => !zh.has(k))).toEqual([]);
  });

  it("have no empty strings", () => {
    for (const dict of [zhCN, en]) {
      const walk = (o: object): string[] =>
        Object.values(o).flatMap((v) => (typeof v === "object" ? walk(v) : [v as string]));
      expect(walk(dict).filter((s) => s.trim() === "")).toEqual([]);
    }
  });

  it("finds the keys it checks (the scan is not silently empty)", () => {
    expect(used.size).toBeGreaterThan(150);
    expect(used.has("round.rules_text")).toBe(true);
    expect(used.has("errors.code_used")).toBe(true);
    expect(
      used.has("errors.funding_sum_mismatch") &&
        used.has("errors.merge_same") &&
        used.has("errors.reason_before_deadline"),
    ).toBe(true);
  });
});
