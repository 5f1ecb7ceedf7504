import { createInstance, type i18n } from "i18next";
import { initReactI18next } from "react-i18next";

export const LANGUAGES = ["zh-CN", "en"] as const;
export type Language = (typeof LANGUAGES)[number];
export const DEFAULT_LANGUAGE: Language = "zh-CN";
export type Dictionary = Record<string, unknown>;

export function isLanguage(v: unknown): v is Language {
  return typeof v === "string" && (LANGUAGES as readonly string[]).includes(v);
}

/**
 * A synchronous i18next instance for one language and its dictionary. The server reads the
 * dictionary from dictionaries.server.ts; the browser gets the page language's one from the root
 * loader, so neither dictionary is part of the JavaScript bundle.
 */
export function makeI18n(lng: Language, dictionary: Dictionary): i18n {
  const instance = createInstance();
  void instance.use(initReactI18next).init({
    lng,
    fallbackLng: false,
    resources: { [lng]: { translation: dictionary } },
    initAsync: false,
    interpolation: { escapeValue: false },
    returnNull: false,
  });
  return instance;
}
