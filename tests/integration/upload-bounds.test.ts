// Uploaded tables and photos through the routes (issue 27): rights first — no byte of the body is read for
// a compound or round that does not exist or is not the uploader's — then the file's bounds
// (a cell in column XFD, a zip bomb, a CSV of a million lines) refused with a localised message
// before any row is built, in a worker thread, with nothing changed and this process's memory
// where it was.
import { readdir } from "node:fs/promises";
import { describe, expect, it } from "vitest";
import { db } from "~/db.server";
import { action as cook } from "~/routes/cook";
import { action as register } from "~/routes/register";
import { action as revise } from "~/routes/revise";
import { action as roster } from "~/routes/roster";
import { action as work } from "~/routes/work";
import { UPLOAD_DIR } from "~/utils/uploads.server";
import { pngDeclaring, webpDeclaring } from "#tests/fixtures/images";
import { auditCount, buildAccount, buildCompound, buildRound } from "#tests/fixtures";
import { cookieFor } from "#tests/fixtures/session";
import { bombXlsx, farColumnXlsx, millionLineCsv } from "#tests/fixtures/spreadsheets";

type Act = (args: never) => unknown;
type Answer = { status: number; data?: { form?: string; errors?: Record<string, string> } };

async function answer(act: Act, request: Request, params: Record<string, string>) {
  try {
    const r = (await act({ request, params, context: {} } as never)) as
      Response | { init?: { status?: number }; data?: Answer["data"] };
    return r instanceof Response
      ? { status: r.status }
      : { status: r.init?.status ?? 200, data: r.data };
  } catch (e) {
    if (e instanceof Response) return { status: e.status };
    throw e;
  }
}

/** POST a multipart form with `file` under `field` to a route action as `as`. */
async function upload(
  act: Act,
  url: string,
  as: number,
  field: string,
  file: File,
  params: Record<string, string>,
  fields: Record<string, string> = {},
): Promise<Answer> {
  const form = new FormData();
  form.set("csrf", "t");
  for (const [k, v] of Object.entries(fields)) form.set(k, v);
  form.set(field, file);
  const request = new Request(`http://localhost${url}`, {
    method: "POST",
    headers: { Cookie: await cookieFor(as), Origin: "http://localhost" },
    body: form,
  });
  return answer(act, request, params);
}

/** A POST whose body records whether anything read it (and would be a zip bomb if read). */
async function unreadPost(url: string, as: number) {
  let pulled = false;
  const body = new ReadableStream<Uint8Array>(
    {
      pull(controller) {
        pulled = true;
        controller.enqueue(new Uint8Array(bombXlsx(40)));
        controller.close();
      },
      // nothing is pulled before someone reads
    },
    { highWaterMark: 0 },
  );
  const request = new Request(`http://localhost${url}`, {
    method: "POST",
    headers: {
      Cookie: await cookieFor(as),
      Origin: "http://localhost",
      "Content-Type": "multipart/form-data; boundary=x",
    },
    body,
    duplex: "half",
  } as RequestInit);
  return { request, pulled: () => pulled };
}

const xlsx = (bytes: Buffer, name = "登记簿.xlsx") => new File([new Uint8Array(bytes)], name);

describe("the register and roster imports", () => {
  it("check the compound and the worker's rights before reading a byte of the upload", async () => {
    const { compound } = await buildCompound();
    const other = await buildCompound();
    const stranger = await buildAccount("community_worker", { communityId: other.community.id });
    for (const [act, path] of [
      [register, "register"],
      [roster, "households"],
    ] as const) {
      const missing = await unreadPost(`/compounds/999999/${path}`, stranger.id);
      expect(await answer(act, missing.request, { compoundId: "999999" })).toEqual({ status: 404 });
      expect(missing.pulled()).toBe(false);
      const notTheirs = await unreadPost(`/compounds/${compound.id}/${path}`, stranger.id);
      const params = { compoundId: String(compound.id) };
      expect(await answer(act, notTheirs.request, params)).toEqual({ status: 403 });
      expect(notTheirs.pulled()).toBe(false);
    }
  });

  it("refuse a 3 KB sheet with a cell in column XFD and a zip bomb, changing nothing, memory kept", async () => {
    const { compound, community } = await buildCompound();
    const worker = await buildAccount("community_worker", { communityId: community.id });
    const params = { compoundId: String(compound.id) };
    const counts = async () => [await db.owner.count(), await auditCount()];
    const before = await counts();
    global.gc?.();
    const heap = process.memoryUsage().heapUsed;
    const started = Date.now();
    for (const file of [xlsx(farColumnXlsx(200)), xlsx(bombXlsx(64, 1000), "炸弹.xlsx")])
      expect(
        await upload(
          register,
          `/compounds/${compound.id}/register`,
          worker.id,
          "file",
          file,
          params,
        ),
      ).toEqual({ status: 400, data: { errors: {}, form: "errors.table_too_big", lines: [] } });
    const roster1m = new File([new Uint8Array(millionLineCsv())], "roster.csv");
    expect(
      await upload(
        roster,
        `/compounds/${compound.id}/households`,
        worker.id,
        "csv",
        roster1m,
        params,
      ),
    ).toEqual({ status: 400, data: { errors: {}, form: "errors.table_too_big", lines: [] } });
    const took = Date.now() - started;
    global.gc?.();
    const grown = process.memoryUsage().heapUsed - heap;
    // measured, not asserted against a clock: the bounds did the work (the messages above)
    console.info(
      `three refused uploads: ${took} ms, this thread's heap ${(grown / 1e6).toFixed(1)} MB`,
    );
    expect(grown).toBeLessThan(64 * 1024 * 1024);
    expect(await counts()).toEqual(before);
    expect(
      await db.household.count({ where: { unit: { building: { compoundId: compound.id } } } }),
    ).toBeGreaterThan(0);
  });
});

describe("the bill of quantities import", () => {
  it("refuses a sheet with a cell in column XFD on the form as typed, and any round not theirs first", async () => {
    const { compound } = await buildCompound();
    const { round } = await buildRound(compound.id, { phase: "COOKING", menuFrozen: true });
    const designer = await buildAccount("expert", { disciplines: ["design"] });
    const lines = await db.boqLine.count();
    const r = await upload(
      cook,
      `/rounds/${round.id}/cook`,
      designer.id,
      "boqFile",
      xlsx(farColumnXlsx(200), "清单.xlsx"),
      { roundId: String(round.id) },
      { intent: "import", title: "外墙" },
    );
    expect(r.status).toBe(400);
    expect(r.data?.errors).toEqual({ boqFile: "errors.table_too_big" });
    expect(await db.boqLine.count()).toBe(lines);
    const missing = await unreadPost(`/rounds/999999/cook`, designer.id);
    expect(await answer(cook, missing.request, { roundId: "999999" })).toEqual({ status: 404 });
    expect(missing.pulled()).toBe(false);
    const noOption = await unreadPost(`/rounds/${round.id}/options/999999/revise`, designer.id);
    const params = { roundId: String(round.id), optionId: "999999" };
    expect(await answer(revise, noOption.request, params)).toEqual({ status: 404 });
    expect(noOption.pulled()).toBe(false);
  });
});

describe("milestone photos", () => {
  it("refuse a picture declaring over 50 megapixels, and a worker not of the round first", async () => {
    const { compound, community } = await buildCompound();
    const { round } = await buildRound(compound.id, { phase: "CONSTRUCTION" });
    const worker = await buildAccount("community_worker", { communityId: community.id });
    const other = await buildCompound();
    const stranger = await buildAccount("community_worker", { communityId: other.community.id });
    const stored = () => readdir(UPLOAD_DIR).catch(() => []);
    const before = [await db.milestone.count(), await stored()];
    const params = { roundId: String(round.id) };
    const fields = {
      intent: "milestone",
      kind: "completion_acceptance",
      date: "2026-12-01",
      note: "竣工",
    };
    for (const [bomb, name] of [
      [pngDeclaring(40_000, 40_000), "p.png"],
      [webpDeclaring(16_384, 16_384), "w.webp"],
    ] as const) {
      const photo = new File([new Uint8Array(bomb)], name);
      const url = `/rounds/${round.id}/work`;
      expect(await upload(work, url, worker.id, "photos", photo, params, fields)).toMatchObject({
        status: 400,
        data: { errors: { photos: "errors.photo_pixels" }, form: "errors.photo_pixels" },
      });
      expect(await upload(work, url, stranger.id, "photos", photo, params, fields)).toEqual({
        status: 403,
      });
    }
    expect([await db.milestone.count(), await stored()]).toEqual(before);
  });
});
