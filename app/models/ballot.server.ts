import { db, type Tx } from "~/db.server";
import { DomainError } from "~/domain/errors";
import { receiptCode } from "~/domain/receipt.server";
import { secret } from "~/utils/secrets.server";
import { Prisma } from "~/generated/prisma/client";
import { audit } from "./audit.server";
import { getRound, requireAllowed, requireHouseholdInScope, type ActorRef } from "./round.server";

export type BallotInput = {
  roundId: number;
  householdId: number;
  optionId: number;
  score: number;
  comment: string | null;
  paper?: { sheetNo: string; witness: string };
};

function isUniqueViolation(e: unknown): boolean {
  return e instanceof Prisma.PrismaClientKnownRequestError && e.code === "P2002";
}

/**
 * Cast or change a household's ballot on one option (the last one stands). Online ballots come
 * from a member of the household; paper ballots from a community worker with sheet number and
 * witness. A concurrent first ballot for the same household and option loses the unique
 * constraint race and is retried as a change, so there is only ever one row.
 */
export async function castBallot(input: BallotInput, actor: ActorRef, now = new Date()) {
  try {
    return await db.$transaction((tx) => castInTx(tx, input, actor, now));
  } catch (e) {
    if (!isUniqueViolation(e)) throw e;
    return db.$transaction((tx) => castInTx(tx, input, actor, now));
  }
}

/** A paper sheet scores every option for one household: all its ballots are entered together or none. */
export async function enterPaperSheet(
  input: {
    roundId: number;
    householdId: number;
    sheetNo: string;
    witness: string;
    scores: { optionId: number; score: number }[];
  },
  actor: ActorRef,
  now = new Date(),
) {
  if (input.scores.length === 0) throw new DomainError("scores_required");
  const paper = { sheetNo: input.sheetNo, witness: input.witness };
  const run = () =>
    db.$transaction(async (tx) => {
      const out = [];
      for (const s of input.scores)
        out.push(
          await castInTx(
            tx,
            {
              roundId: input.roundId,
              householdId: input.householdId,
              optionId: s.optionId,
              score: s.score,
              comment: null,
              paper,
            },
            actor,
            now,
          ),
        );
      return out;
    });
  try {
    return await run();
  } catch (e) {
    if (!isUniqueViolation(e)) throw e;
    return run();
  }
}

async function castInTx(tx: Tx, input: BallotInput, actor: ActorRef, now: Date) {
  const round = await getRound(tx, input.roundId);
  const paper = input.paper != null;
  await requireAllowed(tx, round, paper ? "enter_paper_ballot" : "cast_ballot", actor, now);
  if (!paper && !actor.householdIds?.includes(input.householdId))
    throw new DomainError("not_your_household", 403);
  await requireHouseholdInScope(tx, round, input.householdId);
  if (!Number.isInteger(input.score) || input.score < 1 || input.score > 5)
    throw new DomainError("score_range");
  const published = await tx.optionVersion.count({
    where: {
      optionId: input.optionId,
      status: "approved",
      option: { roundId: round.id, withdrawnAt: null },
    },
  });
  if (!published) throw new DomainError("option_not_published", 404);

  const data = {
    score: input.score,
    comment: input.comment,
    channel: paper ? "paper" : "online",
    paperSheetNo: input.paper?.sheetNo ?? null,
    witness: input.paper?.witness ?? null,
    castById: actor.id,
  };
  const existing = await tx.ballot.findUnique({
    where: { optionId_householdId: { optionId: input.optionId, householdId: input.householdId } },
  });
  const ballot = existing
    ? await tx.ballot.update({ where: { id: existing.id }, data: { ...data, updatedAt: now } })
    : await tx.ballot.create({
        data: {
          ...data,
          roundId: round.id,
          optionId: input.optionId,
          householdId: input.householdId,
          castAt: now,
          updatedAt: now,
        },
      });
  const code = receiptCode(secret("RECEIPT_KEY"), round.id, input.householdId);
  await tx.receipt.upsert({
    where: { roundId_householdId: { roundId: round.id, householdId: input.householdId } },
    create: { roundId: round.id, householdId: input.householdId, code, createdAt: now },
    update: {},
  });
  await audit(tx, {
    actorId: actor.id,
    action: existing ? "ballot.change" : "ballot.cast",
    entity: "Ballot",
    entityId: ballot.id,
    roundId: round.id,
    before: existing && {
      score: existing.score,
      comment: existing.comment,
      channel: existing.channel,
      castById: existing.castById,
    },
    after: { householdId: input.householdId, optionId: input.optionId, ...data },
    at: now,
  });
  return { ballot, receipt: code };
}
