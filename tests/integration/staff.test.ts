import { readCsv } from "../../server/table-parse.mjs";
import { describe, expect, it } from "vitest";
import { db } from "~/db.server";
import { createPlace, createStaffAccount, setAccountDisabled } from "~/models/admin.server";
import {
  importRoster,
  issueMissingCodes,
  lettersOf,
  updateHousehold,
} from "~/models/roster.server";
import { sniffImage, storePhotos } from "~/utils/uploads.server";
import { PNG } from "#tests/fixtures/images";
import { auditCount, buildAccount, buildCompound } from "#tests/fixtures";

const header = "building,unit,room,floor,area,owner_name,phone";

/** A roster CSV as the upload route reads it (cells trimmed). */
const rosterCsv = (text: string) => readCsv(text, { trim: true });

describe("household roster", () => {
  it("imports a good CSV with one audit entry and one code per household", async () => {
    const { compound, community } = await buildCompound();
    const worker = await buildAccount("community_worker", { communityId: community.id });
    const before = await db.household.count({
      where: { unit: { building: { compoundId: compound.id } } },
    });
    const audits = await auditCount();
    const r = await importRoster(
      compound.id,
      rosterCsv(
        `\uFEFF${header}\n1号楼,2单元,101,1,88.50,王五,\n1号楼,2单元,102,1,66,赵六,13900000000\n`,
      ),
      worker,
    );
    expect(r).toEqual({ ok: true, count: 2 });
    expect(
      await db.household.count({ where: { unit: { building: { compoundId: compound.id } } } }),
    ).toBe(before + 2);
    // one entry for each household and one for each code issued
    expect(await auditCount()).toBe(audits + 4);
    const added = await db.household.findFirstOrThrow({
      where: { room: "101", unit: { name: "2单元" } },
      include: { codes: true },
    });
    expect([added.areaCenti, added.codes.length]).toEqual([8850, 1]);
  });

  it("imports nothing when any line is bad, and says which lines", async () => {
    const { compound, community } = await buildCompound();
    const worker = await buildAccount("community_worker", { communityId: community.id });
    const households = await db.household.count();
    const r = await importRoster(
      compound.id,
      rosterCsv(
        `${header}\n1号楼,2单元,101,1,88.50,王五,\n9号楼,1单元,101,1,70,李四,\n1号楼,2单元,102,99,70,钱七,\n`,
      ),
      worker,
    );
    expect(r).toEqual({
      ok: false,
      errors: [
        { line: 3, code: "roster_building" },
        { line: 4, code: "roster_floor" },
      ],
    });
    expect(await db.household.count()).toBe(households);
  });

  it("refuses a worker of another community", async () => {
    const { compound } = await buildCompound();
    const other = await buildCompound();
    const worker = await buildAccount("community_worker", { communityId: other.community.id });
    await expect(
      importRoster(compound.id, rosterCsv(`${header}\n1号楼,1单元,999,1,70,李四,\n`), worker),
    ).rejects.toMatchObject({ code: "reason_outside_jurisdiction" });
    await expect(lettersOf(compound.id, worker)).rejects.toMatchObject({ status: 403 });
  });

  it("logs an edit with before and after", async () => {
    const { community, households } = await buildCompound();
    const worker = await buildAccount("community_worker", { communityId: community.id });
    await updateHousehold(
      households[0].id,
      { floor: 2, areaCenti: 9012, ownerName: "张三丰", phone: null },
      worker,
    );
    const entry = await db.auditLog.findFirstOrThrow({
      where: { action: "household.update", entityId: households[0].id },
    });
    expect(JSON.parse(entry.before!)).toMatchObject({
      floor: 1,
      areaCenti: 8000,
      ownerName: "张三",
    });
    expect(JSON.parse(entry.after!)).toMatchObject({
      floor: 2,
      areaCenti: 9012,
      ownerName: "张三丰",
    });
  });

  it("opening the letters issues nothing; the button issues a code to each household without one, once", async () => {
    const { compound, community, households } = await buildCompound();
    const worker = await buildAccount("community_worker", { communityId: community.id });
    const codes = () =>
      db.householdCode.count({
        where: { household: { unit: { building: { compoundId: compound.id } } } },
      });
    const empty = await lettersOf(compound.id, worker);
    expect(empty.letters).toHaveLength(0);
    expect(empty.withoutCode).toBe(households.length);
    expect(await codes()).toBe(0);
    expect(await issueMissingCodes(compound.id, worker)).toBe(households.length);
    const { letters, withoutCode } = await lettersOf(compound.id, worker);
    expect(withoutCode).toBe(0);
    expect(letters).toHaveLength(households.length);
    expect(new Set(letters.map((l) => l.code)).size).toBe(households.length);
    // again: nothing to issue, the same codes printed
    expect(await issueMissingCodes(compound.id, worker)).toBe(0);
    expect((await lettersOf(compound.id, worker)).letters.map((l) => l.code)).toEqual(
      letters.map((l) => l.code),
    );
    expect(await codes()).toBe(households.length);
  });
});

describe("uploads", () => {
  it("reads the type from the bytes, not the name", async () => {
    const png = Buffer.from("89504e470d0a1a0a0000000d49484452", "hex");
    expect(sniffImage(png)).toEqual({ mime: "image/png", ext: "png" });
    expect(sniffImage(Buffer.from("<svg onload=alert(1)></svg>"))).toBeNull();
    const fake = new File([Buffer.from("<script>alert(1)</script>....")], "photo.jpg", {
      type: "image/jpeg",
    });
    expect(await storePhotos([fake])).toBe("photo_type");
    const big = new File([Buffer.concat([png, Buffer.alloc(5 * 1024 * 1024)])], "big.png", {
      type: "image/png",
    });
    expect(await storePhotos([big])).toBe("photo_size");
    const ok = await storePhotos([new File([PNG], "../../etc/passwd", { type: "text/plain" })]);
    expect(ok).toEqual([
      { path: expect.stringMatching(/^[0-9a-f]{32}\.png$/), mime: "image/png", bytes: PNG.length },
    ]);
  });
});

describe("administration", () => {
  it("creates staff accounts in their place, disables without deleting, and adds places", async () => {
    const { street, compound } = await buildCompound();
    const admin = await buildAccount("admin");
    await expect(
      createStaffAccount(
        {
          username: "office-x",
          displayName: "x",
          password: "longenough",
          role: "street_office",
          streetId: null,
          communityId: null,
        },
        admin,
      ),
    ).rejects.toMatchObject({ code: "street_required" });
    const a = await createStaffAccount(
      {
        username: "office-x",
        displayName: "x",
        password: "longenough",
        role: "street_office",
        streetId: street.id,
        communityId: null,
      },
      admin,
    );
    expect(a.streetId).toBe(street.id);
    await setAccountDisabled(a.id, true, admin);
    expect((await db.account.findUniqueOrThrow({ where: { id: a.id } })).disabledAt).not.toBeNull();
    await expect(setAccountDisabled(admin.id, true, admin)).rejects.toMatchObject({
      code: "cannot_disable_self",
    });
    const buildingId = await createPlace(
      "building",
      compound.id,
      { name: "9号楼", nameEn: "Building 9", floors: 7, safetyGrade: "D" },
      admin,
    );
    expect((await db.building.findUniqueOrThrow({ where: { id: buildingId } })).safetyGrade).toBe(
      "D",
    );
    await expect(
      createPlace("building", compound.id, { name: "9号楼", nameEn: "again" }, admin),
    ).rejects.toMatchObject({ code: "place_exists" });
    const worker = await buildAccount("community_worker");
    await expect(
      createPlace("unit", buildingId, { name: "1单元", nameEn: "Unit 1" }, worker),
    ).rejects.toMatchObject({ status: 403 });
  });
});
