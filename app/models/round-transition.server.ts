import { db, type Tx } from "~/db.server";
import { isDangerous, REINFORCEMENT } from "~/domain/catalogue";
import { DomainError } from "~/domain/errors";
import {
  EXTENSION_DAYS,
  extensionProblem,
  nextPhase,
  type RoundAction,
} from "~/domain/round-lifecycle";
import type { MatterItem } from "~/domain/matters";
import { audit } from "./audit.server";
import { runMatterDecided } from "./matter-hooks.server";
import { expandOutboxEvents, notifyRound, queueRoundEvent } from "./notification.server";
import {
  getRound,
  lightFacts,
  placeOf,
  requireAllowed,
  requireVerdict,
  type ActorRef,
  type LoadedRound,
} from "./round-guards.server";
import {
  confirmClosingTally,
  freezeWhatCounts,
  parseTally,
  readClosingTally,
} from "./round-tally.server";
import { buildingsInScopeWhere } from "./scope.server";

/** Move a round along its lifecycle; close freezes the tally; every move is audit-logged. */
export async function transitionRound(
  roundId: number,
  action: RoundAction,
  actor: ActorRef,
  now = new Date(),
  /** extend_tasting: how many days the extension gives (EXTENSION_DAYS limits) */
  opts: { extensionDays?: number } = {},
) {
  // a close reads and computes its tally before taking the write lock (readClosingTally)
  const closing = action === "close_round" ? await prepareClose(roundId, actor, now) : null;
  const result = await db.$transaction(async (tx) => {
    const round = await getRound(tx, roundId);
    const frozen =
      action === "close_round" && round.phase === "TASTING"
        ? await confirmClosingTally(tx, round, closing, now)
        : null;
    if (frozen)
      // what the close's rule counts (all voted?) is the tally's participation: no second read
      requireVerdict(action, actor, {
        ...lightFacts({ ...round, ...placeOf(round) }, now),
        headsInScope: frozen.scopeHouseholds,
        headsVoted: frozen.participatingHouseholds,
      });
    else await requireAllowed(tx, round, action, actor, now);
    const extensionDays = opts.extensionDays ?? EXTENSION_DAYS.default;
    if (action === "extend_tasting") {
      const problem = extensionProblem(extensionDays, round.minVotingDays);
      if (problem) throw new DomainError(problem);
    }
    // an extension replaces the failed tally; the audit entry keeps it
    const before = {
      phase: round.phase,
      ...(action === "extend_tasting" && { tally: round.tallyJson }),
    };
    let data: Record<string, unknown> = {};
    let target = nextPhase(action);

    if (action === "open_ordering") await ensureMandatoryNeeds(tx, round, actor.id, now);
    if (action === "open_tasting") await freezeWhatCounts(tx, round);
    if (frozen) {
      data = {
        closedAt: now,
        tallyJson: JSON.stringify(frozen),
        winnerOptionId: frozen.winnerOptionId,
        objectionEndsAt: new Date(now.getTime() + round.objectionDays * 86_400_000),
      };
    }
    if (action === "decide_round") {
      const frozen = parseTally(round.tallyJson);
      target = nextPhase(action, frozen?.winnerOptionId != null);
      data = { decidedAt: now };
    }
    if (action === "extend_tasting") {
      data = {
        extensionUsed: true,
        tastingEndsAt: new Date(now.getTime() + extensionDays * 86_400_000),
        closedAt: null,
        tallyJson: null,
        winnerOptionId: null,
        objectionEndsAt: null,
        decidedAt: null,
      };
    }
    if (!target) throw new DomainError("not_a_transition");
    const updated = await tx.round.update({
      where: { id: roundId },
      data: { ...data, phase: target },
    });
    // the dashboard's copy of the tally's participation, written with the tally it copies
    if (frozen) {
      const summary = {
        closedAt: now,
        scopeHouseholds: frozen.scopeHouseholds,
        participatingHouseholds: frozen.participatingHouseholds,
        scopeAreaCenti: frozen.scopeAreaCenti,
        participatingAreaCenti: frozen.participatingAreaCenti,
      };
      await tx.roundTallySummary.upsert({
        where: { roundId },
        create: { roundId, ...summary },
        update: summary,
      });
    }
    if (action === "extend_tasting") await tx.roundTallySummary.deleteMany({ where: { roundId } });
    if (action === "decide_round" && (round.kind === "motion" || round.kind === "election"))
      await runMatterDecided(tx, {
        roundId,
        compoundId: round.compoundId,
        kind: round.kind,
        item: round.matterItem as MatterItem,
        adopted: target === "ADOPTED",
        actorId: actor.id,
        now,
      });
    await audit(tx, {
      actorId: actor.id,
      action: `round.${action}`,
      entity: "Round",
      entityId: roundId,
      roundId,
      before,
      after: {
        phase: target,
        winnerOptionId: updated.winnerOptionId,
        ...(action === "extend_tasting" && { extensionDays, tastingEndsAt: updated.tastingEndsAt }),
      },
      at: now,
    });
    if (target === "CLOSED")
      // one event row now; its message to every household is written after commit
      await queueRoundEvent(tx, {
        kind: "round_closed",
        key: [roundId, now.toISOString()],
        roundId,
        params: { roundId, phase: target },
        link: `/rounds/${roundId}/notice`,
        now,
      });
    else if (round.phase === "TASTING")
      // an extension after the deadline, before the close: the households are told the new one
      await notifyRound(tx, round, {
        kind: "deadline_moved",
        key: [roundId, "tastingEndsAt", updated.tastingEndsAt.toISOString()],
        params: { roundId, phase: "TASTING", deadline: updated.tastingEndsAt.toISOString() },
        link: `/rounds/${roundId}`,
        now,
      });
    else
      await notifyRound(tx, round, {
        kind: "phase_opened",
        key: [roundId, action],
        params: { roundId, phase: target },
        link: `/rounds/${roundId}`,
        now,
      });
    return updated;
  });
  if (result.phase === "CLOSED") await expandOutboxEvents(now);
  return result;
}

/**
 * Before a close takes the write lock: check, on a plain read, that the actor may close the round
 * now (so a refused close reads nothing heavy), then read and compute the tally.
 */
async function prepareClose(roundId: number, actor: ActorRef, now: Date) {
  const round = await getRound(db, roundId);
  await requireAllowed(db, round, "close_round", actor, now);
  return readClosingTally(round, now);
}

/** A C/D building in scope gets a structural reinforcement need no one can remove. */
export async function ensureMandatoryNeeds(
  tx: Tx,
  round: LoadedRound,
  actorId: number | null,
  now = new Date(),
) {
  const dangerous = (await tx.building.findMany({ where: buildingsInScopeWhere(round) })).filter(
    (b) => isDangerous(b.safetyGrade),
  );
  for (const b of dangerous) {
    const exists = await tx.need.findFirst({
      where: { roundId: round.id, buildingId: b.id, mandatory: true },
    });
    if (exists) continue;
    const need = await tx.need.create({
      data: {
        roundId: round.id,
        catalogueKey: REINFORCEMENT.key,
        category: REINFORCEMENT.category,
        title: `${b.name}`,
        description: `${b.name} ${b.safetyGrade}`,
        mandatory: true,
        alteration: REINFORCEMENT.alteration,
        buildingId: b.id,
        createdAt: now,
      },
    });
    await audit(tx, {
      actorId,
      action: "need.mandatory",
      entity: "Need",
      entityId: need.id,
      roundId: round.id,
      after: { buildingId: b.id, grade: b.safetyGrade },
      at: now,
    });
  }
}
