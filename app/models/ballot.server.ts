import { db, ENGINE, type Tx } from "~/db.server";
import { Prisma } from "~/generated/prisma/client";
import { ownerRight, proxyPrecedence } from "~/domain/authorization";
import { replacementToConfirm, requireWholeBallot, type OptionScore } from "~/domain/ballot";
import { DomainError } from "~/domain/errors";
import { matterScoreProblem } from "~/domain/matters";
import { receiptCode } from "~/domain/receipt.server";
import { ballotsAccepted, ballotsRefused } from "~/lib/metrics.server";
import { secret } from "~/lib/secrets.server";
import { audit, auditSql, type AuditEntry } from "./audit.server";
import {
  all,
  begin,
  countedTransaction,
  inPrisma,
  readThenWrite,
  run,
  type Steps,
} from "./hot-sql.server";
import { notify } from "./notification.server";
import { paperProxy, standingProxy } from "./owner.server";
import { publishedOptionSql } from "./published-options.server";
import { overLimitStep, type Hit } from "./rate-counter.server";
import { lightFacts, requireVerdict, type ActorRef } from "./round-guards.server";
import { HEAD_OF_ENTRY, headInRound } from "./scope.server";

/** A paper sheet as entered: its number, its witness, and the proxy who filled it in, if one did. */
type PaperInput = { sheetNo: string; witness: string; proxyId?: number | null };

/**
 * A paper sheet scores every option for one household: all its ballots are entered together or
 * none. A sheet number belongs to one household within a round (PaperSheet's unique index). A
 * sheet for a household that has scored online replaces those scores only when the worker
 * confirms it with a reason; the household is then told through the outbox.
 */
export type PaperSheetInput = {
  roundId: number;
  householdId: number;
  sheetNo: string;
  witness: string;
  /** the authorisation of the proxy who filled in the sheet for the owner (委托投票), if any */
  proxyId?: number | null;
  scores: { optionId: number; score: number }[];
  /** why this sheet replaces the household's online scores (required when there are any) */
  replaceOnlineReason?: string | null;
};

export async function enterPaperSheet(input: PaperSheetInput, actor: ActorRef, now = new Date()) {
  return counted("paper", () =>
    db.$transaction((tx) => enterPaperSheetInTx(tx, input, actor, now)),
  );
}

/** enterPaperSheet inside a transaction the caller holds (an entry synced from a device). */
export async function enterPaperSheetInTx(
  tx: Tx,
  input: PaperSheetInput,
  actor: ActorRef,
  now: Date,
) {
  if (input.scores.length === 0) throw new DomainError("scores_required");
  const paper = { sheetNo: input.sheetNo, witness: input.witness, proxyId: input.proxyId };
  // the sheet and the scores it may replace are the head's, whichever flat it came from
  const head = await headInRound(tx, input.roundId, input.householdId);
  const online = await onlineScoresInTx(tx, input.roundId, [head]);
  const reason = input.replaceOnlineReason?.trim();
  const [taken] = await tx.$queryRaw<{ householdId: number | bigint }[]>`
      SELECT "householdId" FROM "PaperSheet"
      WHERE "roundId" = ${input.roundId} AND "sheetNo" = ${input.sheetNo}`;
  // a sheet over an online ballot names the online scores too (the worker's page, the phone's
  // conflict "voted online")
  const out = await castScoresInTx(
    tx,
    {
      roundId: input.roundId,
      householdId: input.householdId,
      paper,
      scores: input.scores.map((s) => ({ ...s, comment: null })),
      // a sheet over another's ballot is confirmed by the reason the worker gives for it
      confirmReplace: Boolean(reason),
    },
    actor,
    now,
  ).catch((e: unknown) => {
    const scored = online.get(head) ?? [];
    if (e instanceof DomainError && e.code === "replace_ballot_confirm" && scored.length > 0)
      throw new DomainError(e.code, e.status, {
        ...e.params,
        scores: scored.map((s) => `${s.code}:${s.score}`).join(", "),
      });
    throw e;
  });
  // the checks that follow come after castInTx's, so a worker without the right learns nothing
  if (taken && Number(taken.householdId) !== head)
    throw new DomainError("sheet_no_taken", 409, { sheetNo: input.sheetNo });
  const replaced = online.get(head) ?? [];
  if (!taken)
    await tx.$executeRaw`
        INSERT INTO "PaperSheet" ("roundId", "sheetNo", "householdId", "witness", "enteredById", "enteredAt")
        VALUES (${input.roundId}, ${input.sheetNo}, ${head}, ${input.witness}, ${actor.id}, ${now})`;
  if (replaced.length > 0) {
    await audit(tx, {
      actorId: actor.id,
      action: "ballot.paper_over_online",
      entity: "Household",
      entityId: head,
      roundId: input.roundId,
      before: { online: replaced },
      after: { sheetNo: input.sheetNo, witness: input.witness, reason },
      at: now,
    });
    await notify(tx, {
      kind: "paper_over_online",
      key: [input.roundId, head, input.sheetNo, now.toISOString()],
      roundId: input.roundId,
      recipients: { id: { in: [...new Set([head, input.householdId])] } },
      params: { roundId: input.roundId, sheetNo: input.sheetNo },
      link: `/rounds/${input.roundId}/participate`,
      now,
    });
  }
  return out;
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

/**
 * The scores each household of a round gave online, for the worker entering paper sheets: the
 * head's, shown for every flat of the head.
 */
export async function onlineScores(roundId: number) {
  const byHead = await onlineScoresInTx(db, roundId);
  const flats = await db.$queryRaw<{ id: number | bigint; headId: number | bigint }[]>`
    SELECT e."householdId" AS "id", ${HEAD_OF_ENTRY} AS "headId" FROM "RoundRosterEntry" e
    WHERE e."roundId" = ${roundId}`;
  return Object.fromEntries(
    flats
      .filter((f) => byHead.has(Number(f.headId)))
      .map((f) => [Number(f.id), byHead.get(Number(f.headId))!]),
  );
}

/**
 * A household's online ballot as one act: a score for every published option of the round,
 * written together or not at all (one receipt, an audit entry per option). Each score passes
 * the same checks as a paper sheet's; the whole ballot may be cast again until the deadline.
 * The rate limits (`hits`) are counted first and kept even when the ballot is refused; a ballot
 * over a limit is refused (429) with nothing cast. They are counted outside the ballot's row
 * locks (hot-sql's countedTransaction), so ballots never wait on one another's counters.
 */
export async function castHouseholdBallot(
  input: {
    roundId: number;
    householdId: number;
    scores: OptionScore[];
    /** the caster has seen the head's standing ballot and replaces it (docs/decisions/039) */
    confirmReplace?: boolean;
  },
  actor: ActorRef,
  now = new Date(),
  hits: Hit[] = [],
) {
  const ballot = function* () {
    const out = yield* castScores(input, actor, now, { whole: true });
    return { ballots: out.map((o) => o.ballot), receipt: out[0].receipt };
  };
  return counted("online", () =>
    hits.length === 0
      ? readThenWrite(ballot)
      : countedTransaction(function* () {
          return (yield* overLimitStep(hits, now.getTime()))
            ? new DomainError("rate_limited", 429)
            : null;
        }, ballot),
  );
}

/** A ballot's outcome counted for /metrics: saved, or refused and why. */
async function counted<T>(channel: "online" | "paper", cast: () => Promise<T>): Promise<T> {
  try {
    const value = await cast();
    ballotsAccepted.inc({ channel });
    return value;
  } catch (e) {
    const fault = (e as { init?: { status?: number } } | null)?.init?.status === 503;
    const reason = e instanceof DomainError ? e.code : fault ? "unavailable" : "error";
    ballotsRefused.inc({ channel, reason });
    throw e;
  }
}

type BallotFacts = {
  phase: string;
  tastingEndsAt: Date;
  menuFrozenAt: Date | null;
  objectionEndsAt: Date | null;
  extensionUsed: boolean | number | bigint;
  /** design | motion | election: a motion's and an election's scores mean choices (domain/matters) */
  kind: string;
  seats: number | bigint | null;
  communityId: number | bigint;
  streetId: number | bigint;
  /** the household's head in the round's snapshot; null when the household is not in it */
  headId: number | bigint | null;
  relation: string | null;
};
type ExistingBallot = {
  optionId: number | bigint;
  id: number | bigint;
  score: number | bigint;
  comment: string | null;
  channel: string;
  paperSheetNo: string | null;
  witness: string | null;
  castById: number | bigint;
  proxyId: number | bigint | null;
  castFromId: number | bigint | null;
  updatedAt: Date | string | number;
};
/** A ballot written as it is stored already (same scores, channel, caster and proxy). */
const unchanged = (
  b: BallotBefore,
  proxyId: number | null,
  d: BallotBefore & { proxyId: number | null },
) =>
  b.score === d.score &&
  b.comment === d.comment &&
  b.channel === d.channel &&
  b.paperSheetNo === d.paperSheetNo &&
  b.witness === d.witness &&
  b.castById === d.castById &&
  proxyId === d.proxyId;

type BallotBefore = {
  score: number;
  comment: string | null;
  channel: string;
  paperSheetNo: string | null;
  witness: string | null;
  castById: number;
};

/** castScores inside a Prisma transaction (a paper sheet). */
function castScoresInTx(
  tx: Tx,
  input: Parameters<typeof castScores>[0],
  actor: ActorRef,
  now: Date,
) {
  return inPrisma(tx, castScores(input, actor, now));
}

// The hot path of tasting. A household's ballot (one score or all of them) reads what it needs
// once: the round's facts with the household's place in its snapshot, the options it may score,
// and the household's ballots before; then one receipt, one multi-row upsert of the scores and
// one multi-row insert of their audit entries. Plain SQL that SQLite and PostgreSQL both run, as
// steps (models/hot-sql.server): on SQLite on prepared statements with no Prisma call between
// them; on PostgreSQL each statement is a round trip, so they are few (3 reads, 3 writes).
function* castScores(
  input: {
    roundId: number;
    householdId: number;
    paper?: PaperInput;
    scores: { optionId: number; score: number; comment: string | null }[];
    /** the caster confirmed replacing the head's standing ballot (docs/decisions/039) */
    confirmReplace?: boolean;
  },
  actor: ActorRef,
  now: Date,
  /** a whole ballot: a score for every option the round scores (ScoredOption), or refused */
  { whole = false } = {},
): Steps<{ ballot: { id: number } & BallotBefore; receipt: string }[]> {
  const { roundId } = input;
  if (input.scores.length === 0 && !whole) return [];
  // one score per option: an option sent twice in one submit is the score sent last
  const scores = [...new Map(input.scores.map((s) => [s.optionId, s])).values()];
  const [f] = yield* all<BallotFacts>(Prisma.sql`
    SELECT r."phase", r."tastingEndsAt", r."menuFrozenAt", r."objectionEndsAt", r."extensionUsed",
      r."kind", r."seats", c."communityId", cm."streetId",
      -- the household's head in the round's snapshot, fixed when TASTING opened (scope.server)
      (SELECT ${HEAD_OF_ENTRY} FROM "RoundRosterEntry" e
       WHERE e."roundId" = r."id" AND e."householdId" = ${input.householdId}) AS "headId",
      -- owner | occupant | null: how the actor is bound to the flat (Art. 278: owners vote)
      (SELECT m."relation" FROM "Membership" m
       WHERE m."accountId" = ${actor.id} AND m."householdId" = ${input.householdId}) AS "relation"
    FROM "Round" r
      JOIN "Compound" c ON c."id" = r."compoundId"
      JOIN "Community" cm ON cm."id" = c."communityId"
    WHERE r."id" = ${roundId}`);
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
  // the owners' door (domain/authorization): in scope means in the round's community. A member
  // bound as owner needs no more reading; anyone else may be an owner's proxy for this round.
  const proxy =
    paper || f.relation === "owner"
      ? null
      : yield* standingProxy({ roundId, householdId: input.householdId, accountId: actor.id }, now);
  const right = ownerRight(
    actor,
    { id: input.householdId, communityId: Number(f.communityId) },
    { occupant: f.relation === "occupant", proxy: proxy !== null },
    input.paper,
  );
  if (!right.ok) throw new DomainError(right.reason, 403);
  // a paper sheet a proxy filled in names the authorisation; it must stand for this flat
  const paperBy = input.paper?.proxyId
    ? yield* paperProxy(
        { roundId, householdId: input.householdId, proxyId: input.paper.proxyId },
        now,
      )
    : null;
  if (f.headId == null) throw new DomainError("household_not_in_scope", 403);
  // one ballot per head: whichever of its flats it is cast from, it is the head's (docs/product.md
  // §8)
  const householdId = Number(f.headId);
  // published: an option of this round with a published version; scored: one the round scores
  // since TASTING opened (ScoredOption), which a whole ballot must score
  const optionIds = scores.length ? Prisma.join(scores.map((s) => s.optionId)) : Prisma.sql`NULL`;
  const options = yield* all<{ id: number | bigint; published: unknown; scored: unknown }>(
    Prisma.sql`
      SELECT o."id",
        ${publishedOptionSql("o")} AS "published",
        EXISTS (SELECT 1 FROM "ScoredOption" s
                WHERE s."roundId" = o."roundId" AND s."optionId" = o."id") AS "scored"
      FROM "DesignOption" o
      WHERE o."roundId" = ${roundId}
        AND (o."id" IN (${optionIds}) OR EXISTS (SELECT 1 FROM "ScoredOption" s
             WHERE s."roundId" = o."roundId" AND s."optionId" = o."id"))`,
  );
  // SQLite answers EXISTS as 0 or 1, PostgreSQL as a boolean
  const published = new Set(options.filter((o) => Boolean(o.published)).map((o) => Number(o.id)));
  for (const s of scores) {
    if (!Number.isInteger(s.score) || s.score < 1 || s.score > 5)
      throw new DomainError("score_range");
    if (!published.has(s.optionId)) throw new DomainError("option_not_published", 404);
  }
  const seats = f.seats === null ? null : Number(f.seats);
  const matterProblem = matterScoreProblem(f.kind, seats, input.scores);
  if (matterProblem) throw new DomainError(matterProblem, 400, { seats: seats ?? 0 });

  const rows = yield* all<ExistingBallot>(Prisma.sql`
    SELECT "optionId", "id", "score", "comment", "channel", "paperSheetNo", "witness", "castById",
      "proxyId", "castFromId", "updatedAt"
    FROM "Ballot" WHERE "householdId" = ${householdId} AND "optionId" IN (${optionIds})`);
  const before = new Map<number, BallotBefore>(
    rows.map((b) => [
      Number(b.optionId),
      {
        score: Number(b.score),
        comment: b.comment,
        channel: b.channel,
        paperSheetNo: b.paperSheetNo,
        witness: b.witness,
        castById: Number(b.castById),
      },
    ]),
  );
  // each stored ballot's row and proxy: a submission identical to it changes nothing
  const stored = new Map(
    rows.map((b) => [
      Number(b.optionId),
      { id: Number(b.id), proxyId: b.proxyId === null ? null : Number(b.proxyId) },
    ]),
  );
  // the owner outranks their proxy (docs/decisions/029): a proxy never replaces the owner's own
  // ballot; the owner's own replaces the proxy's, and the proxy is told
  const by = (proxy ?? paperBy)?.id ?? null;
  const precedence = proxyPrecedence(
    by,
    [...stored.values()].map((b) => b.proxyId),
  );
  if (!precedence.ok) throw new DomainError(precedence.reason, 409);
  // after the per-score checks, so a late or foreign ballot is refused for that, not for a gap
  if (whole)
    requireWholeBallot(
      options.filter((o) => Boolean(o.scored)).map((o) => Number(o.id)),
      input.scores,
    );
  // a head's ballot that is someone else's act (a co-owner's, the proxy's, a paper sheet, or one
  // cast from another flat of the head) is replaced only when the caster confirms it, having been
  // shown how and when it was cast (docs/decisions/039)
  const channel = paper ? "paper" : "online";
  const replacing = replacementToConfirm(
    { castById: actor.id, channel, castFromId: input.householdId },
    rows.map((b) => ({
      channel: b.channel === "paper" ? "paper" : "online",
      castById: Number(b.castById),
      proxyId: b.proxyId === null ? null : Number(b.proxyId),
      castFromId: b.castFromId === null ? null : Number(b.castFromId),
      at: new Date(b.updatedAt),
    })),
  );
  if (replacing && !input.confirmReplace)
    throw new DomainError("replace_ballot_confirm", 409, {
      channel: replacing.channel,
      at: replacing.at.toISOString(),
    });
  // the writes. On PostgreSQL the common ballot's (receipt, scores, their audit entries) are one
  // statement, atomic without a transaction; a ballot that also replaces another's or tells
  // someone writes in a transaction from here (hot-sql's begin; elsewhere it already is in one)
  const oneStatement =
    ENGINE === "postgresql" && !replacing && precedence.replacedProxies.length === 0;
  if (!oneStatement) yield* begin();
  if (precedence.replacedProxies.length > 0)
    yield* run(proxyReplacedSql(precedence.replacedProxies, { roundId, householdId, now }));
  if (replacing) {
    yield* run(
      auditSql({
        actorId: actor.id,
        action: "ballot.replace",
        entity: "Household",
        entityId: householdId,
        roundId,
        before: {
          channel: replacing.channel,
          castById: replacing.castById,
          at: replacing.at.toISOString(),
        },
        after: { channel, castById: actor.id, castFrom: input.householdId, proxyId: by },
        at: now,
      }),
    );
    const where = { roundId, householdId, now, actorId: actor.id };
    // online: the head's other owners are told (a paper sheet tells the household, below in
    // enterPaperSheet); over a paper sheet, the worker who entered it is told too
    if (!paper) yield* run(ballotReplacedSql(where));
    if (!paper && rows.some((b) => b.channel === "paper")) yield* run(paperReplacedSql(where));
  }
  const code = receiptCode(secret("RECEIPT_KEY"), roundId, householdId);
  const receipt = Prisma.sql`
    INSERT INTO "Receipt" ("roundId", "householdId", "code", "createdAt")
    VALUES (${roundId}, ${householdId}, ${code}, ${now})
    ON CONFLICT ("roundId", "householdId") DO NOTHING`;
  if (!oneStatement) yield* run(receipt);
  const written = scores.map((s) => {
    const data = {
      score: s.score,
      comment: s.comment,
      channel: paper ? "paper" : "online",
      paperSheetNo: input.paper?.sheetNo ?? null,
      witness: input.paper?.witness ?? null,
      castById: actor.id,
      proxyId: by,
      castFromId: input.householdId,
    };
    const existing = before.get(s.optionId);
    const same = stored.get(s.optionId);
    // a double submit, or the same scores sent again: no write, no audit entry, the same answer
    const write = !(existing && same && unchanged(existing, same.proxyId, data));
    return { optionId: s.optionId, data, existing, write, id: same?.id };
  });
  const writes = written.filter((w) => w.write);
  const auditOf = (w: (typeof writes)[number], id: number): AuditEntry => ({
    actorId: actor.id,
    action: w.existing ? "ballot.change" : "ballot.cast",
    entity: "Ballot",
    entityId: id,
    roundId,
    before: w.existing,
    after: {
      householdId,
      ...(input.householdId !== householdId && { castFrom: input.householdId }),
      optionId: w.optionId,
      ...w.data,
    },
    at: now,
  });
  if (oneStatement && writes.length === 0) yield* run(receipt);
  if (writes.length > 0) {
    const upsert = Prisma.sql`
      INSERT INTO "Ballot" ("roundId", "optionId", "householdId", "score", "comment", "channel",
        "paperSheetNo", "witness", "castById", "proxyId", "castFromId", "castAt", "updatedAt")
      VALUES ${Prisma.join(
        writes.map(
          ({ optionId, data: d }) => Prisma.sql`(${roundId}, ${optionId}, ${householdId},
            ${d.score}, ${d.comment}, ${d.channel}, ${d.paperSheetNo}, ${d.witness}, ${d.castById},
            ${d.proxyId}, ${d.castFromId}, ${now}, ${now})`,
        ),
      )}
      ON CONFLICT ("optionId", "householdId") DO UPDATE SET "score" = excluded."score",
        "comment" = excluded."comment", "channel" = excluded."channel",
        "paperSheetNo" = excluded."paperSheetNo", "witness" = excluded."witness",
        "castById" = excluded."castById", "proxyId" = excluded."proxyId",
        "castFromId" = excluded."castFromId", "updatedAt" = excluded."updatedAt"
      RETURNING "id", "optionId"`;
    const rows = yield* all<{ id: number | bigint; optionId: number | bigint }>(
      oneStatement
        ? ballotWritesPg(
            receipt,
            upsert,
            writes.map((w) => ({ optionId: w.optionId, entry: auditOf(w, 0) })),
          )
        : upsert,
    );
    const idOf = new Map(rows.map((r) => [Number(r.optionId), Number(r.id)]));
    for (const w of writes) w.id = idOf.get(w.optionId);
    if (!oneStatement) yield* run(auditSql(...writes.map((w) => auditOf(w, w.id!))));
  }
  return written.map((w) => ({ ballot: { id: w.id!, ...w.data }, receipt: code }));
}

/**
 * PostgreSQL: a ballot's receipt, its scores' upsert and their audit entries as one statement
 * (data-modifying WITH): one round trip, atomic by itself. Each audit entry takes the id of the
 * score row the upsert returns for its option. Answers the upsert's rows, as the upsert does.
 */
function ballotWritesPg(
  receipt: Prisma.Sql,
  upsert: Prisma.Sql,
  entries: { optionId: number; entry: AuditEntry }[],
) {
  const json = (v: unknown) => (v === undefined || v === null ? null : JSON.stringify(v));
  // "n": the entries are appended in the order given, as auditSql appends them
  const rows = entries.map(
    (
      { optionId, entry: e },
      n,
    ) => Prisma.sql`(${Prisma.raw(String(n))}, CAST(${optionId} AS INTEGER),
      CAST(${e.at} AS TIMESTAMP(3)), CAST(${e.actorId} AS INTEGER), CAST(${e.action} AS TEXT),
      CAST(${e.roundId} AS INTEGER), CAST(${json(e.before)} AS TEXT),
      CAST(${json(e.after)} AS TEXT))`,
  );
  return Prisma.sql`
    WITH "receipt" AS (${receipt}),
    "scores" AS (${upsert}),
    "audit" AS (
      INSERT INTO "AuditLog" ("at", "actorId", "action", "entity", "entityId", "roundId", "before", "after")
      SELECT e."at", e."actorId", e."action", 'Ballot', s."id", e."roundId", e."before", e."after"
      FROM (VALUES ${Prisma.join(rows)})
        AS e("n", "optionId", "at", "actorId", "action", "roundId", "before", "after")
      JOIN "scores" s ON s."optionId" = e."optionId"
      ORDER BY e."n")
    SELECT "id", "optionId" FROM "scores"`;
}

/**
 * Tell each replaced proxy's account (an account-level in-app message: the proxy need not live in
 * the flat). Runs only when the owner's own ballot replaced a proxy's, off the common path.
 */
function proxyReplacedSql(
  proxyIds: number[],
  at: { roundId: number; householdId: number; now: Date },
) {
  const key = `proxy_replaced:${at.roundId}:${at.householdId}:${at.now.getTime()}`;
  const params = JSON.stringify({ roundId: at.roundId });
  return Prisma.sql`
    INSERT INTO "StaffNotification" ("eventKey", "kind", "accountId", "channel", "params", "link",
      "status", "createdAt")
    SELECT ${key}, 'proxy_replaced', p."proxyAccountId", 'inapp', ${params},
      ${`/rounds/${at.roundId}/participate`}, 'sent', ${at.now}
    FROM "ProxyAuthorisation" p
    WHERE p."id" IN (${Prisma.join(proxyIds)}) AND p."proxyAccountId" IS NOT NULL
    ON CONFLICT ("eventKey", "accountId", "channel") DO NOTHING`;
}

type ReplacedAt = { roundId: number; householdId: number; now: Date; actorId: number };

/** Tell the head's other owners (accounts bound as owner to any flat of the head) in their inbox. */
function ballotReplacedSql(at: ReplacedAt) {
  const key = `ballot_replaced:${at.roundId}:${at.householdId}:${at.now.getTime()}`;
  const params = JSON.stringify({ round: at.roundId });
  return Prisma.sql`
    INSERT INTO "StaffNotification" ("eventKey", "kind", "accountId", "channel", "params", "link",
      "status", "createdAt")
    SELECT ${key}, 'ballot_replaced', o."accountId", 'inapp', ${params},
      ${`/rounds/${at.roundId}/participate`}, 'sent', ${at.now}
    -- each owner once (DISTINCT in a subquery: PostgreSQL types the outer parameters by the columns)
    FROM (SELECT DISTINCT m."accountId" FROM "RoundRosterEntry" e
            JOIN "Membership" m ON m."householdId" = e."householdId"
          WHERE e."roundId" = ${at.roundId} AND ${HEAD_OF_ENTRY} = ${at.householdId}
            AND m."relation" = 'owner' AND m."accountId" <> ${at.actorId}) o
    -- WHERE: SQLite would read ON CONFLICT after a bare FROM as a join's ON
    WHERE true
    ON CONFLICT ("eventKey", "accountId", "channel") DO NOTHING`;
}

/** Tell the workers who entered the head's paper ballots that an online ballot replaced them. */
function paperReplacedSql(at: ReplacedAt) {
  const key = `paper_replaced:${at.roundId}:${at.householdId}:${at.now.getTime()}`;
  const params = JSON.stringify({ round: at.roundId });
  return Prisma.sql`
    INSERT INTO "StaffNotification" ("eventKey", "kind", "accountId", "channel", "params", "link",
      "status", "createdAt")
    SELECT ${key}, 'paper_replaced', s."enteredById", 'inapp', ${params},
      ${`/rounds/${at.roundId}/work`}, 'sent', ${at.now}
    FROM (SELECT DISTINCT p."enteredById" FROM "PaperSheet" p
          WHERE p."roundId" = ${at.roundId} AND p."householdId" = ${at.householdId}) s
    WHERE true
    ON CONFLICT ("eventKey", "accountId", "channel") DO NOTHING`;
}
