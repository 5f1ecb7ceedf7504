import type { Dictionary, Language } from "./index";
import en from "./en.json";
import zhCN from "./zh-CN.json";

const DICTIONARIES: Record<Language, Dictionary> = { "zh-CN": zhCN, en };

export function dictionaryOf(lang: Language): Dictionary {
  return DICTIONARIES[lang];
}
