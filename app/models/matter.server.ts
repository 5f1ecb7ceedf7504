// Motions and elections (domain/matters.ts): rounds of kind "motion" or "election" that skip
// ordering and cooking and go through the rest of a round's lifecycle — snapshot and denominators
// when voting opens, the voting window, close and notice, objections, receipts, exports.
//
// For other modules (the property-service trial, 先尝后买, opens an item-(4) motion with it):
//
//   openMotion(input: OpenMotionInput, actor: ActorRef, now?: Date): Promise<{ roundId: number }>
//     input: { compoundId, item (1–9), title, question, votingEndsAt,
//              titleEn?, scopeKind? ("whole"), buildingIds?, unitIds?,
//              rules? (DEFAULT_RULES), objectionDays? (7), minVotingDays? (7) }
//     actor: the compound's street office (street_office of its street).
//     Creates the motion and opens voting at once (phase TASTING, heads and areas frozen);
//     refuses with a SetupError (fields keyed as in matterProblems) or a DomainError, and then
//     writes nothing. Returns the round's id: /rounds/:id is its page, /rounds/:id/participate
//     its ballot.
//   matterOutcome(roundId): the motion's or election's phase, whether it was adopted (null until
//     decided) and its counts — how another module reads a decided motion.
//   MATTER_DECIDED_HOOKS (matter-hooks.server.ts): functions run in the transaction that decides a
//     motion or an election (ADOPTED or FAILED); a module that must act on the result adds its
//     own function to that list.
import { db, type Tx } from "~/db.server";
import { DomainError } from "~/domain/errors";
import {
  electionSeats,
  itemBar,
  matterProblems,
  motionCounts,
  type MatterItem,
  type MatterSetup,
  type SeatDecidedBy,
} from "~/domain/matters";
import { DEFAULT_MIN_VOTING_DAYS, DEFAULT_OBJECTION_DAYS, DEFAULT_RULES } from "~/domain/rules";
import { SetupError, type RuleSet } from "~/domain/rules";
import { audit } from "./audit.server";
import { parseTally } from "./round-tally.server";
import { requireCompoundAndScope, scopeRows } from "./round-setup.server";
import { transitionRound } from "./round-transition.server";
import type { ActorRef } from "./round-guards.server";

export type MatterInput = {
  compoundId: number;
  item: number;
  title: string;
  titleEn?: string | null;
  scopeKind?: "whole" | "buildings" | "units";
  buildingIds?: number[];
  unitIds?: number[];
  votingEndsAt: Date;
  rules?: RuleSet;
  objectionDays?: number;
  minVotingDays?: number;
};
export type OpenMotionInput = MatterInput & { question: string };
export type ElectionInput = Omit<MatterInput, "item"> & {
  seats: number;
  candidates: { name: string; statement: string }[];
};

/**
 * Write a motion or an election as a DRAFT round: the motion's question is its one option (code
 * M), an election's candidates are its options in ballot order (A, B, …), each approved and
 * published as its first version, of the kind the item's bar asks for. Audit-logged.
 */
export async function createMatter(
  input: (OpenMotionInput & { kind: "motion" }) | (ElectionInput & { kind: "election"; item?: 3 }),
  actor: ActorRef,
  now = new Date(),
) {
  if (actor.role !== "street_office") throw new DomainError("reason_wrong_role", 403);
  const setup: MatterSetup = {
    kind: input.kind,
    item: input.kind === "election" ? 3 : input.item,
    title: input.title,
    question: input.kind === "motion" ? input.question : undefined,
    candidates: input.kind === "election" ? input.candidates : undefined,
    seats: input.kind === "election" ? input.seats : undefined,
    scopeKind: input.scopeKind ?? "whole",
    buildingIds: input.buildingIds,
    unitIds: input.unitIds,
    votingEndsAt: input.votingEndsAt,
    rules: input.rules ?? DEFAULT_RULES,
    objectionDays: input.objectionDays ?? DEFAULT_OBJECTION_DAYS,
    minVotingDays: input.minVotingDays ?? DEFAULT_MIN_VOTING_DAYS,
  };
  const problems = matterProblems(setup, now);
  if (Object.keys(problems).length > 0) throw new SetupError(problems);
  const item = setup.item as MatterItem;
  const kind = itemBar(item);
  return db.$transaction(async (tx) => {
    await requireCompoundAndScope(tx, input.compoundId, setup, actor);
    const scope = scopeRows(setup);
    const r = setup.rules;
    const round = await tx.round.create({
      data: {
        compoundId: input.compoundId,
        kind: setup.kind,
        matterItem: item,
        seats: setup.seats ?? null,
        title: setup.title.trim(),
        titleEn: input.titleEn?.trim() || null,
        scopeKind: setup.scopeKind,
        // a matter has no ordering or cooking: those deadlines are the day it was written
        orderingEndsAt: now,
        cookingEndsAt: now,
        tastingEndsAt: setup.votingEndsAt,
        objectionDays: setup.objectionDays,
        minVotingDays: setup.minVotingDays,
        quorumNum: r.quorum.num,
        quorumDen: r.quorum.den,
        ordinaryNum: r.ordinary.num,
        ordinaryDen: r.ordinary.den,
        alterationNum: r.alteration.num,
        alterationDen: r.alteration.den,
        threshold: r.threshold,
        createdById: actor.id,
        createdAt: now,
        scopeItems: { create: scope },
      },
    });
    const choices =
      setup.kind === "motion"
        ? [{ code: "M", title: setup.title.trim(), description: setup.question!.trim() }]
        : setup.candidates!.map((c, i) => ({
            code: candidateCode(i),
            title: c.name.trim(),
            description: c.statement.trim(),
          }));
    for (const c of choices)
      await tx.designOption.create({
        data: {
          roundId: round.id,
          code: c.code,
          kind,
          createdById: actor.id,
          createdAt: now,
          versions: {
            create: {
              version: 1,
              title: c.title,
              description: c.description,
              durationDays: 0,
              totalFen: 0,
              status: "approved",
              publishedAt: now,
              createdById: actor.id,
              createdAt: now,
            },
          },
        },
      });
    await audit(tx, {
      actorId: actor.id,
      action: `round.create_${setup.kind}`,
      entity: "Round",
      entityId: round.id,
      roundId: round.id,
      after: {
        compoundId: input.compoundId,
        kind: setup.kind,
        item,
        seats: setup.seats ?? null,
        title: round.title,
        choices,
        scope,
        votingEndsAt: setup.votingEndsAt,
        rules: r,
        objectionDays: setup.objectionDays,
      },
      at: now,
    });
    return round;
  });
}

function candidateCode(i: number) {
  return String.fromCharCode(65 + (i % 26)) + (i >= 26 ? String(Math.floor(i / 26)) : "");
}

/**
 * Open a motion: write it and open voting at once (the heads and areas in scope and the item's bar
 * are frozen then). A refused set-up writes nothing.
 */
export async function openMotion(input: OpenMotionInput, actor: ActorRef, now = new Date()) {
  const round = await createMatter({ ...input, kind: "motion" }, actor, now);
  await openVoting(round.id, actor, now);
  return { roundId: round.id };
}

/** Open an election for the 业主委员会: its candidates, statements and seats are fixed now. */
export async function openElection(input: ElectionInput, actor: ActorRef, now = new Date()) {
  const round = await createMatter({ ...input, kind: "election" }, actor, now);
  await openVoting(round.id, actor, now);
  return { roundId: round.id };
}

/**
 * Open voting. Everything open_tasting checks was checked when the matter was written (the role and
 * street, the published choices, the voting period), so a refusal here is a fault of the moment;
 * the matter then stays a DRAFT its street office opens from the round's page.
 */
async function openVoting(roundId: number, actor: ActorRef, now: Date) {
  await transitionRound(roundId, "open_tasting", actor, now);
}

export type MatterOutcome = {
  roundId: number;
  kind: "motion" | "election";
  item: MatterItem;
  compoundId: number;
  phase: string;
  /** null until the street office decides it (ADOPTED or FAILED) */
  adopted: boolean | null;
  /** a motion's 同意/反对/弃权 heads and areas, once closed */
  counts: ReturnType<typeof motionCounts> | null;
  /** an election's seats, its elected candidates and the seated ones (option ids in seat order) */
  seats: number | null;
  elected: number[] | null;
  seated: number[] | null;
  lastSeatDecidedBy: SeatDecidedBy | null;
};

/** What a motion or an election decided, read from its frozen tally. */
export async function matterOutcome(roundId: number, tx: Tx = db): Promise<MatterOutcome> {
  const round = await tx.round.findUnique({ where: { id: roundId } });
  if (!round || (round.kind !== "motion" && round.kind !== "election"))
    throw new DomainError("round_not_found", 404);
  const frozen = parseTally(round.tallyJson);
  const adopted = round.phase === "ADOPTED" ? true : round.phase === "FAILED" ? false : null;
  let counts: MatterOutcome["counts"] = null;
  let election: ReturnType<typeof electionSeats> | null = null;
  if (frozen && round.kind === "motion") {
    const ballots = await tx.ballot.findMany({
      where: { roundId },
      select: { householdId: true, score: true },
    });
    const heads = await headsOf(tx, roundId);
    counts = motionCounts(frozen, heads, ballots);
  }
  if (frozen && round.kind === "election") election = electionSeats(frozen, round.seats ?? 0);
  return {
    roundId,
    kind: round.kind,
    item: round.matterItem as MatterItem,
    compoundId: round.compoundId,
    phase: round.phase,
    adopted,
    counts,
    seats: round.seats,
    elected: election?.elected ?? null,
    seated: election?.seated ?? null,
    lastSeatDecidedBy: election?.lastSeatDecidedBy ?? null,
  };
}

/** The heads of a round's snapshot with their areas. */
async function headsOf(tx: Tx, roundId: number) {
  const entries = await tx.roundRosterEntry.findMany({
    where: { roundId },
    select: { householdId: true, headId: true, areaCenti: true },
  });
  const heads = new Map<number, number>();
  for (const e of entries) {
    const head = e.headId ?? e.householdId;
    heads.set(head, (heads.get(head) ?? 0) + e.areaCenti);
  }
  return [...heads].map(([id, areaCenti]) => ({ id, areaCenti }));
}

/** An election's candidates as frozen when voting opened (ballot order) and its seats. */
export async function electionBallotFacts(roundId: number) {
  const round = await db.round.findUnique({
    where: { id: roundId },
    select: { kind: true, seats: true },
  });
  if (!round || round.kind !== "election") throw new DomainError("round_not_found", 404);
  const scored = await db.scoredOption.findMany({
    where: { roundId },
    select: { optionId: true },
    orderBy: { optionId: "asc" },
  });
  return { candidates: scored.map((s) => s.optionId), seats: round.seats ?? 0 };
}
