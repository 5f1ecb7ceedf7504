// After the renovation (一键报修, docs/product.md §7): repair tickets, their promised times, states,
// escalation, warranties and the figures the public sees. Pure: models/repair.server.ts stores
// what these functions decide. Reasons are codes the pages translate (`errors.<code>`).

import { isStaffOf } from "./authorization";

export const REPAIR_CATEGORIES = [
  "water",
  "drainage",
  "power",
  "gas",
  "elevator",
  "leak", // roof or wall leak 屋面/外墙渗漏
  "lighting",
  "public_area",
  "other",
] as const;
export type RepairCategory = (typeof REPAIR_CATEGORIES)[number];

/** emergency: danger to life or property; urgent: no water, power, gas; normal: the rest. */
export const URGENCIES = ["emergency", "urgent", "normal"] as const;
export type Urgency = (typeof URGENCIES)[number];

/** A compound is served by a property company, or by the community as fallback (社区兜底). */
export const MANAGEMENT_MODES = ["property_company", "community"] as const;
export type ManagementMode = (typeof MANAGEMENT_MODES)[number];

/** Property service staff: the desk takes and assigns tickets, technicians fix them. */
export const STAFF_POSITIONS = ["desk", "technician"] as const;
export type StaffPosition = (typeof STAFF_POSITIONS)[number];

export const TICKET_SOURCES = ["resident", "inspection"] as const;
export type TicketSource = (typeof TICKET_SOURCES)[number];

export const MAX_REPAIR_PHOTOS = 3;
export const REOPEN_DAYS = 7;
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

// ---------- promised times

export type RepairPromise = { answerMinutes: number; fixMinutes: number };
export type PromiseOverride = RepairPromise & { category: RepairCategory; urgency: Urgency };

/**
 * Common property-service practice (PRODUCT §7), editable per compound: on site within 30
 * minutes where life or property is in danger, within 4 hours for urgent water, power or gas,
 * ordinary repairs answered within a day and fixed within 5 days (3–5 working days).
 * Gas never waits as an ordinary job.
 */
export function defaultPromise(category: RepairCategory, urgency: Urgency): RepairPromise {
  const u = category === "gas" && urgency === "normal" ? "urgent" : urgency;
  if (u === "emergency") return { answerMinutes: 30, fixMinutes: 24 * 60 };
  if (u === "urgent") return { answerMinutes: 4 * 60, fixMinutes: 48 * 60 };
  return { answerMinutes: 24 * 60, fixMinutes: 5 * 24 * 60 };
}

/** The compound's promise for this kind of job: its own setting, else the default. */
export function promiseFor(
  category: RepairCategory,
  urgency: Urgency,
  overrides: readonly PromiseOverride[],
): RepairPromise {
  const o = overrides.find((x) => x.category === category && x.urgency === urgency);
  return o
    ? { answerMinutes: o.answerMinutes, fixMinutes: o.fixMinutes }
    : defaultPromise(category, urgency);
}

/** A promise the street office may set: answer within 1 minute to 7 days, fix no sooner than the answer, within 60 days. */
export function checkPromise(p: RepairPromise): string | null {
  const ok = (n: number, max: number) => Number.isInteger(n) && n >= 1 && n <= max;
  if (!ok(p.answerMinutes, 7 * 24 * 60) || !ok(p.fixMinutes, 60 * 24 * 60)) return "promise_range";
  if (p.fixMinutes < p.answerMinutes) return "promise_order";
  return null;
}

export function dueTimes(from: Date, p: RepairPromise) {
  return {
    answerDueAt: new Date(from.getTime() + p.answerMinutes * MINUTE),
    fixDueAt: new Date(from.getTime() + p.fixMinutes * MINUTE),
  };
}

// ---------- the ticket's states

export const TICKET_STATUSES = [
  "reported",
  "answered",
  "assigned",
  "fixed",
  "rated",
  "reopened",
] as const;
export type TicketStatus = (typeof TICKET_STATUSES)[number];

export const TICKET_ACTIONS = [
  "answer", // the desk acknowledges (及时反馈)
  "assign", // the desk gives it to a technician
  "fix", // the technician (or desk) marks it done with a photo
  "quick_close", // 马上就办: answered and fixed in one step at the desk
  "rate", // the reporter rates the fix 1–5
  "reopen", // the reporter: not fixed, within 7 days
  "accept_claim", // the contractor takes a warranty claim on
  "dispute_claim", // the contractor refuses it, with a reason: the desk has it again
  "fix_claim", // the contractor marks the claimed work fixed, with a photo
] as const;
export type TicketAction = (typeof TICKET_ACTIONS)[number];

/** What a ticket's timeline records (and tells the reporter). */
export const REPAIR_EVENTS = [
  "reported",
  "answered",
  "assigned",
  "fixed",
  "quick_closed",
  "rated",
  "reopened",
  "escalated_community",
  "escalated_street",
  "warranty_claim",
  "claim_accepted",
  "claim_disputed",
  "claim_fixed",
] as const;
export type RepairEvent = (typeof REPAIR_EVENTS)[number];

/**
 * Who acts on a ticket: its reporter, the compound's desk or technician (the assignee when
 * assigned), or the contractor answering for the works under warranty.
 */
export type TicketActor = "reporter" | "desk" | "technician" | "assignee" | "contractor";

/**
 * A warranty claim at the contractor: open (sent, waiting for an answer) → accepted → fixed, or
 * open → disputed (the contractor says it is not theirs: the desk handles it as any repair).
 * A reopen of a claim the contractor fixed opens it again at the contractor.
 */
export const CLAIM_STATUSES = ["open", "accepted", "disputed", "fixed"] as const;
export type ClaimStatus = (typeof CLAIM_STATUSES)[number];

const FROM: Record<TicketAction, TicketStatus[]> = {
  answer: ["reported", "reopened"],
  assign: ["reported", "answered", "reopened", "assigned"],
  fix: ["assigned"],
  quick_close: ["reported", "answered", "reopened"],
  rate: ["fixed"],
  reopen: ["fixed", "rated"],
  accept_claim: ["reported", "answered", "reopened"],
  dispute_claim: ["reported", "answered", "reopened"],
  fix_claim: ["answered"],
};
// a dispute leaves the ticket where it was: the desk picks it up
const TO: Record<TicketAction, TicketStatus | null> = {
  answer: "answered",
  assign: "assigned",
  fix: "fixed",
  quick_close: "fixed",
  rate: "rated",
  reopen: "reopened",
  accept_claim: "answered",
  dispute_claim: null,
  fix_claim: "fixed",
};
const WHO: Record<TicketAction, TicketActor[]> = {
  answer: ["desk"],
  assign: ["desk"],
  fix: ["assignee", "desk"],
  quick_close: ["desk"],
  rate: ["reporter"],
  reopen: ["reporter"],
  accept_claim: ["contractor"],
  dispute_claim: ["contractor"],
  fix_claim: ["contractor"],
};

/** The claim each contractor step needs, and where it leads. */
const CLAIM_FROM: Partial<Record<TicketAction, ClaimStatus[]>> = {
  accept_claim: ["open"],
  dispute_claim: ["open"],
  fix_claim: ["accepted"],
};
const CLAIM_TO: Partial<Record<TicketAction, ClaimStatus>> = {
  accept_claim: "accepted",
  dispute_claim: "disputed",
  fix_claim: "fixed",
};
/** The desk's own work waits while the contractor has the claim; answering the reporter does not. */
const DESK_WORK: TicketAction[] = ["assign", "fix", "quick_close"];

/** Whether the contractor has the claim now (sent and not disputed, not yet fixed). */
export function withContractor(claim: ClaimStatus | null | undefined): boolean {
  return claim === "open" || claim === "accepted";
}

export type TicketFacts = {
  status: TicketStatus;
  fixedAt: Date | null;
  now: Date;
  /** the warranty claim's state; null or absent when the ticket is no claim */
  claim?: ClaimStatus | null;
};
export type TicketVerdict =
  /** claimTo: where the warranty claim goes, when this step moves it */
  { ok: true; to: TicketStatus; claimTo?: ClaimStatus } | { ok: false; reason: string };

/** May this actor take this step now, and into which state does it lead? */
export function ticketStep(
  action: TicketAction,
  who: readonly TicketActor[],
  f: TicketFacts,
): TicketVerdict {
  if (!who.some((w) => WHO[action].includes(w))) return { ok: false, reason: "repair_not_yours" };
  if (!FROM[action].includes(f.status)) return { ok: false, reason: "repair_wrong_state" };
  if (action === "reopen" && !withinReopen(f.fixedAt, f.now))
    return { ok: false, reason: "repair_reopen_late" };
  const claim = f.claim ?? null;
  const need = CLAIM_FROM[action];
  if (need && !(claim && need.includes(claim))) return { ok: false, reason: "repair_claim_state" };
  if (DESK_WORK.includes(action) && withContractor(claim))
    return { ok: false, reason: "repair_with_contractor" };
  const to = TO[action] ?? f.status;
  const claimTo = CLAIM_TO[action] ?? (action === "reopen" && claim === "fixed" ? "open" : null);
  return claimTo ? { ok: true, to, claimTo } : { ok: true, to };
}

export function withinReopen(fixedAt: Date | null, now: Date): boolean {
  return !!fixedAt && now.getTime() - fixedAt.getTime() <= REOPEN_DAYS * DAY;
}

/** A ticket still waiting for someone: not yet fixed. */
export function isOpen(status: TicketStatus): boolean {
  return status !== "fixed" && status !== "rated";
}

// ---------- clocks and escalation

export type Clock = {
  answerDueAt: Date;
  fixDueAt: Date;
  answeredAt: Date | null;
  fixedAt: Date | null;
};

/** Which promise is late now: the answer, the fix, or none. */
export function overdue(c: Clock, now: Date): "answer" | "fix" | null {
  if (!c.answeredAt && now > c.answerDueAt) return "answer";
  if (!c.fixedAt && now > c.fixDueAt) return "fix";
  return null;
}

/** 0 none; 1 the community, once a promise is missed; 2 the street office, a day after that. */
export const ESCALATION_LEVELS = [0, 1, 2] as const;
export type EscalationLevel = (typeof ESCALATION_LEVELS)[number];
export const STREET_AFTER_MS = DAY;

export function escalationLevel(c: Clock, now: Date): EscalationLevel {
  const late = overdue(c, now);
  if (!late) return 0;
  const due = late === "answer" ? c.answerDueAt : c.fixDueAt;
  return now.getTime() - due.getTime() > STREET_AFTER_MS ? 2 : 1;
}

/** Minutes left until the next promise (negative when late), for the desk's clock; null when done. */
export function minutesLeft(c: Clock, now: Date): number | null {
  if (c.fixedAt) return null;
  const due = c.answeredAt ? c.fixDueAt : c.answerDueAt;
  return Math.floor((due.getTime() - now.getTime()) / MINUTE);
}

// ---------- a desk's queue: what waits, the late first

export type QueuedTicket = {
  status: TicketStatus;
  minutesLeft: number | null;
  escalationLevel: number;
};

/** Open before done; among open, the latest past its promise first, then the nearest promise. */
export function byUrgencyOfClock(a: QueuedTicket, b: QueuedTicket): number {
  const open = Number(isOpen(b.status)) - Number(isOpen(a.status));
  return open || (a.minutesLeft ?? Infinity) - (b.minutesLeft ?? Infinity);
}

/** The counts a queue opens with: open tickets, those past a promise, those escalated. */
export function queueCounts(tickets: readonly QueuedTicket[]) {
  const open = tickets.filter((t) => isOpen(t.status));
  return {
    open: open.length,
    overdue: open.filter((t) => t.minutesLeft !== null && t.minutesLeft < 0).length,
    escalated: open.filter((t) => t.escalationLevel > 0).length,
  };
}

// ---------- warranty (建设工程质量管理条例 Art. 40), from completion acceptance

export const WARRANTY_KINDS = [
  "waterproofing", // roofs, wet rooms, exterior-wall leaks: 5 years
  "heating", // heating and cooling: 2 seasons
  "electrical", // electrical lines, plumbing and equipment: 2 years
  "plumbing",
  "equipment",
  "decoration", // 2 years
] as const;
export type WarrantyKind = (typeof WARRANTY_KINDS)[number];

const WARRANTY_YEARS: Record<Exclude<WarrantyKind, "heating">, number> = {
  waterproofing: 5,
  electrical: 2,
  plumbing: 2,
  equipment: 2,
  decoration: 2,
};

// the heating season in the north (Tai'an): 15 November to 15 March, in Beijing time
const SEASON_END = { month: 2, day: 15 }; // 15 March
const SEASON_START = { month: 10, day: 15 }; // 15 November
const cst = (y: number, m: number, d: number) => new Date(Date.UTC(y, m, d) - 8 * HOUR);

/**
 * When a warranty of this kind ends for works accepted at `acceptedAt`. Years are calendar
 * years; heating's two seasons are the first two full heating seasons that start after
 * acceptance (a season running at acceptance does not count: the system was not yet tested by it).
 */
export function warrantyEndsAt(kind: WarrantyKind, acceptedAt: Date): Date {
  const local = new Date(acceptedAt.getTime() + 8 * HOUR);
  const y = local.getUTCFullYear();
  if (kind !== "heating") {
    const years = WARRANTY_YEARS[kind];
    return new Date(
      Date.UTC(
        y + years,
        local.getUTCMonth(),
        local.getUTCDate(),
        local.getUTCHours(),
        local.getUTCMinutes(),
      ) -
        8 * HOUR,
    );
  }
  const startThisYear = cst(y, SEASON_START.month, SEASON_START.day);
  const firstStartYear = acceptedAt < startThisYear ? y : y + 1;
  return cst(firstStartYear + 2, SEASON_END.month, SEASON_END.day);
}

/** The warranty kinds a repair of this category may fall under. */
export function warrantyKindsFor(category: RepairCategory): WarrantyKind[] {
  switch (category) {
    case "leak":
      return ["waterproofing"];
    case "water":
    case "drainage":
      return ["plumbing"];
    case "power":
    case "lighting":
      return ["electrical"];
    case "elevator":
      return ["equipment"];
    case "public_area":
      return ["decoration"];
    default:
      return []; // gas belongs to the gas company; "other" is judged by the desk
  }
}

export type Warranty = {
  id: number;
  kind: WarrantyKind;
  endsAt: Date;
  covers: (place: Place) => boolean;
};
export type Place = { buildingId: number | null; unitId: number | null };

/** The warranty a ticket reported at `at` falls under, if any: the one that runs longest. */
export function coveringWarranty<W extends Warranty>(
  category: RepairCategory,
  place: Place,
  at: Date,
  warranties: readonly W[],
): W | null {
  const kinds = warrantyKindsFor(category);
  const live = warranties
    .filter((w) => kinds.includes(w.kind) && at <= w.endsAt && w.covers(place))
    .sort((a, b) => b.endsAt.getTime() - a.endsAt.getTime());
  return live[0] ?? null;
}

// ---------- the public figures

export type TicketFigures = {
  createdAt: Date;
  answerDueAt: Date;
  fixDueAt: Date;
  answeredAt: Date | null;
  fixedAt: Date | null;
  rating: number | null;
  escalationLevel: number;
};

export type ServiceStats = {
  tickets: number;
  open: number;
  /** open tickets already past a promised time */
  overdue: number;
  /** tickets that went to the community or the street office, open or since fixed */
  escalated: number;
  medianAnswerMinutes: number | null;
  medianFixMinutes: number | null;
  /**
   * of the tickets fixed and those still open past a promise, the fixed ones answered and fixed
   * within the promised times: an unanswered ticket counts against the share as soon as it is late,
   * not only once it is finally fixed
   */
  onTime: { num: number; den: number };
  ratings: number;
  /** mean rating in hundredths (exact integer arithmetic, rounded half up) */
  satisfactionCenti: number | null;
};

export function median(xs: number[]): number | null {
  if (!xs.length) return null;
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : Math.round((s[m - 1] + s[m]) / 2);
}

const minutes = (from: Date, to: Date) => Math.round((to.getTime() - from.getTime()) / MINUTE);

export function serviceStats(tickets: readonly TicketFigures[], now: Date): ServiceStats {
  const answered = tickets.filter((t) => t.answeredAt);
  const fixed = tickets.filter((t) => t.fixedAt);
  const late = tickets.filter((t) => !t.fixedAt && overdue(t, now));
  const rated = tickets.filter((t) => t.rating !== null).map((t) => t.rating!);
  const sum = rated.reduce((a, b) => a + b, 0);
  return {
    tickets: tickets.length,
    open: tickets.length - fixed.length,
    overdue: late.length,
    escalated: tickets.filter((t) => t.escalationLevel > 0).length,
    medianAnswerMinutes: median(answered.map((t) => minutes(t.createdAt, t.answeredAt!))),
    medianFixMinutes: median(fixed.map((t) => minutes(t.createdAt, t.fixedAt!))),
    onTime: {
      num: fixed.filter((t) => t.answeredAt! <= t.answerDueAt && t.fixedAt! <= t.fixDueAt).length,
      den: fixed.length + late.length,
    },
    ratings: rated.length,
    satisfactionCenti: rated.length
      ? Math.floor((sum * 200 + rated.length) / (2 * rated.length))
      : null,
  };
}

// ---------- who someone is to a ticket (the one door every ticket action goes through)

export type Party = {
  id: number;
  role: string;
  householdIds: number[];
  communityId: number | null;
  streetId: number | null;
  /** property service posts: at which compounds, as what */
  posts: { compoundId: number; position: StaffPosition }[];
  /** an expert's construction panels: the contractors they answer warranty claims for */
  contractorPanelIds?: number[];
};

export type ServedPlace = {
  compoundId: number;
  communityId: number;
  streetId: number;
  /** null while the street office has set none: the community serves (社区兜底) */
  mode: ManagementMode | null;
};

/** The desk of a compound: its property company's desk clerks, or the community where it serves. */
export function deskRole(p: Party, c: ServedPlace): "desk" | "technician" | null {
  const post = p.role === "property_service" && p.posts.find((x) => x.compoundId === c.compoundId);
  if (post) return post.position;
  if (isStaffOf(p, c, ["community_worker"]) && c.mode !== "property_company") return "desk";
  return null;
}

/** Overseers see every ticket of their place: the community, the street office, the administration. */
export function oversees(p: Party, c: ServedPlace): boolean {
  return p.role === "admin" || isStaffOf(p, c);
}

export type TicketRef = {
  source: string;
  householdId: number | null;
  reporterId: number;
  assigneeId: number | null;
  /** a warranty claim's contractor (a construction panel), when the warranty names one */
  contractorPanelId?: number | null;
};

/** Everything someone is to a ticket: a community worker may be both its reporter and its desk. */
export function ticketActors(p: Party, c: ServedPlace, t: TicketRef): TicketActor[] {
  const out: TicketActor[] = [];
  const reporter =
    t.householdId !== null
      ? p.role === "resident" && p.householdIds.includes(t.householdId)
      : p.id === t.reporterId;
  if (reporter) out.push("reporter");
  const desk = deskRole(p, c);
  if (desk === "technician") out.push(t.assigneeId === p.id ? "assignee" : "technician");
  else if (desk) out.push(desk);
  if (
    p.role === "expert" &&
    t.contractorPanelId != null &&
    (p.contractorPanelIds ?? []).includes(t.contractorPanelId)
  )
    out.push("contractor");
  return out;
}

export function maySeeTicket(p: Party, c: ServedPlace, t: TicketRef): boolean {
  return ticketActors(p, c, t).length > 0 || oversees(p, c);
}
