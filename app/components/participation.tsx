import { useTranslation } from "react-i18next";
import { percent } from "~/domain/fraction";
import { area, count } from "~/lib/format";

type Props = {
  participation: {
    rules: { quorum: { num: number; den: number } };
    scopeHouseholds: number;
    scopeAreaCenti: number;
    participatingHouseholds: number;
    participatingAreaCenti: number;
  };
  missing: { households: number; areaCenti: number };
};

/** Households and area taking part against the quorum line, with what is still missing. */
export function ParticipationBoard({ participation: p, missing }: Props) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const q = p.rules.quorum;
  const bar = (num: number, den: number, label: string) => (
    <div className="bar-row">
      <span>{label}</span>
      <meter
        min={0}
        max={den || 1}
        value={num}
        low={(den * q.num) / q.den}
        optimum={den}
        aria-label={label}
      >
        {percent({ num, den })}%
      </meter>
      <span>{percent({ num, den })}%</span>
    </div>
  );
  return (
    <div className="board">
      {bar(
        p.participatingHouseholds,
        p.scopeHouseholds,
        t("board.households", {
          n: count(p.participatingHouseholds, lang),
          of: count(p.scopeHouseholds, lang),
        }),
      )}
      {bar(
        p.participatingAreaCenti,
        p.scopeAreaCenti,
        t("board.area", {
          n: area(p.participatingAreaCenti, lang),
          of: area(p.scopeAreaCenti, lang),
        }),
      )}
      <p>{t("board.quorum_line", { quorum: `${q.num}/${q.den}` })}</p>
      <p className={missing.households === 0 && missing.areaCenti === 0 ? "notice" : "form-error"}>
        {missing.households === 0 && missing.areaCenti === 0
          ? t("board.quorum_reached")
          : t("board.missing", {
              households: count(missing.households, lang),
              area: area(missing.areaCenti, lang),
            })}
      </p>
    </div>
  );
}
