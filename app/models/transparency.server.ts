import { createHmac } from "node:crypto";
import { db } from "~/db.server";
import { electionSeats } from "~/domain/matters";
import { fenToYuanString, milliToString } from "~/domain/decimal";
import { DomainError } from "~/domain/errors";
import { rankMenu } from "~/domain/needs";
import type { Phase } from "~/domain/round-lifecycle";
import { countsSnapshot } from "~/domain/roster";
import { rulesOfRound } from "~/domain/rules";
import { denominators, participation } from "~/domain/tally";
import type { ExportedRules } from "~/domain/verify";
import { secret } from "~/lib/secrets.server";
import { matterOutcome } from "./matter.server";
import { menuNeeds } from "./menu.server";
import { getRound } from "./round-guards.server";
import { countedVersions, parseTally } from "./round-tally.server";
import { roundRoster } from "./scope.server";

const CLOSED: Phase[] = ["CLOSED", "ADOPTED", "FAILED", "CONSTRUCTION"];

/** A stable pseudonym for a household within one round; it cannot be linked across rounds. */
export function pseudonym(roundId: number, householdId: number): string {
  return `H-${createHmac("sha256", secret("RECEIPT_KEY")).update(`pseudonym:${roundId}:${householdId}`).digest("hex").slice(0, 10).toUpperCase()}`;
}

/** A closed round with its frozen tally, as the public notice and the exports show it. */
async function closedRound(roundId: number) {
  return db.$transaction(async (tx) => {
    const round = await getRound(tx, roundId);
    const tally = parseTally(round.tallyJson);
    if (!tally || !CLOSED.includes(round.phase as Phase))
      throw new DomainError("round_not_closed", 404);
    const published = await countedVersions(tx, round);
    const options = tally.options.map((o) => {
      const p = published.find((x) => x.option.id === o.optionId);
      return {
        ...o,
        code: p?.option.code ?? `#${o.optionId}`,
        title: p?.version.title ?? "",
        description: p?.version.description ?? "",
      };
    });
    // the snapshot's households and areas: later roster edits never reach a closed round's exports
    const roster = await roundRoster(tx, round);
    return { round, tally, options, roster };
  });
}

/** Where a round is, as its notices print it: the place from city to compound, and the scope's names. */
async function noticePlace(round: { id: number; compoundId: number }) {
  const place = await db.compound.findUniqueOrThrow({
    where: { id: round.compoundId },
    include: {
      community: { include: { street: { include: { district: { include: { city: true } } } } } },
    },
  });
  const scope = await db.roundScopeItem.findMany({
    where: { roundId: round.id },
    include: { building: true, unit: { include: { building: true } } },
  });
  return {
    place: {
      city: place.community.street.district.city.name,
      district: place.community.street.district.name,
      street: place.community.street.name,
      community: place.community.name,
      compound: place.name,
      compoundEn: place.nameEn,
    },
    scopeNames: scope.map((s) =>
      s.unit ? `${s.unit.building.name}${s.unit.name}` : (s.building?.name ?? ""),
    ),
  };
}

/**
 * The denominators notice, published from the day TASTING opens: the heads and area of the
 * round's snapshot and the lines drawn from them, so everyone knows the lines before voting.
 */
export async function denominatorsOf(roundId: number) {
  const { round, roster } = await db.$transaction(async (tx) => {
    const round = await getRound(tx, roundId);
    if (!countsSnapshot(round.phase)) throw new DomainError("round_not_voting", 404);
    return { round, roster: await roundRoster(tx, round) };
  });
  const rules = rulesOfRound(round);
  const scope = participation(roster.map((f) => ({ ...f, took: false })));
  return {
    round: {
      id: round.id,
      title: round.title,
      titleEn: round.titleEn,
      scopeKind: round.scopeKind,
      tastingEndsAt: round.tastingEndsAt,
    },
    ...(await noticePlace(round)),
    rules,
    flats: scope.scopeFlats,
    denominators: denominators(rules, scope),
  };
}

export async function noticeOf(roundId: number) {
  const { round, tally, options, roster } = await closedRound(roundId);
  const [objections, corrections, [channels]] = await Promise.all([
    // each objection with the street office's answer: the notice prints the answers, not who
    // objected nor their words (a household could be recognised by them)
    db.objection.findMany({
      where: { roundId },
      orderBy: { id: "asc" },
      select: { createdAt: true, answer: true, answeredAt: true },
    }),
    db.rosterCorrection.findMany({ where: { roundId }, orderBy: { id: "asc" } }),
    // how the households' ballots came: on paper, by a proxy (委托投票), of all that voted
    db.$queryRaw<{ paper: number | bigint; proxy: number | bigint; voted: number | bigint }[]>`
      SELECT COUNT(DISTINCT CASE WHEN "channel" = 'paper' THEN "householdId" END) AS "paper",
        COUNT(DISTINCT CASE WHEN "proxyId" IS NOT NULL THEN "householdId" END) AS "proxy",
        COUNT(DISTINCT "householdId") AS "voted"
      FROM "Ballot" WHERE "roundId" = ${roundId}`,
  ]);
  return {
    round: {
      id: round.id,
      title: round.title,
      titleEn: round.titleEn,
      phase: round.phase as Phase,
      closedAt: round.closedAt,
      objectionEndsAt: round.objectionEndsAt,
      scopeKind: round.scopeKind,
      kind: round.kind,
      matterItem: round.matterItem,
    },
    // a motion's 同意/反对/弃权 and an election's seats (null for a design round)
    matter: round.kind === "design" ? null : await matterOutcome(roundId),
    ...(await noticePlace(round)),
    rules: rulesOfRound(round),
    tally,
    // the heads and area counted, and the lines they drew, as published when TASTING opened
    flats: roster.length,
    denominators: denominators(tally.rules, tally),
    options,
    objections,
    channels: {
      paper: Number(channels.paper),
      proxy: Number(channels.proxy),
      voted: Number(channels.voted),
    },
    // corrections of the snapshot while tasting, by the same pseudonym as in ballots.csv
    corrections: corrections.map((c) => ({
      id: c.id,
      who: pseudonym(roundId, c.householdId),
      floorBefore: c.floorBefore,
      floorAfter: c.floorAfter,
      areaCentiBefore: c.areaCentiBefore,
      areaCentiAfter: c.areaCentiAfter,
      reason: c.reason,
      at: c.at,
    })),
  };
}

export async function receiptsOf(roundId: number) {
  const { round, tally } = await closedRound(roundId);
  return {
    round: { id: round.id, title: round.title, titleEn: round.titleEn },
    codes: tally.receiptCodes,
  };
}

/** What the 核验 page needs to fetch a closed round's exports; 404 before the round closes. */
export async function verifiableRound(roundId: number) {
  const { round } = await closedRound(roundId);
  return { id: round.id, title: round.title, titleEn: round.titleEn };
}

export type Sheet = { name: string; header: string[]; rows: (string | number)[][] };

/**
 * Every household in scope, pseudonymous, with the head it counts in (the pseudonym of the head's
 * representative flat), its area, and its head's score on each option on the representative's
 * row only (blank elsewhere and when the head did not score): one ballot per head.
 */
export async function ballotsSheet(roundId: number): Promise<Sheet> {
  const { options, roster: households } = await closedRound(roundId);
  const ballots = await db.ballot.findMany({
    where: { roundId },
    select: { householdId: true, optionId: true, score: true },
  });
  const byHousehold = new Map<number, typeof ballots>();
  for (const b of ballots)
    byHousehold.set(b.householdId, [...(byHousehold.get(b.householdId) ?? []), b]);
  const rows = households
    .map((h) => {
      const mine = h.id === h.headId ? (byHousehold.get(h.id) ?? []) : [];
      return [
        pseudonym(roundId, h.id),
        pseudonym(roundId, h.headId),
        milliToString(h.areaCenti * 10),
        ...options.map((o) => mine.find((b) => b.optionId === o.optionId)?.score ?? ""),
      ];
    })
    .sort((a, b) => String(a[0]).localeCompare(String(b[0])));
  return {
    name: "ballots",
    // what is published and why: docs/decisions/005-ballot-privacy.md
    header: ["household", "head", "area_m2", ...options.map((o) => `option_${o.code}`)],
    rows,
  };
}

export async function tallySheet(roundId: number): Promise<Sheet> {
  const { tally, options } = await closedRound(roundId);
  return {
    name: "tally",
    header: [
      "option",
      "title",
      "kind",
      "total_yuan",
      "ballots",
      "score_sum",
      "agreeing_households",
      "participating_households",
      "agreeing_area_m2",
      "participating_area_m2",
      "approved",
      "winner",
    ],
    rows: options.map((o) => [
      o.code,
      o.title,
      o.kind,
      fenToYuanString(o.totalFen),
      o.ballots,
      o.scoreSum,
      o.agreeingHouseholds,
      tally.participatingHouseholds,
      milliToString(o.agreeingAreaCenti * 10),
      milliToString(tally.participatingAreaCenti * 10),
      o.approved ? "yes" : "no",
      tally.winnerOptionId === o.optionId ? "yes" : "no",
    ]),
  };
}

/** The rule set and the published figures, for recomputation by anyone (see app/domain/verify.ts). */
export async function rulesExport(roundId: number): Promise<ExportedRules> {
  const { round, tally, options } = await closedRound(roundId);
  const codeOf = new Map(options.map((o) => [o.optionId, o.code]));
  return {
    round: { id: round.id, title: round.title },
    rules: tally.rules,
    ...(round.kind === "motion" && { matter: { kind: "motion", item: round.matterItem ?? 9 } }),
    ...(round.kind === "election" && {
      matter: { kind: "election", item: round.matterItem ?? 3, seats: round.seats ?? 0 },
    }),
    published: {
      ...(round.kind === "election" && {
        seated: electionSeats(tally, round.seats ?? 0).seated.map((id) => codeOf.get(id)!),
      }),
      scopeHouseholds: tally.scopeHouseholds,
      scopeAreaCenti: tally.scopeAreaCenti,
      participatingHouseholds: tally.participatingHouseholds,
      participatingAreaCenti: tally.participatingAreaCenti,
      quorumMet: tally.quorumMet,
      winner: options.find((o) => o.optionId === tally.winnerOptionId)?.code ?? null,
      options: options.map((o) => ({
        optionId: o.optionId,
        code: o.code,
        kind: o.kind,
        totalFen: o.totalFen,
        approved: o.approved,
        ballots: o.ballots,
        scoreSum: o.scoreSum,
        agreeingHouseholds: o.agreeingHouseholds,
        agreeingAreaCenti: o.agreeingAreaCenti,
      })),
    },
  };
}

export async function needsSheet(roundId: number): Promise<Sheet> {
  const menu = await db.$transaction((tx) => menuNeeds(tx, roundId));
  if (menu.needs.length === 0 && !(await db.round.findUnique({ where: { id: roundId } })))
    throw new DomainError("round_not_found", 404);
  const ranked = rankMenu(menu.menu, menu.supports);
  const supporters = new Map(ranked.map((r) => [r.id, r]));
  return {
    name: "needs",
    header: [
      "rank",
      "need",
      "category",
      "catalogue",
      "mandatory",
      "status",
      "supporting_households",
    ],
    rows: menu.needs.map((n) => [
      supporters.get(n.id)?.rank ?? "",
      n.title,
      n.category,
      n.catalogueKey ?? "",
      n.mandatory ? "yes" : "no",
      n.status,
      supporters.get(n.id)?.supporters ?? "",
    ]),
  };
}

export async function optionsSheet(roundId: number): Promise<Sheet> {
  const published = await db.$transaction(async (tx) => {
    return countedVersions(tx, await getRound(tx, roundId));
  });
  const lines = await db.boqLine.findMany({
    where: { versionId: { in: published.map((p) => p.version.id) } },
    orderBy: [{ versionId: "asc" }, { position: "asc" }],
  });
  return {
    name: "options",
    header: [
      "option",
      "version",
      "title",
      "position",
      "item",
      "unit",
      "quantity",
      "unit_price_yuan",
      "amount_yuan",
    ],
    rows: published.flatMap(({ option, version }) =>
      lines
        .filter((l) => l.versionId === version.id)
        .map((l) => [
          option.code,
          version.version,
          version.title,
          l.position,
          l.item,
          l.unit,
          milliToString(l.quantityMilli),
          fenToYuanString(l.unitPriceFen),
          fenToYuanString(l.amountFen),
        ]),
    ),
  };
}
