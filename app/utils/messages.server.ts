import { makeI18n, isLanguage, DEFAULT_LANGUAGE, type Language } from "~/i18n";
import type { TFunction } from "i18next";
import { dictionaryOf } from "~/i18n/dictionaries.server";
import type { NotificationKind } from "~/domain/notifications";
import type { NotificationParams } from "~/models/notification.server";
import { dateTime } from "~/lib/format";
import { localName } from "./names";

export type MessageSource = {
  kind: NotificationKind | string;
  locale: string;
  params: NotificationParams | string;
  round: { title: string; titleEn: string | null } | null;
};

// one translator per language, made once: an inbox page renders fifty messages, a batch hundreds
const translators = new Map<Language, TFunction>();
function translator(language: Language): TFunction {
  let t = translators.get(language);
  if (!t) translators.set(language, (t = makeI18n(language, dictionaryOf(language)).t));
  return t;
}

/** The translator for a language (the default when it is not one of ours). */
export const translatorFor = (lang: string) =>
  translator(isLanguage(lang) ? lang : DEFAULT_LANGUAGE);

/** A notification's subject and text in its language, built when it is shown or sent. */
export function messageText(m: MessageSource, lang: string = m.locale) {
  const t = translator(isLanguage(lang) ? lang : DEFAULT_LANGUAGE);
  const p = typeof m.params === "string" ? (JSON.parse(m.params) as NotificationParams) : m.params;
  const values = {
    round: m.round ? localName(lang, m.round.title, m.round.titleEn) : "",
    phase: p.phase ? t(`phases.${p.phase}`) : "",
    help: p.phase ? t(`phase_help.${p.phase}`) : "",
    option: p.option ?? "",
    days: p.days ?? 0,
    milestone: p.milestone ? t(`milestones.${p.milestone}`) : "",
    deadline: p.deadline ? dateTime(p.deadline, lang) : "",
    sheetNo: p.sheetNo ?? "",
    ticket: p.ticket ?? "",
    repair: p.repair ? t(`repairs.events.${p.repair}`) : "",
    // messages queued before answers were carried point to the page instead
    answer: p.answer ?? t("notify.answer_on_page"),
    address: p.address ?? "",
    account: p.account ?? "",
    proof: p.proof ? t(`notify.proof.${p.proof}`) : "",
  };
  return {
    subject: t(`notify.${m.kind}.subject`, values),
    body: t(`notify.${m.kind}.body`, values),
  };
}
