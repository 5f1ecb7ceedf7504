/** A place's or round's name in the page's language; Chinese when no English one is kept. */
export function localName(lang: string, zh: string, en?: string | null): string {
  return lang === "en" && en ? en : zh;
}
