import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { PhaseBadge } from "~/components/phase-badge";
import { CompoundRepairs } from "~/components/repair-stats";
import { isDangerous } from "~/domain/catalogue";
import { compoundPage } from "~/models/place.server";
import { compoundRepairStats } from "~/models/repair-service.server";
import { compoundTrial } from "~/models/property-trial.server";
import { ManagementLine, TrialFiguresSection } from "~/components/trial-figures";
import { notFoundOnDomainError } from "~/utils/errors.server";
import { area, count, day } from "~/lib/format";
import { localName } from "~/utils/names";
import { idParam } from "~/utils/params.server";
import type { Route } from "./+types/compound";
import { NO_SCRIPTS } from "~/utils/scripts";

// plain HTML: links and forms need no script
export const handle = NO_SCRIPTS;

export async function loader({ params }: Route.LoaderArgs) {
  const compoundId = idParam(params, "compoundId");
  const [compound, repairs, trial] = await Promise.all([
    notFoundOnDomainError(() => compoundPage(compoundId)),
    compoundRepairStats(compoundId),
    compoundTrial(compoundId),
  ]);
  return { compound, repairs, trial };
}

export function meta({ data }: Route.MetaArgs) {
  return [{ title: data ? `${data.compound.name} · 点菜 Diancai` : "点菜 Diancai" }];
}

export default function Compound({ loaderData }: Route.ComponentProps) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const c = loaderData.compound;
  return (
    <>
      <nav aria-label={t("nav.breadcrumb")} className="breadcrumb">
        <Link to="/">{t("nav.home")}</Link> › {localName(lang, c.district, c.districtEn)} ›{" "}
        {localName(lang, c.street, c.streetEn)} › {localName(lang, c.community, c.communityEn)}
      </nav>
      <h1>{localName(lang, c.name, c.nameEn)}</h1>
      <p>
        {c.address} · {t("compound.built", { year: c.builtYear })}
      </p>
      <dl className="figures">
        <div>
          <dt>{t("compound.buildings")}</dt>
          <dd>{count(c.buildings.length, lang)}</dd>
        </div>
        <div>
          <dt>{t("compound.households")}</dt>
          <dd>{count(c.households, lang)}</dd>
        </div>
        <div>
          <dt>{t("compound.area")}</dt>
          <dd>{area(c.areaCenti, lang)}</dd>
        </div>
      </dl>
      <section aria-labelledby="management-heading">
        <h2 id="management-heading">{t("trial.management_heading")}</h2>
        <ManagementLine
          management={loaderData.trial.management}
          community={localName(lang, c.community, c.communityEn)}
        />
        {loaderData.trial.trial && (
          <>
            <TrialFiguresSection trial={loaderData.trial.trial} headingLevel={3} />
            {loaderData.trial.trial.status === "on_trial" &&
              loaderData.trial.trial.stage === "running" && (
                <p>
                  <Link to={`/trials/${loaderData.trial.trial.id}/satisfaction`}>
                    {t("trial.answer_link")}
                  </Link>
                </p>
              )}
            {loaderData.trial.trial.motionId !== null && (
              <p>
                <Link to={`/rounds/${loaderData.trial.trial.motionId}`}>
                  {t("trial.motion_link")}
                </Link>
              </p>
            )}
          </>
        )}
        <p>
          <Link to={`/compounds/${c.id}/trial`}>{t("trial.staff_link")}</Link>
        </p>
      </section>
      <section aria-labelledby="rounds-heading">
        <h2 id="rounds-heading">{t("compound.rounds")}</h2>
        {c.rounds.length === 0 ? (
          <p>{t("compound.no_rounds")}</p>
        ) : (
          <ul className="cards">
            {c.rounds.map((r) => (
              <li key={r.id} className="card">
                <h3>
                  <Link to={`/rounds/${r.id}`}>{localName(lang, r.title, r.titleEn)}</Link>
                </h3>
                <p>
                  <PhaseBadge phase={r.phase} /> · {t(`scope.${r.scopeKind}`)} ·{" "}
                  {t("compound.tasting_ends", { date: day(r.tastingEndsAt, lang) })}
                </p>
              </li>
            ))}
          </ul>
        )}
      </section>
      <section aria-labelledby="buildings-heading">
        <h2 id="buildings-heading">{t("compound.buildings")}</h2>
        <div className="table-wrap" tabIndex={0}>
          <table>
            <thead>
              <tr>
                <th scope="col">{t("compound.building")}</th>
                <th scope="col">{t("compound.floors")}</th>
                <th scope="col">{t("compound.units")}</th>
                <th scope="col">{t("compound.households")}</th>
                <th scope="col">{t("compound.grade")}</th>
              </tr>
            </thead>
            <tbody>
              {c.buildings.map((b) => (
                <tr key={b.id}>
                  <th scope="row">{b.name}</th>
                  <td>{b.floors}</td>
                  <td>{b.units}</td>
                  <td>{b.households}</td>
                  <td>
                    {b.safetyGrade}
                    {isDangerous(b.safetyGrade) && (
                      <strong className="warn"> {t("compound.dangerous")}</strong>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>
      <CompoundRepairs
        compoundId={c.id}
        {...loaderData.repairs}
        fallbackName={localName(lang, c.community, c.communityEn)}
      />
    </>
  );
}
