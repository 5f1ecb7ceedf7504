// Validating a property-register export (不动产登记) line by line: each line is one flat's
// certificate with its owners, their ID numbers (optional) and the area with its source. Pure:
// the caller supplies the flats on the roster. All or nothing, as the household roster's import.
import { toMilli } from "./decimal";
import { headOfFlats } from "./heads";
import {
  AREA_SOURCES,
  normaliseIdNumber,
  OWNER_KINDS,
  type AreaSource,
  type OwnerKind,
} from "./owners";

export const REGISTER_COLUMNS = [
  "building",
  "unit",
  "room",
  "certificate_no",
  "owners",
  "id_numbers",
  "owner_kind",
  "area",
  "area_source",
] as const;
/**
 * Optional columns after those, in this order: each owner's mobile number (where the code that
 * makes an account an owner is sent, decision 028) and email, listed like the owners.
 */
export const REGISTER_CONTACT_COLUMNS = ["phones", "emails"] as const;

export type RegisterRow = {
  line: number;
  flatId: number;
  certificateNo: string;
  kind: OwnerKind;
  /** one entry per owner, in the order given; idNumber normalised, or null when not given */
  owners: { name: string; idNumber: string | null; phone: string | null; email: string | null }[];
  areaCenti: number;
  areaSource: AreaSource;
};
export type RegisterError = { line: number; code: string };

/** Several owners in one cell: 、 ; ； / | separate them (a comma would split the CSV). */
const splitList = (cell: string) =>
  cell
    .split(/[、;；/|]/)
    .map((s) => s.trim())
    .filter(Boolean);

// what a register export may call the kinds and sources, besides the codes themselves
const KIND_ALIASES: Record<string, OwnerKind> = {
  "": "person",
  个人: "person",
  开发商: "developer",
  开发建设单位: "developer",
  公房: "public_landlord",
  公房产权单位: "public_landlord",
};
const SOURCE_ALIASES: Record<string, AreaSource> = {
  登记: "register",
  不动产登记: "register",
  实测: "survey",
  测绘: "survey",
  合同: "contract",
  购房合同: "contract",
};

export const MAX_REGISTER_LINES = 5000;

/** A mainland mobile number as the SMS gateway takes it (11 digits from 1), or null. */
export function normaliseMobile(raw: string): string | null {
  const digits = raw.replace(/[\s-]/g, "").replace(/^(\+?86)(?=1\d{10}$)/, "");
  return /^1[3-9]\d{9}$/.test(digits) ? digits : null;
}
const EMAIL = /^[^\s@]+@[^\s@.]+(\.[^\s@.]+)+$/;

/** A contacts cell: empty, or one entry per owner (a "-" keeps an owner's place empty). */
function contactsOf(cell: string, owners: number, normalise: (s: string) => string | null) {
  const items = splitList(cell);
  if (items.length === 0) return { ok: true as const, values: Array(owners).fill(null) };
  if (items.length !== owners) return { ok: false as const, count: true };
  const values = items.map((s) => (s === "-" ? null : normalise(s)));
  if (values.some((v, i) => v === null && items[i] !== "-"))
    return { ok: false as const, count: false };
  return { ok: true as const, values };
}

/**
 * Check parsed records (header first). Every problem is reported with its line number; one error
 * means no line is imported. A flat must be on the roster and appear once; a flat that already
 * has recorded owners is refused (owners are not overwritten by an import).
 */
export function validateRegister(
  records: string[][],
  flats: { byAddress: Map<string, number>; owned: Set<number> },
): { rows: RegisterRow[]; errors: RegisterError[] } {
  const errors: RegisterError[] = [];
  const rows: RegisterRow[] = [];
  const header = (records[0] ?? []).map((h) => h.trim().toLowerCase());
  const contacts = header.slice(REGISTER_COLUMNS.length);
  if (
    REGISTER_COLUMNS.some((c, i) => header[i] !== c) ||
    contacts.some((c, i) => c !== REGISTER_CONTACT_COLUMNS[i])
  )
    return { rows, errors: [{ line: 1, code: "register_header" }] };
  if (records.length < 2) return { rows, errors: [{ line: 1, code: "roster_empty" }] };
  if (records.length > MAX_REGISTER_LINES + 1)
    return { rows, errors: [{ line: 1, code: "roster_too_long" }] };
  const seen = new Set<number>();
  records.slice(1).forEach((r, i) => {
    const line = i + 2;
    const fail = (code: string) => errors.push({ line, code });
    if (r.length !== header.length) return fail("roster_columns");
    const [
      building,
      unit,
      room,
      cert,
      ownersCell,
      idsCell,
      kindRaw,
      areaRaw,
      sourceRaw,
      phonesCell = "",
      emailsCell = "",
    ] = r.map((c) => (c ?? "").normalize("NFKC").trim());
    const flatId = flats.byAddress.get(`${building}|${unit}|${room}`);
    if (flatId === undefined) return fail("register_flat");
    if (seen.has(flatId)) return fail("roster_duplicate");
    if (flats.owned.has(flatId)) return fail("register_owned");
    if (!cert || cert.length > 60) return fail("register_certificate");
    const names = splitList(ownersCell);
    if (names.length === 0 || names.length > 10 || names.some((n) => n.length > 60))
      return fail("register_owners");
    const ids = splitList(idsCell);
    if (ids.length > 0 && ids.length !== names.length) return fail("register_id_count");
    const idNumbers = ids.map(normaliseIdNumber);
    if (idNumbers.some((n) => n === null)) return fail("register_id");
    const phones = contactsOf(phonesCell, names.length, normaliseMobile);
    if (!phones.ok) return fail(phones.count ? "register_phone_count" : "register_phone");
    const emails = contactsOf(emailsCell, names.length, (s) =>
      EMAIL.test(s) && s.length <= 120 ? s.toLowerCase() : null,
    );
    if (!emails.ok) return fail(emails.count ? "register_email_count" : "register_email");
    const kind = (OWNER_KINDS as readonly string[]).includes(kindRaw.toLowerCase())
      ? (kindRaw.toLowerCase() as OwnerKind)
      : KIND_ALIASES[kindRaw];
    if (!kind) return fail("register_kind");
    if (kind !== "person" && names.length !== 1) return fail("register_owners");
    const areaMilli = toMilli(areaRaw);
    if (areaMilli === null || areaMilli % 10 !== 0 || areaMilli < 1000 || areaMilli > 2_000_000)
      return fail("roster_area");
    const areaSource = (AREA_SOURCES as readonly string[]).includes(sourceRaw.toLowerCase())
      ? (sourceRaw.toLowerCase() as AreaSource)
      : SOURCE_ALIASES[sourceRaw];
    if (!areaSource) return fail("register_area_source");
    seen.add(flatId);
    rows.push({
      line,
      flatId,
      certificateNo: cert,
      kind,
      owners: names.map((name, k) => ({
        name,
        idNumber: idNumbers[k] ?? null,
        phone: phones.values[k],
        email: emails.values[k],
      })),
      areaCenti: areaMilli / 10,
      areaSource,
    });
  });
  return { rows: errors.length ? [] : rows, errors };
}

/**
 * How the import recognises an owner across lines and across imports: a person by the keyed hash
 * of their ID number; the developer and a public landlord by kind and name. A person without an
 * ID number is recognised nowhere else (null): a new owner for that line.
 */
export function ownerIdentity(kind: string, name: string, idHash: string | null): string | null {
  if (idHash) return `id:${idHash}`;
  return kind === "person" ? null : `${kind}|${name}`;
}

export type PreviewOwner = { key: string; name: string; kind: OwnerKind };
/** A flat as it would stand after the import: the file's, or one already on the register. */
export type PreviewFlat = { id: number; address: string; owners: PreviewOwner[]; inFile: boolean };
export type JoinReason = "same_owners" | "developer" | "public_landlord";
export type HeadsPreview = {
  /** the flats the file names */
  flats: number;
  /** the heads those flats fall into (domain/heads.ts), a head already on the register included */
  heads: number;
  /** heads of more than one flat, with a flat of the file: the flats, their owners, and why */
  joined: { addresses: string[]; earlier: string[]; owners: string[]; reason: JoinReason }[];
  /** an owner whose flats stay in separate heads, because the owner sets differ (no chains) */
  apart: { owner: string; heads: string[][] }[];
};

/**
 * What an import would make of the flats, before anything is written: the heads by the one rule
 * (headOfFlats: identical owner sets), which flats are joined and why, and which flats share an
 * owner yet count apart.
 */
export function previewHeads(flats: PreviewFlat[]): HeadsPreview {
  const number = new Map<string, number>();
  for (const f of flats)
    for (const o of f.owners) if (!number.has(o.key)) number.set(o.key, number.size);
  const headOf = headOfFlats(
    flats.map((f) => ({ id: f.id, areaCenti: 0 })),
    flats.flatMap((f) => f.owners.map((o) => ({ ownerId: number.get(o.key)!, householdId: f.id }))),
  );
  const heads = new Map<number, PreviewFlat[]>();
  for (const f of flats) heads.set(headOf.get(f.id)!, [...(heads.get(headOf.get(f.id)!) ?? []), f]);
  const counted = [...heads.values()].filter((h) => h.some((f) => f.inFile));
  const joined = counted
    .filter((h) => h.length > 1)
    .map((h) => {
      const [{ owners }] = h;
      const kind = owners.length === 1 ? owners[0].kind : "person";
      return {
        addresses: h.filter((f) => f.inFile).map((f) => f.address),
        earlier: h.filter((f) => !f.inFile).map((f) => f.address),
        owners: owners.map((o) => o.name),
        reason: (kind === "person" ? "same_owners" : kind) as JoinReason,
      };
    });
  const apart = [...number.keys()].flatMap((key) => {
    const held = flats.filter((f) => f.owners.some((o) => o.key === key));
    const byHead = new Map<number, PreviewFlat[]>();
    for (const f of held)
      byHead.set(headOf.get(f.id)!, [...(byHead.get(headOf.get(f.id)!) ?? []), f]);
    if (byHead.size < 2 || !held.some((f) => f.inFile)) return [];
    const name = held[0].owners.find((o) => o.key === key)!.name;
    return [{ owner: name, heads: [...byHead.values()].map((h) => h.map((f) => f.address)) }];
  });
  return { flats: flats.filter((f) => f.inFile).length, heads: counted.length, joined, apart };
}
