import { createHmac } from "node:crypto";

// A receipt code is a keyed hash of (round, household): stable, so a household can check it,
// and not guessable without the server's key. Grouped for reading aloud: XXXX-XXXX-XXXX.
// (.server: node:crypto stays out of the browser bundle.)
const ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ";

export function receiptCode(key: string, roundId: number, householdId: number): string {
  const mac = createHmac("sha256", key).update(`receipt:${roundId}:${householdId}`).digest();
  let out = "";
  for (let i = 0; i < 12; i++) out += ALPHABET[mac[i] % ALPHABET.length];
  return `${out.slice(0, 4)}-${out.slice(4, 8)}-${out.slice(8)}`;
}
