// Display formats. Money is integer fen, area integer hundredths of m².

export function money(fen: number, lang: string): string {
  return new Intl.NumberFormat(lang, { style: "currency", currency: "CNY" }).format(fen / 100);
}

export function area(centi: number, lang: string): string {
  return new Intl.NumberFormat(lang, { minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(
    centi / 100,
  );
}

export function count(n: number, lang: string): string {
  return new Intl.NumberFormat(lang).format(n);
}

export function day(d: Date | string, lang: string): string {
  return new Intl.DateTimeFormat(lang, {
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    timeZone: "Asia/Shanghai",
  }).format(new Date(d));
}

export function dateTime(d: Date | string, lang: string): string {
  return new Intl.DateTimeFormat(lang, {
    dateStyle: "medium",
    timeStyle: "short",
    timeZone: "Asia/Shanghai",
  }).format(new Date(d));
}
