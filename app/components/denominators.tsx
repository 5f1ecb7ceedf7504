import { useTranslation } from "react-i18next";
import type { Fraction } from "~/domain/fraction";
import type { RuleSet } from "~/domain/rules";
import type { denominators } from "~/domain/tally";
import { area, count } from "~/lib/format";

type Denominators = ReturnType<typeof denominators>;

const f = (x: Fraction) => `${x.num}/${x.den}`;

/**
 * The denominators fixed when TASTING opened (heads and area in scope) and the lines drawn from
 * them: the quorum, and agreement for ordinary matters and for alterations if every head takes
 * part. Shown on the round page and printed as the denominators notice.
 */
export function DenominatorFigures({
  d,
  flats,
  rules,
}: {
  d: Denominators;
  flats: number;
  rules: RuleSet;
}) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const line = (l: { households: number; areaCenti: number }) => ({
    heads: count(l.households, lang),
    area: area(l.areaCenti, lang),
  });
  return (
    <>
      <dl className="facts">
        <dt>{t("denominators.heads")}</dt>
        <dd>{t("denominators.heads_value", { heads: count(d.households, lang), flats })}</dd>
        <dt>{t("denominators.area")}</dt>
        <dd>{area(d.areaCenti, lang)} m²</dd>
        <dt>{t("denominators.quorum", { f: f(rules.quorum) })}</dt>
        <dd>{t("denominators.quorum_value", line(d.quorum))}</dd>
        <dt>{t("denominators.ordinary", { f: f(rules.ordinary) })}</dt>
        <dd>{t("denominators.agree_value", line(d.ordinary))}</dd>
        <dt>{t("denominators.alteration", { f: f(rules.alteration) })}</dt>
        <dd>{t("denominators.agree_value", line(d.alteration))}</dd>
      </dl>
      <p className="small">{t("denominators.how_heads")}</p>
      <p className="small">{t("denominators.among_participants")}</p>
    </>
  );
}
