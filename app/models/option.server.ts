import { db, type Tx } from "~/db.server";
import { optionKind } from "~/domain/catalogue";
import {
  boqTotalFen,
  fundingProblem,
  lineAmountFen,
  parseServes,
  servesJson,
  versionShares,
  type FloorTable,
  type Serves,
  residentsPartFen,
} from "~/domain/cost-share";
import { MAX_FEN } from "~/domain/decimal";
import { DomainError } from "~/domain/errors";
import { servesWithin } from "~/domain/places";
import { audit } from "./audit.server";
import { requireExpert } from "./authorization.server";
import { publishedOption } from "./published-options.server";
import { getRound, requireAllowed, type ActorRef } from "./round-guards.server";
import { notifyRound } from "./notification.server";
import { sharesOfVersions } from "./version-shares.server";
import { placesOfScope, roundRoster } from "./scope.server";

export type OptionVersionInput = {
  title: string;
  description: string;
  durationDays: number;
  needIds: number[];
  lines: {
    item: string;
    unit: string;
    quantityMilli: number;
    unitPriceFen: number;
    /** the buildings/units this line serves; none: whom the option serves */
    serves?: Serves;
  }[];
  funding: { source: string; amountFen: number }[];
  shareMethod: "area" | "floor";
  floorCoefficients?: FloorTable | null;
  /** the buildings/units the option serves; none: the round's whole scope */
  serves?: Serves;
};

async function writeVersion(
  tx: Tx,
  optionId: number,
  version: number,
  input: OptionVersionInput,
  roundId: number,
  actorId: number,
) {
  if (input.lines.length === 0) throw new DomainError("boq_empty");
  const amounts = input.lines.map(lineAmountFen);
  const totalFen = boqTotalFen(input.lines);
  // every money column is 32 bits on PostgreSQL (MAX_FEN): unit prices, line amounts, the total
  const prices = input.lines.map((l) => l.unitPriceFen);
  if ([...prices, ...amounts, totalFen].some((a) => a > MAX_FEN))
    throw new DomainError("amount_too_large");
  const problem = fundingProblem(totalFen, input.funding);
  if (problem) throw new DomainError(problem);
  const needs = await tx.need.findMany({
    where: { id: { in: input.needIds }, roundId, status: "active" },
  });
  if (needs.length !== new Set(input.needIds).size) throw new DomainError("need_not_found");
  const mandatory = await tx.need.findMany({
    where: { roundId, mandatory: true, status: "active" },
    select: { id: true },
  });
  if (!mandatory.every((m) => input.needIds.includes(m.id)))
    throw new DomainError("mandatory_uncovered");
  // whom the option and each line serve: only buildings and units of the round's scope
  const round = await getRound(tx, roundId);
  const places = await placesOfScope(tx, round);
  if (
    ![input.serves, ...input.lines.map((l) => l.serves)].every((s) =>
      servesWithin(s ?? null, places),
    )
  )
    throw new DomainError("serves_outside_scope");
  // refused now, not at the household's page: a line paid by residents must serve someone in scope
  const table = input.shareMethod === "floor" ? (input.floorCoefficients ?? undefined) : undefined;
  versionShares(
    {
      residentsFen: residentsPartFen(input.funding),
      method: input.shareMethod,
      table,
      serves: input.serves ?? null,
      lines: input.lines.map((l, i) => ({ amountFen: amounts[i], serves: l.serves ?? null })),
    },
    await roundRoster(tx, round),
  );
  const v = await tx.optionVersion.create({
    data: {
      optionId,
      version,
      title: input.title,
      description: input.description,
      durationDays: input.durationDays,
      shareMethod: input.shareMethod,
      floorCoefficients:
        input.shareMethod === "floor" && input.floorCoefficients
          ? JSON.stringify(input.floorCoefficients)
          : null,
      serves: servesJson(input.serves ?? null),
      totalFen,
      status: "submitted",
      createdById: actorId,
      lines: {
        create: input.lines.map(({ serves, ...l }, i) => ({
          ...l,
          serves: servesJson(serves ?? null),
          position: i + 1,
          amountFen: amounts[i],
        })),
      },
      funding: { create: input.funding.filter((f) => f.amountFen > 0) },
      needs: { create: input.needIds.map((needId) => ({ needId })) },
    },
  });
  // the kind is not touched here: it follows the approved version only (deriveKind)
  return v;
}

/**
 * Whether `actor` may post an option to the round now, as postOption checks it (throws the same
 * refusal): asked before an uploaded bill of quantities is read.
 */
export async function checkMayPostOption(roundId: number, actor: ActorRef) {
  await db.$transaction(async (tx) =>
    requireAllowed(tx, await getRound(tx, roundId), "post_option", actor),
  );
}

/** Whether `actor` may revise the option now, as reviseOption checks it (throws the same refusal). */
export async function checkMayReviseOption(optionId: number, actor: ActorRef) {
  await db.$transaction(async (tx) => {
    const option = await tx.designOption.findUnique({ where: { id: optionId } });
    if (!option) throw new DomainError("option_not_found", 404);
    await requireAllowed(tx, await getRound(tx, option.roundId), "revise_option", actor);
  });
}

export async function postOption(roundId: number, input: OptionVersionInput, actor: ActorRef) {
  return db.$transaction(async (tx) => {
    const round = await getRound(tx, roundId);
    await requireAllowed(tx, round, "post_option", actor);
    const count = await tx.designOption.count({ where: { roundId } });
    const code =
      String.fromCharCode(65 + (count % 26)) + (count >= 26 ? String(Math.floor(count / 26)) : "");
    const created = await tx.designOption.create({
      data: { roundId, code, createdById: actor.id },
    });
    const v = await writeVersion(tx, created.id, 1, input, roundId, actor.id);
    const option = await tx.designOption.findUniqueOrThrow({ where: { id: created.id } });
    await audit(tx, {
      actorId: actor.id,
      action: "option.post",
      entity: "OptionVersion",
      entityId: v.id,
      roundId,
      after: { optionId: option.id, code, version: 1, totalFen: v.totalFen },
    });
    return { option, version: v };
  });
}

/** A revision is a new version; the previous ones stay, marked superseded unless already approved. */
export async function reviseOption(optionId: number, input: OptionVersionInput, actor: ActorRef) {
  return db.$transaction(async (tx) => {
    const option = await tx.designOption.findUnique({
      where: { id: optionId },
      include: { versions: { orderBy: { version: "desc" }, take: 1 } },
    });
    if (!option) throw new DomainError("option_not_found", 404);
    const round = await getRound(tx, option.roundId);
    await requireAllowed(tx, round, "revise_option", actor);
    const last = option.versions[0];
    await tx.optionVersion.updateMany({
      where: { optionId, status: { in: ["submitted", "returned"] } },
      data: { status: "superseded" },
    });
    const v = await writeVersion(tx, optionId, last.version + 1, input, round.id, actor.id);
    await audit(tx, {
      actorId: actor.id,
      action: "option.revise",
      entity: "OptionVersion",
      entityId: v.id,
      roundId: round.id,
      before: { version: last.version, status: last.status },
      after: { version: v.version, totalFen: v.totalFen },
    });
    return v;
  });
}

/** An auditor approves a submitted version (publishing it) or returns it with reasons. */
export async function reviewVersion(
  versionId: number,
  decision: "approved" | "returned",
  reasons: string | null,
  actor: ActorRef,
  now = new Date(),
) {
  return db.$transaction(async (tx) => {
    const v = await tx.optionVersion.findUnique({
      where: { id: versionId },
      include: { option: true },
    });
    if (!v) throw new DomainError("option_not_found", 404);
    const round = await getRound(tx, v.option.roundId);
    await requireAllowed(tx, round, "review_option", actor, now);
    await requireExpert(tx, actor, { discipline: "audit", authorId: v.createdById });
    if (v.status !== "submitted") throw new DomainError("version_not_submitted", 409);
    if (decision === "returned" && !reasons?.trim()) throw new DomainError("reasons_required");
    if (decision === "approved") {
      await tx.optionVersion.updateMany({
        where: { optionId: v.optionId, status: "approved" },
        data: { status: "superseded" },
      });
    }
    await tx.optionVersion.update({
      where: { id: versionId },
      data: { status: decision, publishedAt: decision === "approved" ? now : null },
    });
    if (decision === "approved") await deriveKind(tx, v.optionId, versionId, actor.id, now);
    const review = await tx.auditReview.create({
      data: { versionId, reviewerId: actor.id, decision, reasons, createdAt: now },
    });
    await audit(tx, {
      actorId: actor.id,
      action: `option.${decision === "approved" ? "approve" : "return"}`,
      entity: "OptionVersion",
      entityId: versionId,
      roundId: round.id,
      before: { status: v.status },
      after: { status: decision, reasons, reviewId: review.id },
      at: now,
    });
    if (decision === "approved")
      await notifyRound(tx, round, {
        kind: "option_published",
        key: [versionId],
        params: { roundId: round.id, option: v.option.code },
        link: `/rounds/${round.id}/options/${v.optionId}`,
        now,
      });
    return review;
  });
}

export async function addConstraint(
  optionId: number,
  utilityKind: string,
  text: string,
  actor: ActorRef,
) {
  return db.$transaction(async (tx) => {
    const option = await tx.designOption.findUnique({
      where: { id: optionId },
      include: { versions: { orderBy: { version: "desc" }, take: 1 } },
    });
    if (!option) throw new DomainError("option_not_found", 404);
    const round = await getRound(tx, option.roundId);
    await requireAllowed(tx, round, "add_constraint", actor);
    await requireExpert(tx, actor, { discipline: "utility", utilityKind });
    const c = await tx.utilityConstraint.create({
      data: {
        optionId,
        versionNo: option.versions[0]?.version ?? 1,
        utilityKind,
        text,
        authorId: actor.id,
      },
    });
    await audit(tx, {
      actorId: actor.id,
      action: "option.constraint",
      entity: "UtilityConstraint",
      entityId: c.id,
      roundId: round.id,
      after: { optionId, utilityKind, text },
    });
    return c;
  });
}

/**
 * The kind residents vote under is the published version's: derived from the needs of the
 * version just approved, never from a newer submitted or returned revision. A street office's
 * correction (kindSetById) stands. Audit-logged when it changes. Approval happens only while
 * cooking, so the kind is fixed once tasting opens.
 */
async function deriveKind(tx: Tx, optionId: number, versionId: number, actorId: number, now: Date) {
  const option = await tx.designOption.findUniqueOrThrow({ where: { id: optionId } });
  if (option.kindSetById != null) return;
  const needs = await tx.need.findMany({
    where: { coveredBy: { some: { versionId } } },
    select: { alteration: true },
  });
  const kind = optionKind(needs);
  if (kind === option.kind) return;
  await tx.designOption.update({ where: { id: optionId }, data: { kind } });
  await audit(tx, {
    actorId,
    action: "option.kind_derived",
    entity: "DesignOption",
    entityId: optionId,
    roundId: option.roundId,
    before: { kind: option.kind },
    after: { kind, fromVersionId: versionId },
    at: now,
  });
}

/**
 * The street office of the round corrects an option's ordinary/alteration kind, with a reason,
 * before tasting opens (set_option_kind is a COOKING action); audit-logged, shown on the option page.
 */
export async function setOptionKind(
  optionId: number,
  kind: "ordinary" | "alteration",
  reason: string,
  actor: ActorRef,
  now = new Date(),
) {
  return db.$transaction(async (tx) => {
    const option = await tx.designOption.findUnique({ where: { id: optionId } });
    if (!option) throw new DomainError("option_not_found", 404);
    const round = await getRound(tx, option.roundId);
    await requireAllowed(tx, round, "set_option_kind", actor, now);
    const why = reason.trim();
    if (!why) throw new DomainError("kind_reason_required");
    await tx.designOption.update({
      where: { id: optionId },
      data: { kind, kindSetById: actor.id, kindReason: why, kindSetAt: now },
    });
    await audit(tx, {
      actorId: actor.id,
      action: "option.kind",
      entity: "DesignOption",
      entityId: optionId,
      roundId: round.id,
      before: { kind: option.kind, reason: option.kindReason },
      after: { kind, reason: why },
      at: now,
    });
  });
}

/** Each in-scope household's share of a version's residents' part, summing exactly to it. */
export async function residentShares(versionId: number) {
  return db.$transaction(async (tx) => {
    const v = await tx.optionVersion.findUnique({
      where: { id: versionId },
      include: { funding: true, option: true },
    });
    if (!v) throw new DomainError("option_not_found", 404);
    const round = await getRound(tx, v.option.roundId);
    const shares = await sharesOfVersions(tx, round, [versionId]);
    return {
      residentsFen: residentsPartFen(v.funding),
      shares: shares.get(versionId)!,
    };
  });
}

/**
 * An option with its versions. The public sees approved versions only; experts and staff see
 * every version with its reviews, the history of how the option was cooked.
 */
export async function optionDetail(roundId: number, optionId: number, showUnpublished: boolean) {
  const option = await db.designOption.findFirst({
    // the public reads a published option only, and of it the versions that were published
    where: { id: optionId, roundId, ...(showUnpublished ? {} : publishedOption) },
    include: {
      round: {
        select: {
          id: true,
          title: true,
          titleEn: true,
          phase: true,
          tastingEndsAt: true,
          compoundId: true,
          scopeKind: true,
          scopeItems: true,
        },
      },
      constraints: { orderBy: { createdAt: "asc" } },
      versions: {
        where: showUnpublished
          ? {}
          : { status: { in: ["approved", "superseded"] }, publishedAt: { not: null } },
        orderBy: { version: "desc" },
        include: {
          lines: { orderBy: { position: "asc" } },
          funding: true,
          needs: { include: { need: { select: { id: true, title: true, mandatory: true } } } },
          reviews: { orderBy: { createdAt: "asc" } },
        },
      },
    },
  });
  if (!option || option.versions.length === 0) throw new DomainError("option_not_found", 404);
  const { compoundId, scopeKind, scopeItems, ...round } = option.round;
  return {
    id: option.id,
    code: option.code,
    kind: option.kind,
    kindCorrection:
      option.kindSetById != null ? { reason: option.kindReason, at: option.kindSetAt } : null,
    round,
    /** the scope's buildings and units, to name whom the option and its lines serve */
    places: await placesOfScope(db, { compoundId, scopeKind, scopeItems }),
    constraints: option.constraints.map((c) => ({
      id: c.id,
      utilityKind: c.utilityKind,
      text: c.text,
      versionNo: c.versionNo,
      createdAt: c.createdAt,
    })),
    versions: option.versions.map((v) => ({
      id: v.id,
      version: v.version,
      status: v.status,
      title: v.title,
      description: v.description,
      durationDays: v.durationDays,
      totalFen: v.totalFen,
      shareMethod: v.shareMethod,
      floorCoefficients: v.floorCoefficients
        ? (JSON.parse(v.floorCoefficients) as FloorTable)
        : null,
      serves: parseServes(v.serves),
      publishedAt: v.publishedAt,
      createdAt: v.createdAt,
      lines: v.lines.map((l) => ({
        position: l.position,
        item: l.item,
        unit: l.unit,
        quantityMilli: l.quantityMilli,
        unitPriceFen: l.unitPriceFen,
        amountFen: l.amountFen,
        serves: parseServes(l.serves),
      })),
      funding: v.funding.map((f) => ({ source: f.source, amountFen: f.amountFen })),
      needs: v.needs.map((n) => n.need),
      reviews: v.reviews.map((r) => ({
        decision: r.decision,
        reasons: r.reasons,
        createdAt: r.createdAt,
      })),
    })),
  };
}

/** Versions waiting for an auditor, oldest first, in rounds that are cooking. */
export async function reviewQueue() {
  const versions = await db.optionVersion.findMany({
    where: { status: "submitted", option: { round: { phase: "COOKING" } } },
    orderBy: { createdAt: "asc" },
    include: { option: { include: { round: { include: { compound: true } } } } },
  });
  return versions.map((v) => ({
    versionId: v.id,
    version: v.version,
    title: v.title,
    totalFen: v.totalFen,
    createdAt: v.createdAt,
    optionId: v.optionId,
    code: v.option.code,
    roundId: v.option.roundId,
    roundTitle: v.option.round.title,
    compound: v.option.round.compound.name,
  }));
}

/** Versions an auditor sent back, for the designers to revise: in cooking rounds, with the reasons. */
export async function returnedVersions() {
  const versions = await db.optionVersion.findMany({
    where: { status: "returned", option: { round: { phase: "COOKING" } } },
    orderBy: { createdAt: "asc" },
    include: {
      option: { include: { round: { select: { title: true, titleEn: true } } } },
      reviews: { where: { decision: "returned" }, orderBy: { createdAt: "desc" }, take: 1 },
    },
  });
  return versions.map((v) => ({
    versionId: v.id,
    version: v.version,
    title: v.title,
    optionId: v.optionId,
    code: v.option.code,
    roundId: v.option.roundId,
    round: v.option.round,
    reasons: v.reviews[0]?.reasons ?? "",
    returnedAt: v.reviews[0]?.createdAt ?? null,
  }));
}

/** What a designer works from: the round's frozen menu and its options with their latest version. */
export async function cookingView(roundId: number) {
  const round = await db.round.findUnique({
    where: { id: roundId },
    include: {
      scopeItems: true,
      needs: {
        where: { status: "active" },
        orderBy: [{ menuRank: "asc" }, { id: "asc" }],
        select: { id: true, title: true, mandatory: true },
      },
      options: {
        orderBy: { code: "asc" },
        include: { versions: { orderBy: { version: "desc" }, take: 1 } },
      },
    },
  });
  if (!round) throw new DomainError("round_not_found", 404);
  return {
    round: { id: round.id, title: round.title, titleEn: round.titleEn, phase: round.phase },
    needs: round.needs,
    places: await placesOfScope(db, round),
    options: round.options.map((o) => ({
      id: o.id,
      code: o.code,
      title: o.versions[0]?.title ?? "",
      version: o.versions[0]?.version ?? 0,
      status: o.versions[0]?.status ?? "draft",
      totalFen: o.versions[0]?.totalFen ?? 0,
    })),
  };
}
