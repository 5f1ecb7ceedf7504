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

// English dates in day-month-year order with the month's name (25 Nov 2026), never the US order
const dateLocale = (lang: string) => (lang === "en" ? "en-GB" : lang);

export function day(d: Date | string, lang: string): string {
  return new Intl.DateTimeFormat(dateLocale(lang), {
    year: "numeric",
    month: lang === "en" ? "short" : "2-digit",
    day: lang === "en" ? "numeric" : "2-digit",
    timeZone: "Asia/Shanghai",
  }).format(new Date(d));
}

/** Today in China as YYYY-MM-DD, what a date field starts with. */
export function today(now = new Date()): string {
  return new Intl.DateTimeFormat("en-CA", { timeZone: "Asia/Shanghai" }).format(now);
}

export function dateTime(d: Date | string, lang: string): string {
  return new Intl.DateTimeFormat(dateLocale(lang), {
    dateStyle: "medium",
    timeStyle: "short",
    timeZone: "Asia/Shanghai",
  }).format(new Date(d));
}
