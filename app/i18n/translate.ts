// The part of i18next this app uses, in a few lines: nested keys ("round.title"), {{name}}
// interpolation (not escaped: React escapes), and plurals by count (key_one, key_other, as
// Intl.PluralRules names them, falling back to the bare key). A missing key reads as the key.
// It replaces i18next on both server and browser (react-i18next is aliased to ./react.tsx in
// vite.config.ts), so the vote page does not ship 18 kB of i18next; see docs/decisions.

export type Dictionary = Record<string, unknown>;
export type TOptions = { count?: number } & Record<string, unknown>;
export type TFunction = (key: string, options?: TOptions) => string;
export type Translator = { language: string; t: TFunction };

function lookup(dictionary: Dictionary, key: string): unknown {
  let node: unknown = dictionary;
  for (const part of key.split(".")) {
    if (node === null || typeof node !== "object") return undefined;
    node = (node as Record<string, unknown>)[part];
  }
  return node;
}

/** A translator for one language and its dictionary; `t` may be passed around unbound. */
export function createTranslator(language: string, dictionary: Dictionary): Translator {
  const plural = new Intl.PluralRules(language);
  const t: TFunction = (key, options = {}) => {
    let text: unknown;
    if (typeof options.count === "number")
      text = lookup(dictionary, `${key}_${plural.select(options.count)}`);
    if (typeof text !== "string") text = lookup(dictionary, key);
    if (typeof text !== "string") return key;
    return text.replace(/\{\{\s*([\w.]+)\s*\}\}/g, (whole, name: string) => {
      const value = lookup(options, name);
      // as i18next does, a value not given leaves the placeholder
      return value === undefined || value === null ? whole : String(value);
    });
  };
  return { language, t };
}
