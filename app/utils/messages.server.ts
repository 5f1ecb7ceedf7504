import { makeI18n, isLanguage, DEFAULT_LANGUAGE } from "~/i18n";
import { dictionaryOf } from "~/i18n/dictionaries.server";
import type { NotificationKind } from "~/domain/notifications";
import type { NotificationParams } from "~/models/notification.server";
import { localName } from "./names";

export type MessageSource = {
  kind: NotificationKind | string;
  locale: string;
  params: NotificationParams | string;
  round: { title: string; titleEn: string | null } | null;
};

/** A notification's subject and text in its language, built when it is shown or sent. */
export function messageText(m: MessageSource, lang: string = m.locale) {
  const language = isLanguage(lang) ? lang : DEFAULT_LANGUAGE;
  const t = makeI18n(language, dictionaryOf(language)).t;
  const p = typeof m.params === "string" ? (JSON.parse(m.params) as NotificationParams) : m.params;
  const values = {
    round: m.round ? localName(lang, m.round.title, m.round.titleEn) : "",
    phase: p.phase ? t(`phases.${p.phase}`) : "",
    help: p.phase ? t(`phase_help.${p.phase}`) : "",
    option: p.option ?? "",
    days: p.days ?? 0,
    milestone: p.milestone ? t(`milestones.${p.milestone}`) : "",
  };
  return {
    subject: t(`notify.${m.kind}.subject`, values),
    body: t(`notify.${m.kind}.body`, values),
  };
}
