import { createTranslator, type Translator } from "./translate";

export const LANGUAGES = ["zh-CN", "en"] as const;
export type Language = (typeof LANGUAGES)[number];
export const DEFAULT_LANGUAGE: Language = "zh-CN";
export type Dictionary = Record<string, unknown>;

export function isLanguage(v: unknown): v is Language {
  return typeof v === "string" && (LANGUAGES as readonly string[]).includes(v);
}

/**
 * A translator for one language and its dictionary (translate.ts: the part of i18next the app
 * uses). The server reads the dictionary from dictionaries.server.ts; the browser gets the page
 * language's one from the root loader, so neither dictionary is part of the JavaScript bundle.
 */
export function makeI18n(lng: Language, dictionary: Dictionary): Translator {
  return createTranslator(lng, dictionary);
}
