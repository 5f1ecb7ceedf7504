import { useTranslation } from "react-i18next";
import { Form, Link } from "react-router";
import { z } from "zod";
import { BarChart } from "~/components/bar-chart";
import { DashboardRepairs } from "~/components/repair-stats";
import { percent } from "~/domain/fraction";
import { cityDashboard } from "~/models/dashboard.server";
import { providerStats } from "~/models/repair-service.server";
import { area, count, today } from "~/lib/format";
import { localName } from "~/utils/names";
import type { Route } from "./+types/dashboard";
import { NO_SCRIPTS } from "~/utils/scripts";

const Filters = z.object({
  district: z.coerce.number().int().positive().optional().catch(undefined),
  year: z.coerce.number().int().min(2000).max(2100).optional().catch(undefined),
});

// plain HTML: links and forms need no script
export const handle = NO_SCRIPTS;

export async function loader({ request }: Route.LoaderArgs) {
  const q = Object.fromEntries(new URL(request.url).searchParams);
  const f = Filters.parse({ district: q.district || undefined, year: q.year || undefined });
  const [d, repairs] = await Promise.all([
    cityDashboard({ districtId: f.district, year: f.year }),
    providerStats({ districtId: f.district }),
  ]);
  // the year filter offers the last four calendar years in China, this one included
  const thisYear = Number(today().slice(0, 4));
  return { d, repairs, years: [3, 2, 1, 0].map((back) => thisYear - back) };
}

export function meta() {
  return [{ title: "城市看板 · 点菜 Diancai" }];
}

export default function Dashboard({ loaderData }: Route.ComponentProps) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const { d, years } = loaderData;
  const fig = d.figures;
  const avg = (sum: number, n: number) => (n ? (sum / n).toFixed(2) : "—");
  return (
    <>
      <h1>{t("dashboard.title")}</h1>
      <Form method="get" className="filters">
        <div className="field">
          <label htmlFor="district">{t("dashboard.district")}</label>
          <select id="district" name="district" defaultValue={d.filters.districtId ?? ""}>
            <option value="">{t("dashboard.all")}</option>
            {d.districts.map((x) => (
              <option key={x.id} value={x.id}>
                {localName(lang, x.name, x.nameEn)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="year">{t("dashboard.year")}</label>
          <select id="year" name="year" defaultValue={d.filters.year ?? ""}>
            <option value="">{t("dashboard.all")}</option>
            {years.map((y) => (
              <option key={y} value={y}>
                {y}
              </option>
            ))}
          </select>
        </div>
        <button type="submit">{t("dashboard.apply")}</button>
      </Form>

      <dl className="figures" aria-label={t("dashboard.figures")}>
        {(
          [
            ["dashboard.compounds_renovated", count(fig.compoundsRenovated, lang)],
            ["dashboard.rounds_adopted", count(fig.roundsAdopted, lang)],
            ["dashboard.households_reached", count(fig.householdsReached, lang)],
            ["dashboard.area_reached", area(fig.areaReachedCenti, lang)],
            ["dashboard.elevators", count(fig.elevatorsAdded, lang)],
            [
              "dashboard.motions",
              t("dashboard.motions_value", {
                adopted: count(fig.motionsAdopted, lang),
                failed: count(fig.motionsFailed, lang),
              }),
            ],
            ["dashboard.elections", count(fig.electionsDecided, lang)],
            ["dashboard.satisfaction", avg(fig.satisfactionSum, fig.satisfactionCount)],
          ] as const
        ).map(([k, v]) => (
          <div key={k}>
            <dt>{t(k)}</dt>
            <dd>{v}</dd>
          </div>
        ))}
      </dl>

      <section aria-labelledby="facilities-heading">
        <h2 id="facilities-heading">{t("dashboard.facilities")}</h2>
        {d.facilities.length === 0 ? (
          <p>{t("dashboard.none")}</p>
        ) : (
          <BarChart
            label={t("dashboard.facilities")}
            data={d.facilities.map((x) => ({
              label: x.key === "other" ? t("dashboard.other") : t(`catalogue.${x.key}`),
              value: x.count,
            }))}
          />
        )}
      </section>

      <section aria-labelledby="participation-heading">
        <h2 id="participation-heading">{t("dashboard.participation")}</h2>
        {d.participation.length > 0 && (
          <BarChart
            label={t("dashboard.participation")}
            max={100}
            format={(v) => `${v}%`}
            data={d.participation.map((p) => ({
              label: `${localName(lang, p.compound, p.compoundEn)} ${localName(lang, p.title, p.titleEn)}`,
              value: Number(percent({ num: p.households, den: p.scopeHouseholds }, 0)),
            }))}
          />
        )}
        <div className="table-wrap" tabIndex={0}>
          <table>
            <caption>{t("dashboard.participation_table")}</caption>
            <thead>
              <tr>
                <th scope="col">{t("reviews.round")}</th>
                <th scope="col" className="num">
                  {t("tally.household_participation")}
                </th>
                <th scope="col" className="num">
                  {t("tally.area_participation")}
                </th>
              </tr>
            </thead>
            <tbody>
              {d.participation.map((p) => (
                <tr key={p.roundId}>
                  <th scope="row">
                    <Link to={`/rounds/${p.roundId}/notice`}>
                      {localName(lang, p.compound, p.compoundEn)} ·{" "}
                      {localName(lang, p.title, p.titleEn)}
                    </Link>
                  </th>
                  <td className="num">
                    {p.households}/{p.scopeHouseholds} (
                    {percent({ num: p.households, den: p.scopeHouseholds })}%)
                  </td>
                  <td className="num">{percent({ num: p.areaCenti, den: p.scopeAreaCenti })}%</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>

      <section aria-labelledby="districts-heading">
        <h2 id="districts-heading">{t("dashboard.by_district")}</h2>
        <div className="table-wrap" tabIndex={0}>
          <table>
            <thead>
              <tr>
                <th scope="col">{t("dashboard.district")}</th>
                <th scope="col" className="num">
                  {t("dashboard.compounds_renovated")}
                </th>
                <th scope="col" className="num">
                  {t("dashboard.rounds_adopted")}
                </th>
                <th scope="col" className="num">
                  {t("dashboard.satisfaction")}
                </th>
              </tr>
            </thead>
            <tbody>
              {d.byDistrict.map((x) => (
                <tr key={x.id}>
                  <th scope="row">{localName(lang, x.name, x.nameEn)}</th>
                  <td className="num">{x.compounds}</td>
                  <td className="num">{x.roundsAdopted}</td>
                  <td className="num">{avg(x.satisfactionSum, x.satisfactionCount)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        <h3>{t("dashboard.by_community")}</h3>
        <ul>
          {d.byCommunity.map((c) => (
            <li key={c.id}>
              {t("dashboard.community_satisfaction", {
                community: localName(lang, c.name, c.nameEn),
                avg: avg(c.sum, c.count),
                count: c.count,
              })}
            </li>
          ))}
        </ul>
      </section>
      <DashboardRepairs rows={loaderData.repairs} />
    </>
  );
}
