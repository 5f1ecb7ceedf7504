import i18next, { type i18n } from "i18next";

export const LANGUAGES = ["zh-CN", "en"] as const;
export type Language = (typeof LANGUAGES)[number];
export const DEFAULT_LANGUAGE: Language = "zh-CN";
export type Dictionary = Record<string, unknown>;

export function isLanguage(v: unknown): v is Language {
  return typeof v === "string" && (LANGUAGES as readonly string[]).includes(v);
}

/**
 * An i18next instance for one language and its dictionary, ready when this returns (the
 * resources are given, so `init` is synchronous). The server makes one per request (the root
 * layout's render) from dictionaries.server.ts; the browser makes one from the dictionary the
 * root loader sent, so no dictionary is part of the JavaScript bundle. Nested keys
 * ("round.title"), {{name}} interpolation and plurals by count (key_one, key_other) are
 * i18next's own.
 */
export function makeI18n(lng: Language, dictionary: Dictionary, more?: Dictionary): i18n {
  const instance = i18next.createInstance();
  void instance.init({
    lng,
    fallbackLng: false,
    resources: { [lng]: { translation: dictionary } },
    initAsync: false,
    // React escapes what it renders; texts for mail and SMS are plain text
    interpolation: { escapeValue: false },
    // keys are dotted paths only: a ":" in a text passed as a key is not a namespace
    nsSeparator: false,
    react: { useSuspense: false },
  });
  // texts of this answer alone (a flash message) beside a page's dictionary; keys it already has
  // are kept, and the ones added stay with it (they are texts of the same language)
  if (more) instance.addResourceBundle(lng, "translation", more, true, false);
  return instance;
}
