import { db, type Tx } from "~/db.server";
import { householdRight } from "~/domain/authorization";
import { requireWholeBallot, type OptionScore } from "~/domain/ballot";
import { DomainError } from "~/domain/errors";
import { receiptCode } from "~/domain/receipt.server";
import { secret } from "~/utils/secrets.server";
import { audit } from "./audit.server";
import { notify } from "./notification.server";
import { lightFacts, requireVerdict, type ActorRef } from "./round-guards.server";

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

/**
 * A paper sheet scores every option for one household: all its ballots are entered together or
 * none. A sheet number belongs to one household within a round (PaperSheet's unique index). A
 * sheet for a household that has scored online replaces those scores only when the worker
 * confirms it with a reason; the household is then told through the outbox.
 */
export async function enterPaperSheet(
  input: {
    roundId: number;
    householdId: number;
    sheetNo: string;
    witness: string;
    scores: { optionId: number; score: number }[];
    /** why this sheet replaces the household's online scores (required when there are any) */
    replaceOnlineReason?: string | null;
  },
  actor: ActorRef,
  now = new Date(),
) {
  if (input.scores.length === 0) throw new DomainError("scores_required");
  const paper = { sheetNo: input.sheetNo, witness: input.witness };
  return db.$transaction(async (tx) => {
    const online = await onlineScoresInTx(tx, input.roundId, [input.householdId]);
    const [taken] = await tx.$queryRaw<{ householdId: number | bigint }[]>`
      SELECT "householdId" FROM "PaperSheet"
      WHERE "roundId" = ${input.roundId} AND "sheetNo" = ${input.sheetNo}`;
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
    // the checks that follow come after castInTx's, so a worker without the right learns nothing
    if (taken && Number(taken.householdId) !== input.householdId)
      throw new DomainError("sheet_no_taken", 409, { sheetNo: input.sheetNo });
    const replaced = online.get(input.householdId) ?? [];
    const reason = input.replaceOnlineReason?.trim();
    if (replaced.length > 0 && !reason)
      throw new DomainError("paper_over_online_confirm", 409, {
        scores: replaced.map((s) => `${s.code}:${s.score}`).join(", "),
      });
    if (!taken)
      await tx.$executeRaw`
        INSERT INTO "PaperSheet" ("roundId", "sheetNo", "householdId", "witness", "enteredById", "enteredAt")
        VALUES (${input.roundId}, ${input.sheetNo}, ${input.householdId}, ${input.witness}, ${actor.id}, ${now})`;
    if (replaced.length > 0) {
      await audit(tx, {
        actorId: actor.id,
        action: "ballot.paper_over_online",
        entity: "Household",
        entityId: input.householdId,
        roundId: input.roundId,
        before: { online: replaced },
        after: { sheetNo: input.sheetNo, witness: input.witness, reason },
        at: now,
      });
      await notify(tx, {
        kind: "paper_over_online",
        key: [input.roundId, input.householdId, input.sheetNo, now.toISOString()],
        roundId: input.roundId,
        recipients: { id: input.householdId },
        params: { roundId: input.roundId, sheetNo: input.sheetNo },
        link: `/rounds/${input.roundId}/participate`,
        now,
      });
    }
    return out;
  });
}

type OnlineScore = { optionId: number; code: string; score: number };

async function onlineScoresInTx(tx: Tx, roundId: number, householdIds?: number[]) {
  const rows = await tx.ballot.findMany({
    where: {
      roundId,
      channel: "online",
      ...(householdIds && { householdId: { in: householdIds } }),
    },
    select: { householdId: true, optionId: true, score: true, option: { select: { code: true } } },
    orderBy: [{ householdId: "asc" }, { option: { code: "asc" } }],
  });
  const out = new Map<number, OnlineScore[]>();
  for (const r of rows) {
    const list = out.get(r.householdId) ?? [];
    list.push({ optionId: r.optionId, code: r.option.code, score: r.score });
    out.set(r.householdId, list);
  }
  return out;
}

/** The scores each household of a round gave online, for the worker entering paper sheets. */
export async function onlineScores(roundId: number) {
  return Object.fromEntries(await onlineScoresInTx(db, roundId));
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
    // the options the round scores: those frozen when TASTING opened (ScoredOption)
    const published = await tx.$queryRaw<{ id: number | bigint }[]>`
      SELECT s."optionId" AS "id" FROM "ScoredOption" s
        JOIN "DesignOption" o ON o."id" = s."optionId"
      WHERE s."roundId" = ${input.roundId} AND o."withdrawnAt" IS NULL`;
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
  paperSheetNo: string | null;
  witness: string | null;
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
        // raw SQL hands dates back as the driver stores them: compare them as dates
        tastingEndsAt: new Date(f.tastingEndsAt),
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
    SELECT "id", "score", "comment", "channel", "paperSheetNo", "witness", "castById" FROM "Ballot"
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
      paperSheetNo: existing.paperSheetNo,
      witness: existing.witness,
      castById: Number(existing.castById),
    },
    after: { householdId, optionId, ...data },
    at: now,
  });
  return { ballot: { id: ballotId, ...data }, receipt: code };
}
