import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { localName } from "~/utils/names";

type Place = {
  city: string;
  district: string;
  street: string;
  community: string;
  compound: string;
  compoundEn: string | null;
};

/**
 * The head of a printed notice of a round (the result's 公示, the denominators notice): a link
 * back on screen, the heading, the place from city to compound, and the facts starting with the
 * scope; `children` adds the notice's own facts (dt/dd pairs).
 */
export function NoticeHeader({
  round,
  heading,
  place,
  scopeKind,
  scopeNames,
  children,
}: {
  round: { id: number; title: string; titleEn: string | null };
  heading: string;
  place: Place;
  scopeKind: string;
  scopeNames: string[];
  children: ReactNode;
}) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  return (
    <>
      <p className="screen-only breadcrumb">
        <Link to={`/rounds/${round.id}`}>{localName(lang, round.title, round.titleEn)}</Link>
      </p>
      <h1>{heading}</h1>
      <p>
        {[
          place.city,
          place.district,
          place.street,
          place.community,
          localName(lang, place.compound, place.compoundEn),
        ].join(" · ")}
      </p>
      <dl className="facts">
        <dt>{t("round.scope")}</dt>
        <dd>
          {t(`scope.${scopeKind}`)}
          {scopeNames.length > 0 && `${t("common.colon")}${scopeNames.join(t("common.list_sep"))}`}
        </dd>
        {children}
      </dl>
    </>
  );
}
