// Owners and occupants (docs/product.md §8, issue 18): who a flat's roster names as its owners, how
// an account proves it is one of them, and how their data is shown. Pure: no database here.

import { isStaffOf } from "./authorization";

export const OWNER_KINDS = ["person", "developer", "public_landlord"] as const;
export type OwnerKind = (typeof OWNER_KINDS)[number];

/** Where a flat's area comes from, in the order the judicial interpretation (Art. 8) prefers. */
export const AREA_SOURCES = ["register", "survey", "contract"] as const;
export type AreaSource = (typeof AREA_SOURCES)[number];

/** An account bound to a flat: one of its owners, or someone who lives there (family, tenant). */
export const RELATIONS = ["owner", "occupant"] as const;
export type Relation = (typeof RELATIONS)[number];

/**
 * The first step towards owner status: the last 4 characters of an owner's ID number or 4 digits
 * of the flat's certificate. It names which owner of record the account claims to be; it never
 * suffices alone (a tenant may hold a copy of the landlord's ID card or certificate): the owner
 * then proves it with a code sent to their phone from the register, or in person (OWNER_PROOFS).
 */
export const FACTOR_LENGTH = 4;

/** What a resident types as the factor: spaces and case do not matter; null when it cannot be one. */
export function normaliseFactor(raw: string): string | null {
  const f = raw.normalize("NFKC").toUpperCase().replace(/\s/g, "");
  return /^[0-9]{3}[0-9X]$/.test(f) ? f : null;
}

/**
 * A mainland resident ID number (18 characters, the last a digit or X; or the old 15 digits),
 * normalised; null when it is not one. An 18-character number must carry its check character
 * (GB 11643-1999, ISO 7064 MOD 11-2): a mistyped digit, two swapped, or the rounded number
 * Excel keeps of an 18-digit number cell would otherwise make one owner into two heads.
 * Only its keyed hash and its tail are ever stored.
 */
export function normaliseIdNumber(raw: string): string | null {
  const n = raw.normalize("NFKC").toUpperCase().replace(/\s/g, "");
  if (/^[0-9]{15}$/.test(n)) return n;
  if (!/^[0-9]{17}[0-9X]$/.test(n)) return null;
  return idCheckCharacter(n.slice(0, 17)) === n[17] ? n : null;
}

const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];

/** The check character of an ID number's first 17 digits (GB 11643-1999). */
export function idCheckCharacter(first17: string): string {
  const sum = ID_WEIGHTS.reduce((s, w, i) => s + w * Number(first17[i]), 0);
  return "10X98765432"[sum % 11];
}

export const idTailOf = (idNumber: string) => idNumber.slice(-FACTOR_LENGTH);

/** A certificate number's tail: the last 4 of its digits (鲁(2019)泰安市不动产权第0012345号 → 2345). */
export function certificateTail(certificateNo: string): string | null {
  const digits = certificateNo.normalize("NFKC").replace(/[^0-9]/g, "");
  return digits.length >= FACTOR_LENGTH ? digits.slice(-FACTOR_LENGTH) : null;
}

export type OwnerFactors = {
  ownerId: number;
  idTail: string | null;
  certificateNo: string | null;
};

/**
 * The owner of a flat whose factor this is: the tail of their ID number or of the flat's
 * certificate they hold. Null when none matches (or the roster records no owner of the flat).
 */
export function ownerByFactor(rawFactor: string, owners: OwnerFactors[]): number | null {
  const factor = normaliseFactor(rawFactor);
  if (!factor) return null;
  const hit = owners.find(
    (o) =>
      o.idTail?.toUpperCase() === factor ||
      (o.certificateNo !== null && certificateTail(o.certificateNo) === factor),
  );
  return hit?.ownerId ?? null;
}

/**
 * How an account proves it is the owner the first step named (docs/decisions/028): a one-time
 * code sent to the owner's own phone from the property register, or a community worker of the
 * flat's community who saw the owner's ID card and the flat's certificate in person.
 */
export const OWNER_PROOFS = ["sms", "in_person"] as const;
export type OwnerProof = (typeof OWNER_PROOFS)[number];

/** The proofs an owner of record can give: in person always; by SMS when the register has a phone. */
export function proofsOf(owner: { phone: string | null }): OwnerProof[] {
  return owner.phone ? ["sms", "in_person"] : ["in_person"];
}

/** A mobile number as the person asking sees where the code went: its first 3 and last 4 digits. */
export function maskedPhone(phone: string): string {
  const digits = phone.replace(/[^0-9]/g, "");
  return digits.length < 7 ? "****" : `${digits.slice(0, 3)}****${digits.slice(-4)}`;
}

/**
 * May this worker record that they saw an owner's ID card and the flat's certificate? A community
 * worker of the flat's own community, who saw both, for an account bound to the flat as an
 * occupant, naming an owner of record of the flat.
 */
export function inPersonRight(
  actor: { role: string; communityId?: number | null },
  flat: { communityId: number; ownerIds: number[] },
  check: {
    ownerId: number;
    idCardSeen: boolean;
    certificateSeen: boolean;
    relation: string | null;
  },
):
  | { ok: true }
  | {
      ok: false;
      reason:
        | "reason_outside_jurisdiction"
        | "not_your_household"
        | "already_owner"
        | "not_an_owner_of_record"
        | "documents_not_seen";
    } {
  if (!isStaffOf(actor, flat, ["community_worker"]))
    return { ok: false, reason: "reason_outside_jurisdiction" };
  if (check.relation === null) return { ok: false, reason: "not_your_household" };
  if (check.relation === "owner") return { ok: false, reason: "already_owner" };
  if (!flat.ownerIds.includes(check.ownerId))
    return { ok: false, reason: "not_an_owner_of_record" };
  if (!check.idCardSeen || !check.certificateSeen)
    return { ok: false, reason: "documents_not_seen" };
  return { ok: true };
}

/** An ID tail as staff see it: never more than the last 4 characters. */
export const maskedIdTail = (tail: string | null) => (tail ? `**************${tail}` : "");

/** A certificate number as staff lists show it: its last 4 digits only. */
export function maskedCertificate(certificateNo: string | null): string {
  const tail = certificateNo ? certificateTail(certificateNo) : null;
  return tail ? `…${tail}` : "";
}

/** The phases in which a proxy for a round's ballot may be recorded or revoked: before it closes. */
export const PROXY_PHASES = ["DRAFT", "ORDERING", "COOKING", "TASTING"] as const;

/**
 * May this actor record or revoke an owner's written authorisation in this round? The community
 * worker of the round's community (who keeps the roster and enters paper ballots), while the
 * round is not yet closed; and the authorisation must expire after now.
 */
export function proxyRecordRight(
  actor: { role: string; communityId?: number | null },
  round: { communityId: number; phase: string },
): { ok: true } | { ok: false; reason: "reason_outside_jurisdiction" | "proxy_round_closed" } {
  if (!isStaffOf(actor, round, ["community_worker"]))
    return { ok: false, reason: "reason_outside_jurisdiction" };
  if (!(PROXY_PHASES as readonly string[]).includes(round.phase))
    return { ok: false, reason: "proxy_round_closed" };
  return { ok: true };
}
