import { useTranslation } from "react-i18next";
import { exact, percent, type Fraction } from "~/domain/fraction";
import { winnerOverRunnerUp, type Tally } from "~/domain/tally";
import { ParticipationFigures, share, useFailures } from "./participation-figures";
import { area, money } from "~/lib/format";

type OptionLabel = { id: number; code: string; title: string };

/** A mean as the exact fraction and its decimal, e.g. 14/3 ≈ 4.667 (5 when it is whole). */
function mean(f: Fraction) {
  if (f.den === 0) return "—";
  const e = exact(f);
  return e.reduced.includes("/") ? `${e.reduced} ≈ ${e.approx}` : e.reduced;
}

/** The frozen tally of a round: participation, then each option's agreement and verdict. */
export function TallyTable({ tally, options }: { tally: Tally; options: OptionLabel[] }) {
  const { t, i18n } = useTranslation();
  const failures = useFailures();
  const lang = i18n.language;
  const label = (id: number) => {
    const o = options.find((x) => x.id === id);
    return o ? `${o.code} · ${o.title}` : `#${id}`;
  };
  const decided = winnerOverRunnerUp(tally);
  return (
    <>
      <ParticipationFigures tally={tally} />
      <div className="table-wrap" tabIndex={0}>
        {/* on a phone each option is a card whose cells carry their column's name */}
        <table className="stack-narrow">
          <caption>{t("tally.caption")}</caption>
          <thead>
            <tr>
              <th scope="col">{t("tally.option")}</th>
              <th scope="col">{t("tally.kind")}</th>
              <th scope="col">{t("tally.mean")}</th>
              <th scope="col">{t("tally.agree_households")}</th>
              <th scope="col">{t("tally.agree_area")}</th>
              <th scope="col">{t("tally.cost")}</th>
              <th scope="col">{t("tally.verdict")}</th>
            </tr>
          </thead>
          <tbody>
            {tally.options.map((o) => (
              <tr key={o.optionId}>
                <th scope="row">
                  {label(o.optionId)}
                  {tally.winnerOptionId === o.optionId && (
                    <strong className="winner"> {t("tally.winner")}</strong>
                  )}
                </th>
                <td data-label={t("tally.kind")}>{t(`option_kind.${o.kind}`)}</td>
                <td data-label={t("tally.mean")}>{mean(o.mean)}</td>
                <td data-label={t("tally.agree_households")}>{share(o.householdAgreement)}</td>
                <td data-label={t("tally.agree_area")}>
                  {area(o.agreeingAreaCenti, lang)} / {area(tally.participatingAreaCenti, lang)} m²
                  ({percent(o.areaAgreement)}%)
                </td>
                <td data-label={t("tally.cost")}>{money(o.totalFen, lang)}</td>
                <td data-label={t("tally.verdict")}>
                  {o.approved ? t("tally.approved") : failures(o.failures)}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {decided && (
        <p className="tie-break">
          {t("tally.decided_by", {
            winner: label(decided.winner.optionId),
            runnerUp: label(decided.runnerUp.optionId),
            rule: t(`tally.tie_break.${decided.decidedBy}`),
          })}
        </p>
      )}
    </>
  );
}
