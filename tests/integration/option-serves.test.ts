import { describe, expect, it } from "vitest";
import { db } from "~/db.server";
import { residentShares, reviewVersion } from "~/models/option.server";
import { action as cook, loader as cookLoader } from "~/routes/cook";
import { loader as optionPage } from "~/routes/option";
import { loader as reviseLoader } from "~/routes/revise";
import { auditCount, buildAccount, buildCompound, buildRound } from "#tests/fixtures";
import { cookieFor } from "#tests/fixtures/session";

// The designer chooses whom an option and each BoQ line serve (issue 12, "cost shares over the
// households an item serves"), through the option editor's form: only places of the round's
// scope, and a line serving building 2 costs building 1's households nothing.

type Row = { item: string; unit: string; quantity: string; price: string; serves: string };

async function world(scope?: "units") {
  // two buildings of two units, 3 floors × 2 flats: 24 households of 80 m² each
  const place = await buildCompound({ buildings: 2, units: 2, floors: 3, perFloor: 2 });
  const other = await buildCompound({ buildings: 1 });
  const [b1, b2] = place.buildings;
  const { round } = await buildRound(place.compound.id, {
    phase: "COOKING",
    menuFrozen: true,
    scope: scope === "units" ? { unitIds: [b1.units[0].id, b2.units[0].id] } : undefined,
  });
  const need = await db.need.create({
    data: { roundId: round.id, category: "basic", title: "加装电梯", description: "2号楼老人多" },
  });
  const designer = await buildAccount("expert", { disciplines: ["design"] });
  const auditor = await buildAccount("expert", { disciplines: ["audit"] });
  return { place, other, b1, b2, round, need, designer, auditor };
}

/** The editor's form as a browser posts it: one select per row, checkboxes for the option. */
async function post(
  w: Awaited<ReturnType<typeof world>>,
  rows: Row[],
  opts: { serves?: string[]; residentsYuan: string },
) {
  const form = new FormData();
  form.set("csrf", "t");
  form.set("intent", "save");
  form.set("title", "外墙＋2号楼电梯");
  form.set("description", "");
  form.set("durationDays", "90");
  form.append("needIds", String(w.need.id));
  for (const r of [...rows, { item: "", unit: "", quantity: "", price: "", serves: "" }]) {
    form.append("item", r.item);
    form.append("unit", r.unit);
    form.append("quantity", r.quantity);
    form.append("price", r.price);
    form.append("lineServes", r.serves);
  }
  for (const s of opts.serves ?? []) form.append("serves", s);
  form.set("fund_residents", opts.residentsYuan);
  form.set("shareMethod", "area");
  const request = new Request(`http://localhost/rounds/${w.round.id}/cook`, {
    method: "POST",
    headers: { Cookie: await cookieFor(w.designer.id), Origin: "http://localhost" },
    body: form,
  });
  return cook({ request, params: { roundId: String(w.round.id) }, context: {} } as never);
}

const walls = (serves = ""): Row => ({
  item: "外墙保温",
  unit: "m²",
  quantity: "100",
  price: "24",
  serves,
});
const lift = (serves: string): Row => ({
  item: "2号楼加装电梯",
  unit: "台",
  quantity: "1",
  price: "1200",
  serves,
});

async function answer(r: unknown) {
  const init = (r as { init?: { status?: number }; data?: unknown }).init;
  return { status: init?.status ?? 200, data: (r as { data: unknown }).data };
}

describe("whom an option and its lines serve, chosen in the option editor", () => {
  it("a line serving building 2 costs building 1's households nothing on their share", async () => {
    const w = await world();
    const res = (await post(w, [walls(), lift(`b:${w.b2.id}`)], {
      residentsYuan: "3600",
    })) as Response;
    expect(res.status).toBe(302);
    const version = await db.optionVersion.findFirstOrThrow({
      where: { option: { roundId: w.round.id } },
      include: { lines: { orderBy: { position: "asc" } } },
    });
    expect(version.lines.map((l) => l.serves)).toEqual([
      null,
      JSON.stringify({ buildingIds: [w.b2.id], unitIds: [] }),
    ]);
    expect(version.serves).toBeNull();
    await reviewVersion(version.id, "approved", null, w.auditor);

    // 2,400 yuan of walls over all 24 flats (100 yuan each), 1,200 of lift over building 2's 12
    const { shares } = await residentShares(version.id);
    for (const h of w.place.households)
      expect(shares.get(h.id), `household ${h.id}`).toBe(
        h.buildingId === w.b1.id ? 10_000 : 20_000,
      );

    // the public option page says whom each line serves, by name
    const page = await optionPage({
      request: new Request(`http://localhost/rounds/${w.round.id}/options/${version.optionId}`),
      params: { roundId: String(w.round.id), optionId: String(version.optionId) },
    } as never);
    expect(page.option.versions[0].lines.map((l) => l.serves)).toEqual([
      null,
      { buildingIds: [w.b2.id], unitIds: [] },
    ]);
    expect(page.option.places.map((p) => [p.name, p.whole, p.units.length])).toEqual([
      ["1号楼", true, 2],
      ["2号楼", true, 2],
    ]);

    // revising starts from what was chosen
    const revise = await reviseLoader({
      request: new Request(
        `http://localhost/rounds/${w.round.id}/options/${version.optionId}/revise`,
        {
          headers: { Cookie: await cookieFor(w.designer.id) },
        },
      ),
      params: { roundId: String(w.round.id), optionId: String(version.optionId) },
    } as never);
    expect(revise.values.rows.map((r) => r.serves)).toEqual(["", `b:${w.b2.id}`]);
  });

  it("the option's own choice (a unit) spreads the residents' part over that unit only", async () => {
    const w = await world();
    const unit = w.b1.units[1];
    const res = (await post(w, [walls()], {
      serves: [`u:${unit.id}`],
      residentsYuan: "2400",
    })) as Response;
    expect(res.status).toBe(302);
    const version = await db.optionVersion.findFirstOrThrow({
      where: { option: { roundId: w.round.id } },
    });
    expect(version.serves).toBe(JSON.stringify({ buildingIds: [], unitIds: [unit.id] }));
    const { shares } = await residentShares(version.id);
    // 6 flats share 2,400 yuan: 400 each; nobody else pays
    for (const h of w.place.households)
      expect(shares.get(h.id)).toBe(h.unitId === unit.id ? 40_000 : 0);
  });

  it("refuses a place outside the round's scope, or a malformed one, saying why; nothing is saved", async () => {
    const w = await world("units");
    const options = () => db.designOption.count({ where: { roundId: w.round.id } });
    const audits = () => auditCount({ roundId: w.round.id });
    const before = [await options(), await audits()];

    // the cook page offers the units in scope only, no whole building
    const view = await cookLoader({
      request: new Request(`http://localhost/rounds/${w.round.id}/cook`, {
        headers: { Cookie: await cookieFor(w.designer.id) },
      }),
      params: { roundId: String(w.round.id) },
    } as never);
    expect(view.view.places.map((p) => [p.whole, p.units.map((u) => u.id)])).toEqual([
      [false, [w.b1.units[0].id]],
      [false, [w.b2.units[0].id]],
    ]);

    const outside = [
      // a unit of the compound, not of the scope
      { rows: [walls(), lift(`u:${w.b2.units[1].id}`)], residentsYuan: "3600" },
      // another compound's building
      { rows: [walls(`b:${w.other.buildings[0].id}`)], residentsYuan: "2400" },
      // a building only partly in scope
      { rows: [walls()], serves: [`b:${w.b1.id}`], residentsYuan: "2400" },
    ];
    for (const o of outside) {
      const r = await answer(await post(w, o.rows, o));
      expect(r.status).toBe(400);
      expect(r.data).toMatchObject({ form: "errors.serves_outside_scope" });
    }
    const bad = await answer(await post(w, [walls("b:abc")], { residentsYuan: "2400" }));
    expect(bad.status).toBe(400);
    expect(bad.data).toMatchObject({ errors: { lines: "errors.serves_invalid" } });
    const badOption = await answer(
      await post(w, [walls()], { serves: ["x:1"], residentsYuan: "2400" }),
    );
    expect(badOption.data).toMatchObject({ errors: { serves: "errors.serves_invalid" } });
    // the form comes back as typed, with the line's choice
    expect(bad.data).toMatchObject({ values: { rows: [{ serves: "b:abc" }, { serves: "" }] } });
    expect([await options(), await audits()]).toEqual(before);

    // a unit in scope is accepted
    const ok = (await post(w, [walls(`u:${w.b2.units[0].id}`)], {
      residentsYuan: "2400",
    })) as Response;
    expect(ok.status).toBe(302);
    expect(await options()).toBe(before[0] + 1);
  });
});
