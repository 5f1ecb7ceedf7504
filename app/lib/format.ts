// Display formats. Money is integer fen, area integer hundredths of m².
// A formatter is made once per language and kept: making one (ICU data for the locale) costs far
// more than formatting, and a page formats many figures as it hydrates (the vote page's areas and
// shares took about 25 ms of its start-up in the browser).

const formatters = new Map<string, Intl.NumberFormat | Intl.DateTimeFormat>();

function kept<F extends Intl.NumberFormat | Intl.DateTimeFormat>(key: string, make: () => F): F {
  let f = formatters.get(key) as F | undefined;
  if (!f) formatters.set(key, (f = make()));
  return f;
}

export function money(fen: number, lang: string): string {
  return kept(
    `money ${lang}`,
    () => new Intl.NumberFormat(lang, { style: "currency", currency: "CNY" }),
  ).format(fen / 100);
}

export function area(centi: number, lang: string): string {
  return kept(
    `area ${lang}`,
    () => new Intl.NumberFormat(lang, { minimumFractionDigits: 2, maximumFractionDigits: 2 }),
  ).format(centi / 100);
}

export function count(n: number, lang: string): string {
  return kept(`count ${lang}`, () => new Intl.NumberFormat(lang)).format(n);
}

// English dates in day-month-year order with the month's name (25 Nov 2026), never the US order
const dateLocale = (lang: string) => (lang === "en" ? "en-GB" : lang);

export function day(d: Date | string, lang: string): string {
  return kept(
    `day ${lang}`,
    () =>
      new Intl.DateTimeFormat(dateLocale(lang), {
        year: "numeric",
        month: lang === "en" ? "short" : "2-digit",
        day: lang === "en" ? "numeric" : "2-digit",
        timeZone: "Asia/Shanghai",
      }),
  ).format(new Date(d));
}

/** Today in China as YYYY-MM-DD, what a date field starts with. */
export function today(now = new Date()): string {
  return kept(
    "today",
    () => new Intl.DateTimeFormat("en-CA", { timeZone: "Asia/Shanghai" }),
  ).format(now);
}

export function dateTime(d: Date | string, lang: string): string {
  return kept(
    `dateTime ${lang}`,
    () =>
      new Intl.DateTimeFormat(dateLocale(lang), {
        dateStyle: "medium",
        timeStyle: "short",
        timeZone: "Asia/Shanghai",
      }),
  ).format(new Date(d));
}
