// A small RFC 4180 CSV reader for the browser (the 核验 page) and the verify-round command alike,
// so both read a round's ballots.csv the same way. Quoted fields may hold commas, quotes ("") and
// line breaks; a leading byte-order mark is dropped; blank lines are skipped.

export class CsvError extends Error {
  constructor(readonly line: number) {
    super(`line ${line}: unterminated quoted field`);
    this.name = "CsvError";
  }
}

export function parseCsv(text: string): string[][] {
  const s = text.replace(/^\uFEFF/, "");
  const rows: string[][] = [];
  let row: string[] = [];
  let field = "";
  let quoted = false;
  let line = 1;
  let quoteLine = 0;
  const endRow = () => {
    row.push(field);
    if (row.length > 1 || row[0] !== "") rows.push(row);
    row = [];
    field = "";
  };
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (quoted) {
      if (c === '"' && s[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else {
        if (c === "\n") line++;
        field += c;
      }
    } else if (c === '"' && field === "") {
      quoted = true;
      quoteLine = line;
    } else if (c === ",") {
      row.push(field);
      field = "";
    } else if (c === "\n" || c === "\r") {
      if (c === "\r" && s[i + 1] === "\n") i++;
      endRow();
      line++;
    } else field += c;
  }
  if (quoted) throw new CsvError(quoteLine);
  if (field !== "" || row.length > 0) endRow();
  return rows;
}
