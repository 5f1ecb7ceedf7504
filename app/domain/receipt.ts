/** What a person types, in the printed form XXXX-XXXX-XXXX: case, spaces and dashes do not matter. */
export function normaliseReceipt(raw: string): string {
  const s = raw.toUpperCase().replace(/[^0-9A-Z]/g, "");
  return s.length === 12 ? `${s.slice(0, 4)}-${s.slice(4, 8)}-${s.slice(8)}` : s;
}

export type ReceiptChannel = { channel: "online" } | { channel: "paper"; sheetNo: string };

/**
 * How the ballot a receipt stands for was cast: by its latest act. A paper sheet scores every
 * option at once (replacing online scores), and an online ballot scores every option again.
 */
export function receiptChannel(
  ballots: { channel: string; paperSheetNo: string | null; updatedAt: Date }[],
): ReceiptChannel | null {
  const last = ballots.reduce<(typeof ballots)[number] | null>(
    (a, b) => (a && a.updatedAt >= b.updatedAt ? a : b),
    null,
  );
  if (!last) return null;
  return last.channel === "paper" && last.paperSheetNo
    ? { channel: "paper", sheetNo: last.paperSheetNo }
    : { channel: "online" };
}
