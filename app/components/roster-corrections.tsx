import { useTranslation } from "react-i18next";
import { area, day } from "~/lib/format";

export type RosterCorrectionItem = {
  id: number;
  /** an address for staff, the export's pseudonym on the public notice */
  who: string;
  floorBefore: number;
  floorAfter: number;
  areaCentiBefore: number;
  areaCentiAfter: number;
  reason: string;
  at: Date | string;
};

/** The corrections of a round's snapshot, each with its reason and date. */
export function RosterCorrections({
  corrections,
  empty,
}: {
  corrections: RosterCorrectionItem[];
  empty: string;
}) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  if (corrections.length === 0) return <p>{t(empty)}</p>;
  return (
    <ul>
      {corrections.map((c) => (
        <li key={c.id}>
          {t("snapshot.correction", {
            who: c.who,
            floorBefore: c.floorBefore,
            floorAfter: c.floorAfter,
            areaBefore: area(c.areaCentiBefore, lang),
            areaAfter: area(c.areaCentiAfter, lang),
            reason: c.reason,
            date: day(c.at, lang),
          })}
        </li>
      ))}
    </ul>
  );
}
