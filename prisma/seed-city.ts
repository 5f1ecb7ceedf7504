// City scale (`npm run db:seed -- --city`): the demo topped up to the size of Tai'an's real
// old-compound programme — 367 compounds, about 83,000 households, 7.53 million m², 242 elevators —
// with rounds in every phase. Tallied rounds carry real ballots, receipts and frozen tallies
// computed by the same tally function the app uses. Plain SQL in one transaction: seconds, not
// minutes. The bench builds its 100,000-household dashboard and its 10,000-household rounds here.
import Database from "better-sqlite3";
import { tallyRound, type TallyBallot, type TallyHousehold } from "../app/domain/tally";
import { DEFAULT_RULES } from "../app/domain/rules";
import { receiptCode } from "../app/domain/receipt.server";
import type { Phase } from "../app/domain/round-lifecycle";

export type CityScale = {
  compounds: number;
  households: number;
  areaM2: number;
  elevators: number;
};

/** 泰安市's programme: what `--city` builds (counting the demo's own compounds). */
export const CITY_SCALE: CityScale = {
  compounds: 367,
  households: 83_000,
  areaM2: 7_530_000,
  elevators: 242,
};

const DAY = 86_400_000;
/** Dates as Prisma's SQLite adapter stores them. */
export const sqlDate = (ms: number) => new Date(ms).toISOString().replace("Z", "+00:00");

/** Deterministic pseudo-random numbers (mulberry32), so two runs give the same rows. */
export function mulberry32(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const STREETS: [district: [string, string], street: [string, string]][] = [
  [
    ["泰山区", "Taishan District"],
    ["财源街道", "Caiyuan Street"],
  ],
  [
    ["泰山区", "Taishan District"],
    ["岱庙街道", "Daimiao Street"],
  ],
  [
    ["泰山区", "Taishan District"],
    ["泰前街道", "Taiqian Street"],
  ],
  [
    ["泰山区", "Taishan District"],
    ["上高街道", "Shanggao Street"],
  ],
  [
    ["泰山区", "Taishan District"],
    ["徐家楼街道", "Xujialou Street"],
  ],
  [
    ["岱岳区", "Daiyue District"],
    ["粥店街道", "Zhoudian Street"],
  ],
  [
    ["岱岳区", "Daiyue District"],
    ["天平街道", "Tianping Street"],
  ],
  [
    ["岱岳区", "Daiyue District"],
    ["北集坡街道", "Beijipo Street"],
  ],
];
const COMMUNITIES_PER_STREET = 6;
const COMPOUND_WORDS =
  "建设 文化 光明 幸福 和平 向阳 花园 桃园 青年 红旗 新华 胜利 东岳 迎春 长城".split(" ");
const SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董";
const KEYS = ["roof_waterproofing", "water_supply", "external_walls", "elevator", "fire_safety"];
const TITLES: Record<string, string> = {
  roof_waterproofing: "屋面防水",
  water_supply: "二次供水改造",
  external_walls: "外墙保温",
  elevator: "加装电梯",
  fire_safety: "消防设施更新",
};

/** A shared context: the connection, prepared statements and the clock. */
function statements(db: Database.Database) {
  const p = (sql: string) => db.prepare(sql);
  return {
    compound: p(
      `INSERT INTO "Compound" ("communityId", "name", "nameEn", "address", "builtYear") VALUES (?, ?, ?, ?, ?)`,
    ),
    building: p(
      `INSERT INTO "Building" ("compoundId", "name", "floors", "safetyGrade") VALUES (?, ?, ?, ?)`,
    ),
    unit: p(`INSERT INTO "Unit" ("buildingId", "name") VALUES (?, ?)`),
    household: p(
      `INSERT INTO "Household" ("unitId", "room", "floor", "areaCenti", "ownerName", "createdAt") VALUES (?, ?, ?, ?, ?, ?)`,
    ),
    round: p(
      `INSERT INTO "Round" ("compoundId", "title", "titleEn", "phase", "orderingEndsAt", "cookingEndsAt", "tastingEndsAt", "menuFrozenAt", "createdById", "createdAt") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ),
    need: p(
      `INSERT INTO "Need" ("roundId", "catalogueKey", "category", "title", "description", "alteration", "status", "menuRank", "createdAt") VALUES (?, ?, ?, ?, '', ?, 'active', ?, ?)`,
    ),
    option: p(
      `INSERT INTO "DesignOption" ("roundId", "code", "kind", "createdById", "createdAt") VALUES (?, ?, ?, ?, ?)`,
    ),
    version: p(
      `INSERT INTO "OptionVersion" ("optionId", "version", "title", "description", "durationDays", "totalFen", "status", "publishedAt", "createdById", "createdAt") VALUES (?, 1, ?, '', 90, ?, ?, ?, ?, ?)`,
    ),
    versionNeed: p(`INSERT INTO "OptionVersionNeed" ("versionId", "needId") VALUES (?, ?)`),
    ballot: p(
      `INSERT INTO "Ballot" ("roundId", "optionId", "householdId", "score", "channel", "castById", "castAt", "updatedAt") VALUES (?, ?, ?, ?, 'online', ?, ?, ?)`,
    ),
    receipt: p(
      `INSERT INTO "Receipt" ("roundId", "householdId", "code", "createdAt") VALUES (?, ?, ?, ?)`,
    ),
    close: p(
      `UPDATE "Round" SET "phase" = ?, "closedAt" = ?, "objectionEndsAt" = ?, "decidedAt" = ?, "tallyJson" = ?, "winnerOptionId" = ? WHERE "id" = ?`,
    ),
    // written with the tally, as the close does (round-transition.server)
    summary: p(
      `INSERT INTO "RoundTallySummary" ("roundId", "closedAt", "scopeHouseholds", "participatingHouseholds", "scopeAreaCenti", "participatingAreaCenti", "receipts") VALUES (?, ?, ?, ?, ?, ?, ?)`,
    ),
    rating: p(
      `INSERT INTO "SatisfactionRating" ("roundId", "householdId", "accountId", "score", "createdAt") VALUES (?, ?, ?, ?, ?)`,
    ),
    audit: p(
      `INSERT INTO "AuditLog" ("at", "actorId", "action", "entity", "entityId", "roundId", "before", "after") VALUES (?, NULL, ?, 'Round', ?, ?, ?, ?)`,
    ),
  };
}

export type CityContext = {
  db: Database.Database;
  sql: ReturnType<typeof statements>;
  now: number;
  receiptKey: string;
  createdById: number;
  rand: () => number;
};

export function cityContext(
  db: Database.Database,
  o: { now: number; receiptKey: string; createdById?: number; seed?: number },
): CityContext {
  return {
    db,
    sql: statements(db),
    now: o.now,
    receiptKey: o.receiptKey,
    createdById: o.createdById ?? 1,
    rand: mulberry32(o.seed ?? 20260425),
  };
}

/** The communities compounds go into: 泰安市's two urban districts, their streets, six communities each. */
export function cityCommunities(ctx: CityContext): number[] {
  const { db } = ctx;
  const id = (sql: string, ...args: unknown[]) =>
    (db.prepare(sql).get(...args) as { id: number }).id;
  db.prepare(
    `INSERT INTO "City" ("name", "nameEn") SELECT '泰安市', 'Tai''an' WHERE NOT EXISTS (SELECT 1 FROM "City")`,
  ).run();
  const city = id(`SELECT "id" FROM "City" ORDER BY "id" LIMIT 1`);
  const out: number[] = [];
  for (const [[d, dEn], [s, sEn]] of STREETS) {
    db.prepare(
      `INSERT OR IGNORE INTO "District" ("cityId", "name", "nameEn") VALUES (?, ?, ?)`,
    ).run(city, d, dEn);
    const district = id(`SELECT "id" FROM "District" WHERE "cityId" = ? AND "name" = ?`, city, d);
    db.prepare(
      `INSERT OR IGNORE INTO "Street" ("districtId", "name", "nameEn") VALUES (?, ?, ?)`,
    ).run(district, s, sEn);
    const street = id(
      `SELECT "id" FROM "Street" WHERE "districtId" = ? AND "name" = ?`,
      district,
      s,
    );
    for (let k = 1; k <= COMMUNITIES_PER_STREET; k++) {
      const name = `${s.replace("街道", "")}第${k}社区`;
      db.prepare(
        `INSERT OR IGNORE INTO "Community" ("streetId", "name", "nameEn") VALUES (?, ?, ?)`,
      ).run(street, name, `${sEn.replace(" Street", "")} Community ${k}`);
      out.push(
        id(`SELECT "id" FROM "Community" WHERE "streetId" = ? AND "name" = ?`, street, name),
      );
    }
  }
  return out;
}

export type BuiltCompound = { id: number; households: TallyHousehold[] };

/**
 * One compound of `areas.length` households (one per area, in hundredths of m²): six-storey
 * buildings of three units, two flats a floor.
 */
export function insertCompound(
  ctx: CityContext,
  communityId: number,
  name: string,
  nameEn: string,
  areas: number[],
): BuiltCompound {
  const { sql, rand } = ctx;
  const id = Number(
    sql.compound.run(
      communityId,
      name,
      nameEn,
      `${name}路${areas.length % 97}号`,
      1980 + Math.floor(rand() * 20),
    ).lastInsertRowid,
  );
  const households: TallyHousehold[] = [];
  const created = sqlDate(ctx.now - 400 * DAY);
  let building = 0;
  let unit = 0;
  for (let i = 0; i < areas.length; i++) {
    if (i % 36 === 0)
      building = Number(
        sql.building.run(id, `${i / 36 + 1}号楼`, 6, rand() < 0.03 ? "C" : "B").lastInsertRowid,
      );
    if (i % 12 === 0)
      unit = Number(sql.unit.run(building, `${((i / 12) % 3) + 1}单元`).lastInsertRowid);
    const floor = Math.floor((i % 12) / 2) + 1;
    const room = `${floor}0${(i % 2) + 1}`;
    const owner = SURNAMES[Math.floor(rand() * SURNAMES.length)] + "某";
    const hid = Number(
      sql.household.run(unit, room, floor, areas[i], owner, created).lastInsertRowid,
    );
    households.push({ id: hid, areaCenti: areas[i] });
  }
  return { id, households };
}

export type RoundSpec = {
  phase: Phase;
  /** share of households that have scored every option (tallied and tasting rounds) */
  turnout: number;
  options: number;
  /** the first option covers an elevator (an alteration under Art. 278) */
  elevator: boolean;
  /** when tasting ended / the round was closed */
  closedAt: number;
};

/**
 * A whole-compound round in `spec.phase`. From TASTING on it has published options and ballots;
 * closed rounds get receipts, a frozen tally from tallyRound with the receipt codes, and an
 * audit entry, as transitionRound leaves them. A TASTING round whose closedAt is in the past is
 * due to be closed.
 */
export function insertRound(
  ctx: CityContext,
  compound: BuiltCompound,
  title: string,
  spec: RoundSpec,
) {
  const { sql, rand } = ctx;
  const end = spec.closedAt;
  const tasting = ["TASTING", "CLOSED", "ADOPTED", "FAILED", "CONSTRUCTION"].includes(spec.phase);
  const roundId = Number(
    sql.round.run(
      compound.id,
      title,
      `Renovation ${compound.id}`,
      spec.phase === "CLOSED" ||
        spec.phase === "ADOPTED" ||
        spec.phase === "FAILED" ||
        spec.phase === "CONSTRUCTION"
        ? "TASTING"
        : spec.phase,
      sqlDate(end - 60 * DAY),
      sqlDate(end - 30 * DAY),
      sqlDate(end),
      spec.phase === "DRAFT" || spec.phase === "ORDERING" ? null : sqlDate(end - 60 * DAY),
      ctx.createdById,
      sqlDate(end - 90 * DAY),
    ).lastInsertRowid,
  );
  if (spec.phase === "DRAFT") return roundId;
  const created = sqlDate(end - 80 * DAY);
  const keys = spec.elevator ? KEYS : KEYS.filter((k) => k !== "elevator");
  const needs = keys.map((k, rank) =>
    Number(
      sql.need.run(
        roundId,
        k,
        k === "elevator" ? "improvement" : "basic",
        TITLES[k],
        k === "elevator" ? 1 : 0,
        spec.phase === "ORDERING" ? null : rank + 1,
        created,
      ).lastInsertRowid,
    ),
  );
  if (spec.phase === "ORDERING") return roundId;
  const options: { id: number; kind: "ordinary" | "alteration"; totalFen: number }[] = [];
  for (let o = 0; o < spec.options; o++) {
    const kind = spec.elevator && o === 0 ? "alteration" : "ordinary";
    const id = Number(
      sql.option.run(roundId, String.fromCharCode(65 + o), kind, ctx.createdById, created)
        .lastInsertRowid,
    );
    const totalFen = (200 + o * 50) * compound.households.length * 10_000;
    const version = Number(
      sql.version.run(
        id,
        `方案${String.fromCharCode(65 + o)}`,
        totalFen,
        tasting ? "approved" : "submitted",
        tasting ? created : null,
        ctx.createdById,
        created,
      ).lastInsertRowid,
    );
    // option A covers every need (with the elevator), the others all but the last
    for (const n of o === 0 ? needs : needs.slice(0, -1)) sql.versionNeed.run(version, n);
    options.push({ id, kind, totalFen });
    if (tasting)
      ctx.db
        .prepare(
          `INSERT INTO "ScoredOption" ("roundId", "optionId", "versionId", "kind", "totalFen") VALUES (?, ?, ?, ?, ?)`,
        )
        .run(roundId, id, version, kind, totalFen);
  }
  if (!tasting) return roundId;
  // what transitionRound freezes when TASTING opens: the whole compound's households as they are
  ctx.db
    .prepare(
      `INSERT INTO "RoundRosterEntry" ("roundId", "householdId", "unitId", "buildingId", "floor", "areaCenti")
       SELECT ?, h."id", h."unitId", u."buildingId", h."floor", h."areaCenti" FROM "Household" h
         JOIN "Unit" u ON u."id" = h."unitId" JOIN "Building" b ON b."id" = u."buildingId"
       WHERE b."compoundId" = ?`,
    )
    .run(roundId, compound.id);
  // each flat's share of each scored version, as keepShares keeps them (models/option.server):
  // these versions charge residents nothing (no residents' funding), so every share is 0
  ctx.db
    .prepare(
      `INSERT INTO "VersionShare" ("roundId", "versionId", "householdId", "shareFen")
       SELECT s."roundId", s."versionId", e."householdId", 0 FROM "ScoredOption" s
         JOIN "RoundRosterEntry" e ON e."roundId" = s."roundId"
       WHERE s."roundId" = ?`,
    )
    .run(roundId);

  const ballots: TallyBallot[] = [];
  const voters: number[] = [];
  const castAt = sqlDate(end - 10 * DAY);
  for (const h of compound.households) {
    if (rand() >= spec.turnout) continue;
    voters.push(h.id);
    for (const [k, o] of options.entries()) {
      // most households like option A; the others split
      const score =
        k === 0 && rand() < 0.9 ? 4 + Math.floor(rand() * 2) : 1 + Math.floor(rand() * 5);
      sql.ballot.run(roundId, o.id, h.id, score, ctx.createdById, castAt, castAt);
      ballots.push({ householdId: h.id, optionId: o.id, score });
    }
  }
  const receipts = voters.map((h) => receiptCode(ctx.receiptKey, roundId, h));
  voters.forEach((h, i) => sql.receipt.run(roundId, h, receipts[i], castAt));
  if (spec.phase === "TASTING") return roundId;

  const tally = tallyRound({
    rules: DEFAULT_RULES,
    households: compound.households,
    options,
    ballots,
  });
  const adopted = spec.phase === "ADOPTED" || spec.phase === "CONSTRUCTION";
  if (adopted && tally.winnerOptionId == null)
    throw new Error(`round ${roundId} has no winner but is to be ${spec.phase}`);
  if (spec.phase === "FAILED" && tally.winnerOptionId != null)
    throw new Error(`round ${roundId} has a winner but is to be FAILED`);
  const frozen = {
    ...tally,
    receiptCodes: [...receipts].sort(),
    computedAt: new Date(end).toISOString(),
  };
  const decided = spec.phase === "CLOSED" ? null : sqlDate(end + 9 * DAY);
  sql.close.run(
    spec.phase,
    sqlDate(end),
    sqlDate(end + 7 * DAY),
    decided,
    JSON.stringify(frozen),
    tally.winnerOptionId,
    roundId,
  );
  sql.summary.run(
    roundId,
    sqlDate(end),
    tally.scopeHouseholds,
    tally.participatingHouseholds,
    tally.scopeAreaCenti,
    tally.participatingAreaCenti,
    frozen.receiptCodes.length,
  );
  sql.audit.run(
    sqlDate(end),
    "round.close_round",
    roundId,
    roundId,
    `{"phase":"TASTING"}`,
    JSON.stringify({ phase: "CLOSED", winnerOptionId: tally.winnerOptionId }),
  );
  if (decided)
    sql.audit.run(
      decided,
      "round.decide_round",
      roundId,
      roundId,
      `{"phase":"CLOSED"}`,
      JSON.stringify({ phase: spec.phase }),
    );
  if (spec.phase === "CONSTRUCTION")
    for (const h of voters)
      if (rand() < 0.3)
        sql.rating.run(roundId, h, ctx.createdById, 3 + Math.floor(rand() * 3), decided);
  return roundId;
}

/** How many of `n` rounds are in each phase: most adopted or being built, a few of every other. */
export function phasePlan(n: number, elevators: number): Phase[] {
  const few = (share: number) => Math.max(n >= 8 ? 1 : 0, Math.round(n * share));
  const counts: [Phase, number][] = [
    ["DRAFT", few(0.04)],
    ["ORDERING", few(0.04)],
    ["COOKING", few(0.04)],
    ["TASTING", few(0.07)],
    ["CLOSED", few(0.03)],
    ["FAILED", few(0.04)],
    ["ADOPTED", few(0.25)],
  ];
  const rest = n - counts.reduce((s, [, c]) => s + c, 0);
  counts.push(["CONSTRUCTION", rest]);
  const adopted = counts[6][1] + rest;
  if (rest < 0 || adopted < elevators)
    throw new Error(`${n} compounds cannot hold ${elevators} elevator renovations`);
  return counts.flatMap(([p, c]) => Array<Phase>(c).fill(p));
}

/** Split `total` into `n` integers that differ by a deterministic ±30 % and sum exactly to it. */
function spread(total: number, n: number, rand: () => number): number[] {
  const weights = Array.from({ length: n }, () => 0.7 + rand() * 0.6);
  const sum = weights.reduce((s, w) => s + w, 0);
  const out = weights.map((w) => Math.max(1, Math.floor((total * w) / sum)));
  let left = total - out.reduce((s, x) => s + x, 0);
  for (let i = 0; left !== 0; i = (i + 1) % n) {
    const step = left > 0 ? 1 : out[i] > 1 ? -1 : 0;
    out[i] += step;
    left -= step;
  }
  return out;
}

/**
 * Add compounds (one whole-compound round each) until the database holds `scale`: its compounds,
 * households, floor area and adopted elevator renovations, counting what is already there.
 */
export function buildCity(
  db: Database.Database,
  scale: CityScale,
  o: { now: number; receiptKey: string },
) {
  const have = db
    .prepare(
      `SELECT (SELECT COUNT(*) FROM "Compound") AS compounds, (SELECT COUNT(*) FROM "Household") AS households,
        (SELECT COALESCE(SUM("areaCenti"), 0) FROM "Household") AS area,
        (SELECT "id" FROM "Account" WHERE "role" = 'street_office' ORDER BY "id" LIMIT 1) AS creator,
        -- adopted rounds whose winner builds an elevator, as the dashboard counts them
        (SELECT COUNT(*) FROM "Round" r JOIN "OptionVersion" v ON v."optionId" = r."winnerOptionId"
           AND v."status" = 'approved' JOIN "OptionVersionNeed" vn ON vn."versionId" = v."id"
           JOIN "Need" n ON n."id" = vn."needId"
         WHERE r."phase" IN ('ADOPTED', 'CONSTRUCTION') AND n."catalogueKey" = 'elevator') AS elevators`,
    )
    .get() as {
    compounds: number;
    households: number;
    area: number;
    creator: number | null;
    elevators: number;
  };
  const compounds = scale.compounds - have.compounds;
  const households = scale.households - have.households;
  const area = scale.areaM2 * 100 - have.area;
  if (compounds <= 0 || households < compounds * 12)
    throw new Error(
      `the database already holds ${have.compounds} compounds, ${have.households} households`,
    );
  const ctx = cityContext(db, { ...o, createdById: have.creator ?? 1 });
  const run = db.transaction(() => {
    const communities = cityCommunities(ctx);
    const sizes = spread(households, compounds, ctx.rand);
    const areas = spread(area, households, ctx.rand);
    const plan = phasePlan(compounds, scale.elevators);
    let next = 0;
    let elevators = 0;
    for (let i = 0; i < compounds; i++) {
      const word = COMPOUND_WORDS[i % COMPOUND_WORDS.length];
      const block = Math.floor(i / COMPOUND_WORDS.length) + 1;
      const compound = insertCompound(
        ctx,
        communities[i % communities.length],
        `${word}小区${block}区`,
        `${word} Compound ${block}`,
        areas.slice(next, next + sizes[i]),
      );
      next += sizes[i];
      const phase = plan[i];
      const adopted = phase === "ADOPTED" || phase === "CONSTRUCTION";
      const elevator = adopted && have.elevators + elevators < scale.elevators;
      if (elevator) elevators++;
      // tallied rounds closed across the last three years, so the dashboard's year filter has work
      const closedAt =
        phase === "TASTING"
          ? o.now + 5 * DAY
          : phase === "CLOSED"
            ? o.now - 3 * DAY
            : adopted || phase === "FAILED"
              ? o.now - (20 + ((i * 37) % 1000)) * DAY
              : o.now + 40 * DAY;
      insertRound(ctx, compound, `${word}小区${block}区老旧小区改造`, {
        phase,
        turnout: phase === "FAILED" ? 0.4 : phase === "TASTING" ? 0.5 : 0.8,
        options: 3,
        elevator,
        closedAt,
      });
    }
    return { compounds, households, elevators };
  });
  return run();
}

/** `npm run db:seed -- --city`: top the freshly seeded demo in `databaseUrl` up to the city's scale. */
export function seedCity(databaseUrl: string, now: number, receiptKey: string) {
  const db = new Database(databaseUrl.replace(/^file:/, ""));
  db.pragma("journal_mode = WAL");
  db.pragma("synchronous = FULL");
  try {
    const t0 = Date.now();
    const built = buildCity(db, CITY_SCALE, { now, receiptKey });
    const total = db
      .prepare(`SELECT COUNT(*) AS households, SUM("areaCenti") / 100 AS m2 FROM "Household"`)
      .get() as { households: number; m2: number };
    console.log(
      `city scale: +${built.compounds} compounds (${built.elevators} elevator renovations), ${total.households} households, ${Math.round(total.m2)} m² in ${Date.now() - t0} ms`,
    );
  } finally {
    db.close();
  }
}
