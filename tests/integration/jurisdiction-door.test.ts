import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { db } from "~/db.server";
import type { Role } from "~/domain/round-lifecycle";
import { staffRounds } from "~/models/account.server";
import {
  devicesOfStreet,
  offlineChoices,
  registerDevice,
  revokeDevice,
} from "~/models/offline.server";
import { inPersonChoices } from "~/models/owner-claim.server";
import { resettableMembers } from "~/models/password-reset.server";
import { trialSetup } from "~/models/property-trial.server";
import { proxiesOfRound } from "~/models/proxy.server";
import { requireRoundStaff } from "~/models/quorum.server";
import { serviceSettings } from "~/models/repair-service.server";
import { deskQueue, desksOf, escalatedFor, requireInspector } from "~/models/repair.server";
import { rosterOf } from "~/models/roster.server";
import { requireCompoundAndScope } from "~/models/round-setup.server";
import { buildAccount, buildCompound, buildRound } from "#tests/fixtures";
import { placeComparisons, scanDomain, scanModels, scanModule } from "#tests/jurisdiction-scan";

// One jurisdiction door (issue 30): staffRight in domain/authorization.ts answers "may this staff
// member act here?"; the models ask it through models/jurisdiction.server.ts and never compare a
// communityId or streetId themselves.

const root = process.cwd();

describe("the door, read from the source", () => {
  const functions = scanModels(root);

  it("lists the model functions that take an actor", () => {
    const names = functions.map((f) => `${f.module.replace("app/models/", "")}#${f.name}`);
    // the ones the issue named, and the lists that filter by the actor's place
    for (const known of [
      "repair.server.ts#requireInspector",
      "repair.server.ts#deskQueue",
      "repair.server.ts#escalatedFor",
      "repair.server.ts#desksOf",
      "roster.server.ts#checkMayImportRoster",
      "repair-service.server.ts#setService",
      "round-setup.server.ts#createRound",
      "password-reset.server.ts#issuePasswordReset",
      "property-trial.server.ts#openTrialMotion",
      "trial-motion.server.ts#createTrialMotion",
      "offline.server.ts#revokeDevice",
      "offline.server.ts#offlineChoices",
      "account.server.ts#staffRounds",
    ])
      expect(names).toContain(known);
    expect(functions.length).toBeGreaterThan(80);
  });

  it("no model function that takes an actor decides jurisdiction itself", () => {
    const bypassing = functions
      .filter((f) => f.bypasses.length > 0)
      .map((f) => `${f.module}#${f.name}: ${f.bypasses.join("; ")}`);
    expect(bypassing).toEqual([]);
  });

  it("no domain rule compares places outside the door", () => {
    expect(scanDomain(root)).toEqual([]);
  });

  it("would notice a bypass: a comparison, in a helper too, or a filter by the actor's place", () => {
    const source = `
      async function requireMine(compound, actor: ActorRef) {
        if (actor.communityId !== compound.communityId) throw new Error("no");
      }
      export async function inline(id: number, actor: ActorRef) {
        const c = await load(id);
        if (c.community.streetId != actor.streetId) throw new Error("no");
      }
      export async function throughHelper(id: number, actor: ActorRef) {
        await requireMine(await load(id), actor);
      }
      export async function mine(account: { role: string; communityId: number | null }) {
        return db.compound.findMany({ where: { communityId: account.communityId ?? -1 } });
      }
      export async function fine(id: number, actor: ActorRef) {
        requireStaffOf(actor, await placeOfCompound(tx, id));
        return { id, communityId: actor.communityId ?? null };
      }
      export async function notAnActor(id: number) {
        return id;
      }`;
    const found = Object.fromEntries(
      scanModule("x.server.ts", source).map((f) => [f.name, f.bypasses.length > 0]),
    );
    expect(found).toEqual({ inline: true, throughHelper: true, mine: true, fine: false });
    expect(
      placeComparisons("d.ts", "const ok = (a, p) => a.streetId === p.streetId;"),
    ).toHaveLength(1);
  });
});

/** A compound, its own staff, and staff of a neighbouring community and of another street. */
async function setting() {
  const c = await buildCompound({ floors: 2, perFloor: 1 });
  const elsewhere = await buildCompound({ floors: 1, perFloor: 1 });
  const neighbourhood = await db.community.create({
    data: { streetId: c.street.id, name: "邻居社区", nameEn: "Next door" },
  });
  const { round } = await buildRound(c.compound.id, { phase: "TASTING", options: 1 });
  const staff = {
    worker: await buildAccount("community_worker", { communityId: c.community.id }),
    office: await buildAccount("street_office", { streetId: c.street.id }),
    neighbourWorker: await buildAccount("community_worker", { communityId: neighbourhood.id }),
    otherWorker: await buildAccount("community_worker", { communityId: elsewhere.community.id }),
    otherOffice: await buildAccount("street_office", { streetId: elsewhere.street.id }),
  };
  return { ...c, round, staff };
}

type Staff = Awaited<ReturnType<typeof setting>>["staff"];
type Who = keyof Staff;
const OUTSIDE: Who[] = ["neighbourWorker", "otherWorker", "otherOffice"];

describe("the door, asked by every guarded model function", () => {
  const refused = { code: "reason_outside_jurisdiction", status: 403 };

  // each: what it does with the compound's ids, and which of the own staff it admits
  const guarded: [string, Who[], (s: Awaited<ReturnType<typeof setting>>, who: Who) => unknown][] =
    [
      ["the roster", ["worker"], (s, w) => rosterOf(s.compound.id, s.staff[w])],
      ["repair service settings", ["office"], (s, w) => serviceSettings(s.compound.id, s.staff[w])],
      ["patrol findings", ["worker"], (s, w) => requireInspector(s.compound.id, s.staff[w])],
      ["the desk queue", ["worker", "office"], (s, w) => deskQueue(s.compound.id, s.staff[w])],
      [
        "a round's compound and scope",
        ["office"],
        (s, w) =>
          db.$transaction((tx) => requireCompoundAndScope(tx, s.compound.id, {}, s.staff[w])),
      ],
      ["password resets", ["worker"], (s, w) => resettableMembers(s.households[0].id, s.staff[w])],
      [
        "in-person owner check",
        ["worker"],
        (s, w) => inPersonChoices(s.households[0].id, s.staff[w]),
      ],
      ["a property trial", ["worker", "office"], (s, w) => trialSetup(s.compound.id, s.staff[w])],
      ["a round's proxies", ["worker", "office"], (s, w) => proxiesOfRound(s.round.id, s.staff[w])],
      ["the door list", ["worker", "office"], (s, w) => requireRoundStaff(s.round.id, s.staff[w])],
    ];

  it.each(guarded)("%s: own staff of the right role only", async (_, admitted, act) => {
    const s = await setting();
    for (const who of admitted) await act(s, who);
    for (const who of [
      ...OUTSIDE,
      ...(["worker", "office"] as Who[]).filter((w) => !admitted.includes(w)),
    ])
      await expect(act(s, who), who).rejects.toMatchObject(refused);
  });

  it("a lost phone is revoked by its worker's street office only", async () => {
    const s = await setting();
    const deviceId = randomUUID();
    await registerDevice(deviceId, "测试手机", s.staff.worker);
    for (const who of ["otherOffice", "worker", "neighbourWorker"] as Who[])
      await expect(revokeDevice(deviceId, s.staff[who]), who).rejects.toMatchObject({
        code: "device_unknown",
      });
    expect((await devicesOfStreet(s.staff.otherOffice)).map((d) => d.id)).not.toContain(deviceId);
    expect((await devicesOfStreet(s.staff.office)).map((d) => d.id)).toContain(deviceId);
    expect((await revokeDevice(deviceId, s.staff.office)).revokedAt).not.toBeNull();
  });

  it("lists show staff their own place's compounds, rounds and tickets only", async () => {
    const s = await setting();
    await db.repairTicket.create({
      data: {
        compoundId: s.compound.id,
        householdId: s.households[0].id,
        reporterId: s.staff.worker.id,
        source: "resident",
        category: "water",
        urgency: "ordinary",
        placeKind: "flat",
        text: "漏水",
        status: "reported",
        escalationLevel: 2,
        answerDueAt: new Date(0),
        fixDueAt: new Date(0),
      },
    });
    const sees = async (who: Who) => {
      const staff = s.staff[who];
      const a = {
        ...staff,
        role: staff.role as Role,
        streetId: staff.streetId ?? null,
        communityId: staff.communityId ?? null,
        displayName: staff.username,
        disciplines: [],
        householdIds: [],
      };
      const rounds = (await staffRounds(a)).rounds.map((r) => r.id);
      const desks = (await desksOf(a)).map((d) => d.id);
      const tickets = (await escalatedFor(a)).map((t) => t.compoundId);
      const units = (await offlineChoices(a)).map((c) => c.round.id);
      return {
        rounds: rounds.includes(s.round.id),
        desks: desks.includes(s.compound.id),
        tickets: tickets.includes(s.compound.id),
        offline: units.includes(s.round.id),
      };
    };
    expect(await sees("worker")).toEqual({
      rounds: true,
      desks: true,
      tickets: true,
      offline: true,
    });
    expect(await sees("office")).toEqual({
      rounds: true,
      desks: true,
      tickets: true,
      offline: false,
    });
    for (const who of OUTSIDE)
      expect(await sees(who), who).toEqual({
        rounds: false,
        desks: false,
        tickets: false,
        offline: false,
      });
  });
});
