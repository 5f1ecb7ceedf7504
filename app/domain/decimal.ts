// Exact parsing of the decimals people type: yuan to fen, quantities to thousandths.
// No floating point: "0.1" + "0.2" must stay 30 fen.

/**
 * The largest amount of money the app stores: 2^31 − 1 fen, 21,474,836.47 yuan. Money columns are
 * the schema's Int, which PostgreSQL holds in 32 bits (SQLite in 64), so every amount that is
 * entered or summed is checked against this before it is written, with a message saying so.
 */
export const MAX_FEN = 2_147_483_647;

function parseScaled(raw: string, decimals: number, maxWhole: number): number | null {
  const s = raw.trim().replace(/[,，\s]/g, "");
  const m = new RegExp(`^(\\d{1,${maxWhole}})(?:\\.(\\d{1,${decimals}}))?$`).exec(s);
  if (!m) return null;
  const frac = (m[2] ?? "").padEnd(decimals, "0");
  return Number(m[1]) * 10 ** decimals + Number(frac || "0");
}

/**
 * "386000.5" → 38600050 fen; null when not a non-negative amount with at most 2 decimals.
 * People write money the way they say it: "80万" (800,000 元), "38.6万元", "1200元", "１２００".
 */
export function yuanToFen(raw: string): number | null {
  const s = raw
    .normalize("NFKC")
    .trim()
    .replace(/[,，\s]/g, "")
    .replace(/(元|人民币|RMB|¥)$/i, "")
    .replace(/^[¥￥]/, "");
  // 1万 = 10,000 元 = 1,000,000 fen: a 万 amount with up to 6 decimals is exact in fen
  if (/万$/.test(s)) return parseScaled(s.slice(0, -1), 6, 4);
  return parseScaled(s, 2, 8);
}

/** "1260.125" → 1260125 thousandths; null when not a non-negative quantity with at most 3 decimals. */
export const toMilli = (raw: string) => parseScaled(raw, 3, 6);

export function fenToYuanString(fen: number): string {
  return `${Math.floor(fen / 100)}.${String(fen % 100).padStart(2, "0")}`;
}

export function milliToString(milli: number): string {
  const frac = String(milli % 1000)
    .padStart(3, "0")
    .replace(/0+$/, "");
  return frac ? `${Math.floor(milli / 1000)}.${frac}` : String(Math.floor(milli / 1000));
}
