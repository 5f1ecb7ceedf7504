/** What a person types, in the printed form XXXX-XXXX-XXXX: case, spaces and dashes do not matter. */
export function normaliseReceipt(raw: string): string {
  const s = raw.toUpperCase().replace(/[^0-9A-Z]/g, "");
  return s.length === 12 ? `${s.slice(0, 4)}-${s.slice(4, 8)}-${s.slice(8)}` : s;
}
