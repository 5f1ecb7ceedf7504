// Demo owners (docs/product.md §8, issue 18): every flat of the demo has its owner on the roster, with
// a certificate number and an ID number kept as a keyed hash and its last 4 characters. In 乐园小区
// each rule shows: an owner of two flats, a co-owned flat, the developer's unsold flats, a tenant
// bound as an occupant, and a proxy (委托投票) for the round being scored. ID and certificate
// numbers and the owners' phones are drawn from a random stream of their own (fixed seed, so two
// seeds give the same rows): nothing is derivable from a flat's id (a tenant sees the id in
// forms), and nothing here draws from the seed's main stream, so every other row stays as it was.
import { createHash } from "node:crypto";
import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { db } from "~/db.server";
import { idCheckCharacter, idTailOf } from "~/domain/owners";
import { idHashOf } from "~/models/owner.server";
import { hashPassword } from "~/lib/password.server";
import { PRIVATE_UPLOAD_DIR } from "~/utils/uploads.server";

type Flat = { id: number; compound: string; address: string; ownerName: string };

// mulberry32: a small PRNG, seeded apart from the seed's main stream
let state = 0x5eed0a11;
function random() {
  state = (state + 0x6d2b79f5) | 0;
  let t = Math.imul(state ^ (state >>> 15), 1 | state);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}
/** An integer in [min, max). */
const randomInt = (min: number, max: number) => min + Math.floor(random() * (max - min));
const digits = (n: number) => Array.from({ length: n }, () => randomInt(0, 10)).join("");

/** A made-up but well-formed random ID number (18 characters, its check character right). */
export function demoIdNumber(): string {
  const birth = `${randomInt(1940, 1990)}0${randomInt(1, 10)}${randomInt(10, 29)}`;
  const first17 = `370902${birth}${digits(3)}`;
  return `${first17}${idCheckCharacter(first17)}`;
}

/** A random demo certificate number (one owner's title to one flat). */
export const demoCertificate = () => `鲁(20${randomInt(10, 22)})泰安市不动产权第${digits(7)}号`;

/** A random mainland mobile number: the owner's own contact in the property register. */
export const demoPhone = () => `1${randomInt(3, 10)}${digits(9)}`;

// 乐园小区's flats that show the rules, by address
export const DEMO_FLATS = {
  twoFlats: ["5号楼1单元301", "5号楼1单元302"],
  coOwned: "5号楼1单元401",
  developer: ["10号楼3单元601", "10号楼3单元602"],
  tenant: "5号楼2单元101",
  proxied: "5号楼2单元201",
} as const;
const LEYUAN = "乐园小区";

async function flats(): Promise<Flat[]> {
  const rows = await db.household.findMany({
    orderBy: { id: "asc" },
    select: {
      id: true,
      room: true,
      ownerName: true,
      unit: { select: { name: true, building: { select: { name: true, compoundId: true } } } },
    },
  });
  const compounds = new Map(
    (await db.compound.findMany({ select: { id: true, name: true } })).map((c) => [c.id, c.name]),
  );
  return rows.map((h) => ({
    id: h.id,
    compound: compounds.get(h.unit.building.compoundId)!,
    address: `${h.unit.building.name}${h.unit.name}${h.room}`,
    ownerName: h.ownerName,
  }));
}

/**
 * The flats the demo's proxy (`daili`) and the owner of two flats (`yezhu`) vote for are left
 * without a seeded ballot: a ballot the seed writes is cast in a stand-in's name, which a proxy
 * may not replace (decision 029) and the owner would be asked to confirm replacing (decision
 * 039); the newcomer following the README casts as either without that.
 */
export async function flatsLeftUnvoted(): Promise<Set<number>> {
  const left = new Set<string>([DEMO_FLATS.proxied, ...DEMO_FLATS.twoFlats]);
  return new Set(
    (await flats()).filter((f) => f.compound === LEYUAN && left.has(f.address)).map((f) => f.id),
  );
}

/** Owners for every flat, made right after the places so snapshots taken later see them. */
export async function seedOwners(createdAt: Date) {
  state = 0x5eed0a11;
  const all = await flats();
  const compoundIds = new Map(
    (await db.compound.findMany({ select: { id: true, name: true } })).map((c) => [c.name, c.id]),
  );
  const leyuan = new Map(all.filter((f) => f.compound === LEYUAN).map((f) => [f.address, f]));
  const special = new Set<number>(
    [...DEMO_FLATS.twoFlats, DEMO_FLATS.coOwned, ...DEMO_FLATS.developer].map(
      (a) => leyuan.get(a)!.id,
    ),
  );
  const person = (compoundId: number, name: string) => {
    const idNumber = demoIdNumber();
    return {
      compoundId,
      kind: "person",
      name,
      idHash: idHashOf(idNumber),
      idTail: idTailOf(idNumber),
      phone: demoPhone(),
      createdAt,
    };
  };
  // one owner per ordinary flat, in flat order: owner n holds flat n's certificate
  const ordinary = all.filter((f) => !special.has(f.id));
  const owners = await db.owner.createManyAndReturn({
    data: ordinary.map((f) => person(compoundIds.get(f.compound)!, f.ownerName)),
    select: { id: true },
  });
  await db.ownership.createMany({
    data: ordinary.map((f, i) => ({
      ownerId: owners[i].id,
      householdId: f.id,
      certificateNo: demoCertificate(),
      createdAt,
    })),
  });
  const compoundId = compoundIds.get(LEYUAN)!;
  const own = async (owner: { id: number }, flat: Flat, name: string): Promise<void> => {
    await db.ownership.create({
      data: {
        ownerId: owner.id,
        householdId: flat.id,
        certificateNo: demoCertificate(),
        createdAt,
      },
    });
    await db.household.update({ where: { id: flat.id }, data: { ownerName: name } });
  };
  // one owner, two flats: one head with both areas
  const [a, b] = DEMO_FLATS.twoFlats.map((x) => leyuan.get(x)!);
  const liu = await db.owner.create({ data: person(compoundId, "刘建国") });
  await own(liu, a, "刘建国");
  await own(liu, b, "刘建国");
  // a flat of husband and wife: two owners, one head; either one's factor binds an owner
  const co = leyuan.get(DEMO_FLATS.coOwned)!;
  const husband = await db.owner.create({ data: person(compoundId, "陈志强") });
  const wife = await db.owner.create({ data: person(compoundId, "周丽华") });
  await own(husband, co, "陈志强、周丽华");
  await own(wife, co, "陈志强、周丽华");
  // the developer's unsold flats: one head, and no ID number
  const developer = await db.owner.create({
    data: { compoundId, kind: "developer", name: "泰安乐园房地产开发有限公司", createdAt },
  });
  for (const address of DEMO_FLATS.developer) {
    const f = leyuan.get(address)!;
    await own(developer, f, "泰安乐园房地产开发有限公司");
    await db.household.update({ where: { id: f.id }, data: { areaSource: "survey" } });
  }
}

// a 1×1 light PNG stands in for the photo of the signed authorisation form: bytes of its own (the
// public placeholder photos are grey) and a name /uploads never serves (a photo stored there has a
// bare hex name), so that no public file is this private one
const FORM_PHOTO = Buffer.from(
  "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAAAAAA6fptVAAAACklEQVR4nGP4CgAA9wD2pcVpyAAAAABJRU5ErkJggg==",
  "base64",
);

/**
 * The demo's owner, tenant and proxy accounts, made last so every other account keeps its id:
 * 业主 yezhu (two flats), 租户 zuhu (an occupant: takes part, does not score) and 代理 daili (lives in
 * an elderly owner's flat as family, and holds the owner's written proxy for the round scored now).
 */
export async function seedOwnerAccounts(input: {
  roundId: number;
  workerId: number;
  expiresAt: Date;
  at: Date;
  password: string;
}) {
  const leyuan = new Map(
    (await flats()).filter((f) => f.compound === LEYUAN).map((f) => [f.address, f]),
  );
  const passwordHash = await hashPassword(input.password);
  const account = (username: string, displayName: string) =>
    db.account.create({
      data: { username, displayName, role: "resident", passwordHash, createdAt: input.at },
    });
  const bind = async (accountId: number, address: string, relation: "owner" | "occupant") => {
    const flat = leyuan.get(address)!;
    const code = await db.householdCode.findFirstOrThrow({
      where: { householdId: flat.id, usedAt: null },
      orderBy: { id: "asc" },
    });
    await db.householdCode.update({
      where: { id: code.id },
      data: { usedAt: input.at, usedById: accountId },
    });
    const owner =
      relation === "owner"
        ? await db.ownership.findFirstOrThrow({ where: { householdId: flat.id } })
        : null;
    await db.membership.create({
      data: {
        accountId,
        householdId: flat.id,
        codeId: code.id,
        boundAt: input.at,
        relation,
        ownerId: owner?.ownerId ?? null,
      },
    });
    return flat;
  };
  const yezhu = await account("yezhu", "刘建国（业主，两套房）");
  for (const address of DEMO_FLATS.twoFlats) await bind(yezhu.id, address, "owner");
  const zuhu = await account("zuhu", "租户 小马");
  await bind(zuhu.id, DEMO_FLATS.tenant, "occupant");
  const daili = await account("daili", "孙女 王小雨（受托人）");
  const proxied = await bind(daili.id, DEMO_FLATS.proxied, "occupant");
  const owner = await db.ownership.findFirstOrThrow({ where: { householdId: proxied.id } });
  const name = `proxy-form-${createHash("md5").update(FORM_PHOTO).digest("hex")}.png`;
  await mkdir(PRIVATE_UPLOAD_DIR, { recursive: true });
  await writeFile(path.join(PRIVATE_UPLOAD_DIR, name), FORM_PHOTO);
  const proxy = await db.proxyAuthorisation.create({
    data: {
      roundId: input.roundId,
      ownerId: owner.ownerId,
      householdId: proxied.id,
      proxyName: "王小雨",
      proxyAccountId: daili.id,
      photoPath: name,
      photoMime: "image/png",
      photoBytes: FORM_PHOTO.length,
      expiresAt: input.expiresAt,
      recordedById: input.workerId,
      createdAt: input.at,
    },
  });
  await db.auditLog.create({
    data: {
      actorId: input.workerId,
      action: "proxy.record",
      entity: "ProxyAuthorisation",
      entityId: proxy.id,
      roundId: input.roundId,
      at: input.at,
      after: JSON.stringify({
        ownerId: owner.ownerId,
        householdId: proxied.id,
        proxyName: "王小雨",
      }),
    },
  });
}
