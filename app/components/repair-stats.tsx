import { useTranslation } from "react-i18next";
import type { ServiceStats } from "~/domain/repairs";
import { Link } from "react-router";
import { count } from "~/lib/format";
import { localName } from "~/utils/names";

/** "3 h 20 min", "2 d 4 h": a duration in minutes as people say it. */
export function Duration({ minutes }: { minutes: number | null }) {
  const { t } = useTranslation();
  if (minutes === null) return <>—</>;
  const m = Math.abs(minutes);
  const d = Math.floor(m / 1440);
  const h = Math.floor((m % 1440) / 60);
  const text =
    d > 0
      ? t("repairs.duration.days", { d, h })
      : h > 0
        ? t("repairs.duration.hours", { h, m: m % 60 })
        : t("repairs.duration.minutes", { m });
  return <>{minutes < 0 ? t("repairs.duration.late", { text }) : text}</>;
}

const share = (s: ServiceStats["onTime"]) =>
  s.den ? `${Math.floor((s.num * 1000) / s.den + 0.5) / 10}%` : "—";
const satisfaction = (centi: number | null) => (centi === null ? "—" : (centi / 100).toFixed(2));

type Row = { key: string; name: string; mode: string; stats: ServiceStats };

/** Each property service's public figures: tickets, median times, share on time, satisfaction. */
export function RepairStatsTable({ rows, caption }: { rows: Row[]; caption: string }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  return (
    <div className="table-wrap" tabIndex={0}>
      <table className="stack-narrow">
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{t("repairs.stats.provider")}</th>
            <th scope="col">{t("repairs.stats.tickets")}</th>
            <th scope="col">{t("repairs.stats.open")}</th>
            <th scope="col">{t("repairs.stats.median_answer")}</th>
            <th scope="col">{t("repairs.stats.median_fix")}</th>
            <th scope="col">{t("repairs.stats.on_time")}</th>
            <th scope="col">{t("repairs.stats.satisfaction")}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.key}>
              <th scope="row">
                {r.name} <span className="muted">({t(`repairs.modes.${r.mode}`)})</span>
              </th>
              <td data-label={t("repairs.stats.tickets")}>{count(r.stats.tickets, lang)}</td>
              <td data-label={t("repairs.stats.open")}>
                {count(r.stats.open, lang)}
                {r.stats.overdue > 0 && (
                  <strong className="warn">
                    {" "}
                    {t("repairs.stats.overdue", { count: r.stats.overdue })}
                  </strong>
                )}
              </td>
              <td data-label={t("repairs.stats.median_answer")}>
                <Duration minutes={r.stats.medianAnswerMinutes} />
              </td>
              <td data-label={t("repairs.stats.median_fix")}>
                <Duration minutes={r.stats.medianFixMinutes} />
              </td>
              <td data-label={t("repairs.stats.on_time")}>{share(r.stats.onTime)}</td>
              <td data-label={t("repairs.stats.satisfaction")}>
                {satisfaction(r.stats.satisfactionCenti)}
                {r.stats.ratings > 0 && (
                  <span className="muted">
                    {" "}
                    {t("repairs.stats.ratings", { count: r.stats.ratings })}
                  </span>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

type Service = {
  mode: string;
  providerName: string;
  providerEn: string | null;
  serviceHours: string;
};

/** The compound page's section: who serves it, when, and how well. */
export function CompoundRepairs({
  compoundId,
  service,
  stats,
  escalated,
  fallbackName,
}: {
  compoundId: number;
  service: Service | null;
  stats: ServiceStats;
  escalated: number;
  fallbackName: string;
}) {
  const { t, i18n } = useTranslation();
  const name = service
    ? localName(i18n.language, service.providerName, service.providerEn)
    : fallbackName;
  return (
    <section aria-labelledby="repairs-heading">
      <h2 id="repairs-heading">{t("repairs.public.title")}</h2>
      <p>
        {service
          ? t(
              service.serviceHours
                ? "repairs.public.served_by"
                : "repairs.public.served_by_no_hours",
              {
                provider: name,
                mode: t(`repairs.modes.${service.mode}`),
                hours: service.serviceHours,
              },
            )
          : t("repairs.public.fallback", { community: fallbackName })}{" "}
        <Link to="/repairs">{t("repairs.public.report_link")}</Link>
      </p>
      {escalated > 0 && (
        <p className="warn">{t("repairs.public.escalated", { count: escalated })}</p>
      )}
      <RepairStatsTable
        caption={t("repairs.public.caption")}
        rows={[{ key: String(compoundId), name, mode: service?.mode ?? "community", stats }]}
      />
    </section>
  );
}

/** The city dashboard's section: every property service's figures, with the downloads. */
export function DashboardRepairs({
  rows,
}: {
  rows: { name: string; nameEn: string | null; mode: string; stats: ServiceStats }[];
}) {
  const { t, i18n } = useTranslation();
  return (
    <section aria-labelledby="repairs-heading">
      <h2 id="repairs-heading">{t("repairs.public.dashboard_title")}</h2>
      {rows.length === 0 ? (
        <p>{t("repairs.public.none")}</p>
      ) : (
        <RepairStatsTable
          caption={t("repairs.public.dashboard_caption")}
          rows={rows.map((r) => ({
            key: `${r.mode}:${r.name}`,
            name: localName(i18n.language, r.name, r.nameEn),
            mode: r.mode,
            stats: r.stats,
          }))}
        />
      )}
      <ul className="actions">
        <li>
          <a href="/repairs/export/services.csv">{t("repairs.public.csv")}</a>
        </li>
        <li>
          <a href="/repairs/export/services.xlsx">{t("repairs.public.xlsx")}</a>
        </li>
      </ul>
    </section>
  );
}
