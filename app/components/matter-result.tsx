import { useTranslation } from "react-i18next";
import { percent } from "~/domain/fraction";
import { itemBar, isMatterItem } from "~/domain/matters";
import type { RuleSet } from "~/domain/rules";
import type { Tally } from "~/domain/tally";
import { ParticipationFigures, share, useFailures } from "./participation-figures";
import { area } from "~/lib/format";

type Choice = { id: number; code: string; title: string; description?: string };
type Counted = { heads: number; areaCenti: number };
export type MatterSummary = {
  kind: "motion" | "election";
  adopted: boolean | null;
  counts: { agree: Counted; oppose: Counted; abstain: Counted } | null;
  seats: number | null;
  elected: number[] | null;
  seated: number[] | null;
  lastSeatDecidedBy: "heads" | "area" | "ballot_order" | null;
};

/** The Art. 278 item a motion or an election decides, and the bar it must clear, in words. */
export function MatterBar({ item, rules }: { item: number | null; rules: RuleSet }) {
  const { t } = useTranslation();
  if (!isMatterItem(item)) return null;
  const bar = itemBar(item);
  const f = bar === "alteration" ? rules.alteration : rules.ordinary;
  return (
    <>
      <dt>{t("matter.item")}</dt>
      <dd>
        {t("matter.item_value", { item, name: t(`matter.items.${item}`) })}
        <br />
        {t(`matter.bar_${bar}`, {
          quorum: `${rules.quorum.num}/${rules.quorum.den}`,
          fraction: `${f.num}/${f.den}`,
        })}
      </dd>
    </>
  );
}

/** A closed motion's 同意/反对/弃权 or an election's seats, beside the participation they were counted among. */
export function MatterResult({
  matter,
  tally,
  choices,
}: {
  matter: MatterSummary;
  tally: Tally;
  choices: Choice[];
}) {
  const { t, i18n } = useTranslation();
  const failures = useFailures();
  const lang = i18n.language;
  const label = (id: number) => {
    const c = choices.find((x) => x.id === id);
    return c ? `${c.code} · ${c.title}` : `#${id}`;
  };
  const ofParticipants = (c: Counted) =>
    `${share({ num: c.heads, den: tally.participatingHouseholds })} · ${area(c.areaCenti, lang)} m² (${percent({ num: c.areaCenti, den: tally.participatingAreaCenti })}%)`;
  return (
    <>
      <ParticipationFigures tally={tally} />
      {matter.kind === "motion" && matter.counts && (
        <>
          <p className="verdict">
            {t(tally.winnerOptionId != null ? "matter.motion_adopted" : "matter.motion_failed")}
          </p>
          <dl className="figures">
            {(["agree", "oppose", "abstain"] as const).map((c) => (
              <div key={c}>
                <dt>{t(`matter.choice.${c}`)}</dt>
                <dd>{ofParticipants(matter.counts![c])}</dd>
              </div>
            ))}
          </dl>
          <p>{t("matter.abstain_counts")}</p>
          {tally.options[0] && !tally.options[0].approved && (
            <p>{failures(tally.options[0].failures)}</p>
          )}
        </>
      )}
      {matter.kind === "election" && (
        <>
          <p className="verdict">
            {matter.seated && matter.seated.length > 0
              ? t("matter.seated", {
                  names: matter.seated.map(label).join("、"),
                  count: matter.seated.length,
                  seats: matter.seats ?? 0,
                })
              : t("matter.nobody_elected")}
          </p>
          <div className="table-wrap" tabIndex={0}>
            <table className="stack-narrow">
              <caption>{t("matter.candidates_caption")}</caption>
              <thead>
                <tr>
                  <th scope="col">{t("matter.candidate")}</th>
                  <th scope="col">{t("matter.approving_heads")}</th>
                  <th scope="col">{t("matter.approving_area")}</th>
                  <th scope="col">{t("tally.verdict")}</th>
                </tr>
              </thead>
              <tbody>
                {tally.options.map((o) => (
                  <tr key={o.optionId}>
                    <th scope="row">{label(o.optionId)}</th>
                    <td data-label={t("matter.approving_heads")}>{share(o.householdAgreement)}</td>
                    <td data-label={t("matter.approving_area")}>
                      {area(o.agreeingAreaCenti, lang)} m² ({percent(o.areaAgreement)}%)
                    </td>
                    <td data-label={t("tally.verdict")}>
                      {matter.seated?.includes(o.optionId)
                        ? t("matter.verdict_seated", {
                            seat: matter.seated.indexOf(o.optionId) + 1,
                          })
                        : o.approved
                          ? t("matter.verdict_elected_no_seat")
                          : failures(o.failures)}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <p>{t("matter.tie_rule")}</p>
          {matter.lastSeatDecidedBy && (
            <p className="tie-break">{t(`matter.last_seat.${matter.lastSeatDecidedBy}`)}</p>
          )}
        </>
      )}
    </>
  );
}
