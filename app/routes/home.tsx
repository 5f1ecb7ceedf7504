import { useTranslation } from "react-i18next";
import { Link, useRouteLoaderData } from "react-router";
import { PHASES } from "~/domain/round-lifecycle";
import { cityOverview } from "~/models/place.server";
import { area, count } from "~/lib/format";
import { localName } from "~/utils/names";
import type { Route } from "./+types/home";
import type { RootData } from "~/root";
import { NO_SCRIPTS } from "~/utils/scripts";

// plain HTML: links and forms need no script
export const handle = NO_SCRIPTS;

export async function loader() {
  return { overview: await cityOverview() };
}

export function meta() {
  return [
    { title: "点菜 Diancai" },
    { name: "description", content: "社区点菜 · 专家炒菜 · 群众评菜" },
  ];
}

export default function Home({ loaderData }: Route.ComponentProps) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const o = loaderData.overview;
  const account = (useRouteLoaderData("root") as RootData | undefined)?.account;
  if (!o) return <p>{t("home.empty")}</p>;
  const f = o.figures;
  const figures: [string, string][] = [
    ["home.fig_compounds", count(f.compounds, lang)],
    ["home.fig_households", count(f.households, lang)],
    ["home.fig_area", area(f.areaCenti, lang)],
    ["home.fig_taking_part", count(f.headsTakingPart, lang)],
    ["home.fig_renovated", count(f.compoundsRenovated, lang)],
    ["home.fig_satisfaction", f.satisfactionAvg == null ? "—" : f.satisfactionAvg.toFixed(2)],
  ];
  return (
    <>
      <section className="hero">
        <h1>{t("home.title", { city: localName(lang, o.city.name, o.city.nameEn) })}</h1>
        <p className="lead">{t("home.lead")}</p>
        {!account && (
          <ul className="actions">
            <li>
              <Link className="button" to="/join">
                {t("home.join")}
              </Link>
            </li>
          </ul>
        )}
      </section>
      <section aria-labelledby="figures-heading">
        <h2 id="figures-heading">{t("home.figures")}</h2>
        <dl className="figures">
          {figures.map(([label, value]) => (
            <div key={label}>
              <dt>{t(label)}</dt>
              <dd>{value}</dd>
            </div>
          ))}
        </dl>
        <h3>{t("home.rounds_by_phase")}</h3>
        <ul className="chips">
          {PHASES.map((p) => (
            <li key={p}>
              {t(`phases.${p}`)}
              {t("common.colon")}
              <strong>{f.roundsByPhase[p] ?? 0}</strong>
            </li>
          ))}
        </ul>
      </section>
      {o.districts.map((d) => (
        <section key={d.id} aria-labelledby={`district-${d.id}`}>
          <h2 id={`district-${d.id}`}>{localName(lang, d.name, d.nameEn)}</h2>
          <ul className="cards">
            {d.compounds.map((c) => (
              <li key={c.id} className="card">
                <h3>
                  <Link to={`/compounds/${c.id}`}>{localName(lang, c.name, c.nameEn)}</Link>
                </h3>
                <p>
                  {localName(lang, c.street, c.streetEn)} ·{" "}
                  {localName(lang, c.community, c.communityEn)}
                </p>
                <p>{t("home.compound_rounds", { count: c.rounds, active: c.active })}</p>
              </li>
            ))}
          </ul>
        </section>
      ))}
    </>
  );
}
