import { db, type Tx } from "~/db.server";
import { householdRight } from "~/domain/authorization";
import { requireWholeBallot, type OptionScore } from "~/domain/ballot";
import { DomainError } from "~/domain/errors";
import { receiptCode } from "~/domain/receipt.server";
import { secret } from "~/utils/secrets.server";
import { audit } from "./audit.server";
import { lightFacts, requireVerdict, type ActorRef } from "./round.server";

export type BallotInput = {
  roundId: number;
  householdId: number;
  optionId: number;
  score: number;
  comment: string | null;
  paper?: { sheetNo: string; witness: string };
};

/**
 * Cast or change a household's ballot on one option (the last one stands). Online ballots come
 * from a member of the household; paper ballots from a community worker with sheet number and
 * witness. The write is an upsert on the (option, household) unique key, so concurrent first
 * ballots for the same household and option leave one row: the last one stands.
 */
export async function castBallot(input: BallotInput, actor: ActorRef, now = new Date()) {
  return db.$transaction((tx) => castInTx(tx, input, actor, now));
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
  return db.$transaction(async (tx) => {
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
}

/**
 * A household's online ballot as one act: a score for every published option of the round,
 * written together or not at all (one receipt, an audit entry per option). Each score passes
 * the same checks as castBallot; the whole ballot may be cast again until the deadline.
 */
export async function castHouseholdBallot(
  input: { roundId: number; householdId: number; scores: OptionScore[] },
  actor: ActorRef,
  now = new Date(),
) {
  return db.$transaction(async (tx) => {
    const published = await tx.$queryRaw<{ id: number | bigint }[]>`
      SELECT DISTINCT o."id" FROM "DesignOption" o
        JOIN "OptionVersion" v ON v."optionId" = o."id" AND v."status" = 'approved'
      WHERE o."roundId" = ${input.roundId} AND o."withdrawnAt" IS NULL`;
    const out = [];
    for (const s of input.scores)
      out.push(
        await castInTx(
          tx,
          { roundId: input.roundId, householdId: input.householdId, ...s },
          actor,
          now,
        ),
      );
    // after the per-score checks, so a late or foreign ballot is refused for that, not for a gap
    requireWholeBallot(
      published.map((p) => Number(p.id)),
      input.scores,
    );
    return { ballots: out.map((o) => o.ballot), receipt: out[0].receipt };
  });
}

type BallotFacts = {
  phase: string;
  tastingEndsAt: Date;
  menuFrozenAt: Date | null;
  objectionEndsAt: Date | null;
  extensionUsed: boolean | number | bigint;
  communityId: number | bigint;
  streetId: number | bigint;
  inScope: number | bigint;
  published: number | bigint;
};
type ExistingBallot = {
  id: number | bigint;
  score: number | bigint;
  comment: string | null;
  channel: string;
  castById: number | bigint;
};

// The hot path of tasting: a ballot is four SQL statements in one transaction (facts, the
// ballot before, an upsert, the receipt) plus its audit entry. Plain SQL that SQLite and
// PostgreSQL both run: each Prisma query-builder call costs about a millisecond in the JS engine,
// and SQLite runs one writer at a time, so the statements a ballot holds the lock for are few.
async function castInTx(tx: Tx, input: BallotInput, actor: ActorRef, now: Date) {
  const { roundId, householdId, optionId } = input;
  const [f] = await tx.$queryRaw<BallotFacts[]>`
    SELECT r."phase", r."tastingEndsAt", r."menuFrozenAt", r."objectionEndsAt", r."extensionUsed",
      c."communityId", cm."streetId",
      -- the household in the round's snapshot, taken when TASTING opened (scope.server takeSnapshot)
      (SELECT COUNT(*) FROM "RoundRosterEntry" e
       WHERE e."roundId" = r."id" AND e."householdId" = ${householdId}) AS "inScope",
      (SELECT COUNT(*) FROM "OptionVersion" v
         JOIN "DesignOption" o ON o."id" = v."optionId"
       WHERE v."optionId" = ${optionId} AND v."status" = 'approved'
         AND o."roundId" = r."id" AND o."withdrawnAt" IS NULL) AS "published"
    FROM "Round" r
      JOIN "Compound" c ON c."id" = r."compoundId"
      JOIN "Community" cm ON cm."id" = c."communityId"
    WHERE r."id" = ${roundId}`;
  if (!f) throw new DomainError("round_not_found", 404);
  const paper = input.paper != null;
  requireVerdict(
    paper ? "enter_paper_ballot" : "cast_ballot",
    actor,
    lightFacts(
      {
        ...f,
        extensionUsed: Boolean(f.extensionUsed),
        communityId: Number(f.communityId),
        streetId: Number(f.streetId),
      },
      now,
    ),
  );
  // the household door (domain/authorization): in scope means in the round's community
  const right = householdRight(
    actor,
    { id: householdId, communityId: Number(f.communityId) },
    input.paper,
  );
  if (!right.ok) throw new DomainError(right.reason, 403);
  if (!Number(f.inScope)) throw new DomainError("household_not_in_scope", 403);
  if (!Number.isInteger(input.score) || input.score < 1 || input.score > 5)
    throw new DomainError("score_range");
  if (!Number(f.published)) throw new DomainError("option_not_published", 404);

  const data = {
    score: input.score,
    comment: input.comment,
    channel: paper ? "paper" : "online",
    paperSheetNo: input.paper?.sheetNo ?? null,
    witness: input.paper?.witness ?? null,
    castById: actor.id,
  };
  const [existing] = await tx.$queryRaw<ExistingBallot[]>`
    SELECT "id", "score", "comment", "channel", "castById" FROM "Ballot"
    WHERE "optionId" = ${optionId} AND "householdId" = ${householdId}`;
  const [row] = await tx.$queryRaw<{ id: number | bigint }[]>`
    INSERT INTO "Ballot" ("roundId", "optionId", "householdId", "score", "comment", "channel",
      "paperSheetNo", "witness", "castById", "castAt", "updatedAt")
    VALUES (${roundId}, ${optionId}, ${householdId}, ${data.score}, ${data.comment},
      ${data.channel}, ${data.paperSheetNo}, ${data.witness}, ${data.castById}, ${now}, ${now})
    ON CONFLICT ("optionId", "householdId") DO UPDATE SET "score" = excluded."score",
      "comment" = excluded."comment", "channel" = excluded."channel",
      "paperSheetNo" = excluded."paperSheetNo", "witness" = excluded."witness",
      "castById" = excluded."castById", "updatedAt" = excluded."updatedAt"
    RETURNING "id"`;
  const code = receiptCode(secret("RECEIPT_KEY"), roundId, householdId);
  await tx.$executeRaw`
    INSERT INTO "Receipt" ("roundId", "householdId", "code", "createdAt")
    VALUES (${roundId}, ${householdId}, ${code}, ${now})
    ON CONFLICT ("roundId", "householdId") DO NOTHING`;
  const ballotId = Number(row.id);
  await audit(tx, {
    actorId: actor.id,
    action: existing ? "ballot.change" : "ballot.cast",
    entity: "Ballot",
    entityId: ballotId,
    roundId,
    before: existing && {
      score: Number(existing.score),
      comment: existing.comment,
      channel: existing.channel,
      castById: Number(existing.castById),
    },
    after: { householdId, optionId, ...data },
    at: now,
  });
  return { ballot: { id: ballotId, ...data }, receipt: code };
}
