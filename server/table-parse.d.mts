export declare const TABLE_LIMITS: {
  rows: number;
  columns: number;
  cells: number;
  entries: number;
  inflatedBytes: number;
};
export type TableLimits = typeof TABLE_LIMITS;
export declare class TableRefused extends Error {
  code: "too_big" | "unreadable";
  constructor(code: "too_big" | "unreadable", detail: string);
}
export type ZipEntry = { name: string; method: number; size: number; data: Buffer };
export declare function zipEntries(bytes: Uint8Array, limits?: TableLimits): ZipEntry[];
export declare function checkSheet(
  xml: string,
  name?: string,
  limits?: TableLimits,
): { cells: number };
export declare function readXlsx(bytes: Uint8Array, limits?: TableLimits): Promise<string[][]>;
export declare function decodeText(bytes: Uint8Array): string;
export declare function readCsv(
  text: string,
  options?: { trim?: boolean },
  limits?: TableLimits,
): string[][];
export type TableOptions = { trim?: boolean; csvOnly?: boolean };
export type TableRead =
  { ok: true; table: string[][] } | { ok: false; code: "too_big" | "unreadable"; detail: string };
export declare function readTableFile(
  bytes: Uint8Array,
  name: string,
  options?: TableOptions,
): Promise<TableRead>;
