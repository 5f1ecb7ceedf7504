// What the app imports from "react-i18next" (vite.config.ts and vitest.config.ts point that name
// here): a provider and useTranslation() over ./translate.ts, the same on server and browser.
import { createContext, useContext, type ReactNode } from "react";
import { createTranslator, type Translator } from "./translate";

const Context = createContext<Translator | null>(null);
// without a provider (it should not happen) keys read as themselves
const none = createTranslator("zh-CN", {});

export function I18nextProvider({ i18n, children }: { i18n: Translator; children: ReactNode }) {
  return <Context.Provider value={i18n}>{children}</Context.Provider>;
}

export function useTranslation() {
  const i18n = useContext(Context) ?? none;
  return { t: i18n.t, i18n, ready: true };
}
