import { expect, test } from "@playwright/test";
import { getDocument } from "pdfjs-dist/legacy/build/pdf.mjs";
import { e2eDb, expectAccessible } from "./helpers";

// What anyone can see: the printed notice carries the tally; no public page or export shows an
// owner's name, a phone number or a household code (checked on the whole demo).

test("the public notice prints to PDF with its tally rows", async ({ page }) => {
  const db = e2eDb();
  const round = db
    .prepare(`SELECT id FROM "Round" WHERE phase = 'CONSTRUCTION' ORDER BY id LIMIT 1`)
    .get() as { id: number };
  db.close();
  // Latin text extracts reliably whatever fonts the machine has; the numbers are the same in both languages
  await page.goto(`/language?lng=en&to=/rounds/${round.id}/notice`);
  await expect(page.getByRole("table", { name: "Scores and agreement per option" })).toBeVisible();
  await expectAccessible(page);
  await page.goto(`/rounds/${round.id}/receipts`);
  await expectAccessible(page);
  await page.goto("/dashboard");
  await expectAccessible(page);
  await page.goto(`/rounds/${round.id}/notice`);
  await page.emulateMedia({ media: "print" });
  const pdf = await page.pdf({ format: "A4", printBackground: false });
  const doc = await getDocument({ data: new Uint8Array(pdf), useSystemFonts: false }).promise;
  let text = "";
  for (let i = 1; i <= doc.numPages; i++) {
    const content = await (await doc.getPage(i)).getTextContent();
    text += content.items.map((it) => ("str" in it ? it.str : "")).join(" ") + "\n";
  }
  // three A4 pages at most: since issue 18 the notice also states heads, the denominators and how
  // many ballots came on paper and by proxy (it was two pages before)
  expect(doc.numPages).toBeLessThanOrEqual(3);
  expect(text).toContain("Scores and agreement per option");
  expect(text).toMatch(/A ·[^\n]*\(winner\)/);
  expect(text).toContain("approved");
  // participation in heads: 360 flats of 乐园小区 are 358 heads (an owner of two flats, the
  // developer's two flats)
  expect(text).toMatch(/\d+\/358 \(\d+\.\d\d%\)/);
  expect(text).toContain("Objection");
});

test("no public page or export contains an owner's name, a phone number or a household code", async ({
  request,
}) => {
  test.setTimeout(180_000);
  const db = e2eDb();
  const owners = (
    db.prepare(`SELECT ownerName, phone FROM "Household"`).all() as {
      ownerName: string;
      phone: string | null;
    }[]
  )
    .flatMap((h) => [h.ownerName, h.phone ?? ""])
    .filter(Boolean);
  const codes = (db.prepare(`SELECT code FROM "HouseholdCode"`).all() as { code: string }[]).map(
    (c) => c.code,
  );
  const rounds = db.prepare(`SELECT id, tallyJson IS NOT NULL AS closed FROM "Round"`).all() as {
    id: number;
    closed: number;
  }[];
  const options = db
    .prepare(
      `SELECT o.id, o.roundId FROM "DesignOption" o JOIN "OptionVersion" v ON v.optionId = o.id AND v.status = 'approved'`,
    )
    .all() as { id: number; roundId: number }[];
  const compounds = db.prepare(`SELECT id FROM "Compound"`).all() as { id: number }[];
  db.close();
  const paths = [
    "/",
    "/dashboard",
    ...compounds.map((c) => `/compounds/${c.id}`),
    ...rounds.map((r) => `/rounds/${r.id}`),
    ...options.map((o) => `/rounds/${o.roundId}/options/${o.id}`),
  ];
  for (const r of rounds) {
    paths.push(`/rounds/${r.id}/export/needs.csv`, `/rounds/${r.id}/export/options.csv`);
    if (r.closed)
      paths.push(
        `/rounds/${r.id}/notice`,
        `/rounds/${r.id}/receipts`,
        `/rounds/${r.id}/export/ballots.csv`,
        `/rounds/${r.id}/export/tally.csv`,
        `/rounds/${r.id}/export/rules.json`,
      );
  }
  for (const p of paths) {
    const res = await request.get(p);
    expect(res.status(), p).toBe(200);
    const body = await res.text();
    expect(
      owners.filter((o) => body.includes(o)),
      p,
    ).toEqual([]);
    expect(
      codes.filter((c) => body.includes(c)),
      p,
    ).toEqual([]);
  }
  expect(paths.length).toBeGreaterThan(30);
});
