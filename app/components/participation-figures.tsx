import { useTranslation } from "react-i18next";
import { percent, type Fraction } from "~/domain/fraction";
import type { Tally } from "~/domain/tally";
import { area } from "~/lib/format";

/** A share as its fraction and percentage, e.g. 120/360 (33.33%). */
export const share = (f: Fraction) => `${f.num}/${f.den} (${percent(f)}%)`;

/** Why an option or a motion did not pass, in words (the tally's failures, joined). */
export function useFailures() {
  const { t } = useTranslation();
  return (failures: readonly string[]) => failures.map((f) => t(`tally.failure.${f}`)).join("；");
}

/** A closed round's participation by heads and by area, and whether the quorum was met. */
export function ParticipationFigures({ tally }: { tally: Tally }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  return (
    <dl className="figures">
      <div>
        <dt>{t("tally.household_participation")}</dt>
        <dd>{share(tally.householdParticipation)}</dd>
      </div>
      <div>
        <dt>{t("tally.area_participation")}</dt>
        <dd>
          {area(tally.participatingAreaCenti, lang)} / {area(tally.scopeAreaCenti, lang)} m² (
          {percent(tally.areaParticipation)}%)
        </dd>
      </div>
      <div>
        <dt>{t("tally.quorum")}</dt>
        <dd>{t(tally.quorumMet ? "tally.quorum_met" : "tally.quorum_missed")}</dd>
      </div>
    </dl>
  );
}
