import { useTranslation } from "react-i18next";
import { Duration } from "~/components/repair-stats";
import { percent, type MonthResult, type TrialFigures } from "~/domain/property-trial";
import { count, day, money } from "~/lib/format";
import { localName } from "~/utils/names";

export type TrialSummary = {
  id: number;
  company: string;
  companyEn: string | null;
  startsAt: Date | string;
  endsAt: Date | string;
  priceFen: number;
  termYears: number;
  responseHours: number;
  repairHours: number;
  status: string;
  stage: "before" | "running" | "over";
  figures: TrialFigures;
  months: MonthResult[];
};

/** "¥0.50/m²/月": a price per m² of exclusive area per month. */
export function PricePerArea({ fen }: { fen: number }) {
  const { t, i18n } = useTranslation();
  return <>{t("trial.price_per_area", { price: money(fen, i18n.language) })}</>;
}

/** The last day of a trial: its end is 00:00 of the day after. */
const lastDay = (endsAt: Date | string) => new Date(new Date(endsAt).getTime() - 1);

const satisfaction = (centi: number | null) => (centi === null ? "—" : (centi / 100).toFixed(2));

/**
 * A trial's terms, its figures from the repairs reported during it, against the company's own
 * promise, and each month's answers: on the compound page, the staff page and beside the ballot.
 */
export function TrialFiguresSection({
  trial,
  headingLevel = 2,
}: {
  trial: TrialSummary;
  headingLevel?: 2 | 3;
}) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const H = `h${headingLevel}` as "h2";
  const Sub = `h${headingLevel + 1}` as "h3";
  const f = trial.figures;
  const company = localName(lang, trial.company, trial.companyEn);
  return (
    <section aria-labelledby={`trial-${trial.id}-heading`} className="card stack">
      <H id={`trial-${trial.id}-heading`}>{t("trial.heading", { company })}</H>
      <p>
        {t(`trial.status.${trial.status === "on_trial" ? trial.stage : trial.status}`)} ·{" "}
        {t("trial.dates", {
          from: day(trial.startsAt, lang),
          to: day(lastDay(trial.endsAt), lang),
        })}
      </p>
      <dl className="figures">
        <div>
          <dt>{t("trial.price")}</dt>
          <dd>
            <PricePerArea fen={trial.priceFen} />
          </dd>
        </div>
        <div>
          <dt>{t("trial.promise_response")}</dt>
          <dd>{t("trial.hours", { count: trial.responseHours })}</dd>
        </div>
        <div>
          <dt>{t("trial.promise_repair")}</dt>
          <dd>{t("trial.hours", { count: trial.repairHours })}</dd>
        </div>
      </dl>
      <div className="table-wrap" tabIndex={0}>
        <table>
          <caption>{t("trial.figures_caption")}</caption>
          <tbody>
            <tr>
              <th scope="row">{t("trial.figures.tickets")}</th>
              <td>{count(f.tickets, lang)}</td>
            </tr>
            <tr>
              <th scope="row">{t("trial.figures.median_answer")}</th>
              <td>
                <Duration minutes={f.medianAnswerMinutes} />
              </td>
            </tr>
            <tr>
              <th scope="row">{t("trial.figures.answered_in_time")}</th>
              <td>
                {percent(f.answeredInTime)}{" "}
                <span className="muted">
                  {t("trial.figures.of", { num: f.answeredInTime.num, den: f.answeredInTime.den })}
                </span>
              </td>
            </tr>
            <tr>
              <th scope="row">{t("trial.figures.median_fix")}</th>
              <td>
                <Duration minutes={f.medianFixMinutes} />
              </td>
            </tr>
            <tr>
              <th scope="row">{t("trial.figures.fixed_in_time")}</th>
              <td>
                {percent(f.fixedInTime)}{" "}
                <span className="muted">
                  {t("trial.figures.of", { num: f.fixedInTime.num, den: f.fixedInTime.den })}
                </span>
              </td>
            </tr>
            <tr>
              <th scope="row">{t("trial.figures.reopened")}</th>
              <td>{count(f.reopened, lang)}</td>
            </tr>
            <tr>
              <th scope="row">{t("trial.figures.ratings")}</th>
              <td>
                {satisfaction(f.satisfactionCenti)}{" "}
                <span className="muted">{t("repairs.stats.ratings", { count: f.ratings })}</span>
              </td>
            </tr>
          </tbody>
        </table>
      </div>
      <Sub>{t("trial.monthly_heading")}</Sub>
      <p className="muted">{t("trial.question")}</p>
      {trial.months.length === 0 ? (
        <p>{t("trial.no_answers")}</p>
      ) : (
        <div className="table-wrap" tabIndex={0}>
          <table className="stack-narrow">
            <caption>{t("trial.monthly_caption")}</caption>
            <thead>
              <tr>
                <th scope="col">{t("trial.month")}</th>
                <th scope="col">{t("trial.answers.satisfied")}</th>
                <th scope="col">{t("trial.answers.fair")}</th>
                <th scope="col">{t("trial.answers.dissatisfied")}</th>
                <th scope="col">{t("trial.content_share")}</th>
              </tr>
            </thead>
            <tbody>
              {trial.months.map((m) => (
                <tr key={m.month}>
                  <th scope="row">{m.month}</th>
                  <td data-label={t("trial.answers.satisfied")}>{count(m.satisfied, lang)}</td>
                  <td data-label={t("trial.answers.fair")}>{count(m.fair, lang)}</td>
                  <td data-label={t("trial.answers.dissatisfied")}>
                    {count(m.dissatisfied, lang)}
                  </td>
                  <td data-label={t("trial.content_share")}>{percent(m.content)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

export type Management = {
  mode: string;
  providerName: string;
  providerEn: string | null;
  priceFen: number | null;
  trialId: number | null;
} | null;

/** Who manages the compound: a property company at its agreed price, or the community (社区兜底). */
export function ManagementLine({
  management,
  community,
}: {
  management: Management;
  community: string;
}) {
  const { t, i18n } = useTranslation();
  if (!management || management.mode !== "property_company")
    return <p>{t("trial.managed_by_community", { community })}</p>;
  const company = localName(i18n.language, management.providerName, management.providerEn);
  return (
    <p>
      {management.priceFen !== null
        ? t("trial.managed_by_company_price", {
            company,
            price: t("trial.price_per_area", { price: money(management.priceFen, i18n.language) }),
          })
        : t("trial.managed_by_company", { company })}
      {management.trialId !== null && <> {t("trial.hired_by_owners")}</>}
    </p>
  );
}

/** The notice's word on a trial's motion once decided: who manages the compound now. */
export function TrialVerdict({ trial }: { trial: TrialSummary }) {
  const { t, i18n } = useTranslation();
  if (trial.status !== "adopted" && trial.status !== "failed") return null;
  const company = localName(i18n.language, trial.company, trial.companyEn);
  const price = t("trial.price_per_area", { price: money(trial.priceFen, i18n.language) });
  return <p className="verdict">{t(`trial.notice_${trial.status}`, { company, price })}</p>;
}
