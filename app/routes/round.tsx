import { useTranslation } from "react-i18next";
import { useLiveRefresh } from "~/components/live-refresh";
import { Link } from "react-router";
import { DenominatorFigures } from "~/components/denominators";
import { MatterBar, MatterResult, type MatterSummary } from "~/components/matter-result";
import { MilestoneTimeline } from "~/components/milestones";
import { PhaseSteps } from "~/components/phase-badge";
import { TallyTable } from "~/components/tally-table";
import { WarrantyClaims } from "~/components/warranty-claims";
import { percent } from "~/domain/fraction";
import { scoresVisible } from "~/domain/round-lifecycle";
import { countsSnapshot } from "~/domain/roster";
import { roundWarrantyClaims } from "~/models/repair-service.server";
import { householdsInScopeCount, roundOverview } from "~/models/round-views.server";
import { getCurrentAccount } from "~/utils/auth.server";
import { notFoundOnDomainError } from "~/utils/errors.server";
import { area, count, dateTime, day, money } from "~/lib/format";
import { localName } from "~/utils/names";
import { idParam } from "~/utils/params.server";
import type { Route } from "./+types/round";

export async function loader({ params, request }: Route.LoaderArgs) {
  const roundId = idParam(params, "roundId");
  const [round, account, warranties] = await Promise.all([
    notFoundOnDomainError(() => roundOverview(roundId)),
    getCurrentAccount(request),
    roundWarrantyClaims(roundId),
  ]);
  const inScope =
    account?.role === "resident"
      ? (await householdsInScopeCount(round.id, account.householdIds)) > 0
      : false;
  return {
    round,
    warranties,
    viewer: account && { role: account.role, disciplines: account.disciplines, inScope },
  };
}

export function meta({ data }: Route.MetaArgs) {
  return [{ title: data ? `${data.round.title} · 点菜 Diancai` : "点菜 Diancai" }];
}

export default function RoundPage({ loaderData }: Route.ComponentProps) {
  useLiveRefresh();
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const r = loaderData.round;
  const frac = (num: number, den: number) => percent({ num, den });
  const matter = r.kind === "motion" || r.kind === "election";
  return (
    <>
      <nav aria-label={t("nav.breadcrumb")} className="breadcrumb">
        <Link to="/">{t("nav.home")}</Link> ›{" "}
        <Link to={`/compounds/${r.compound.id}`}>
          {localName(lang, r.compound.name, r.compound.nameEn)}
        </Link>
      </nav>
      <h1>{localName(lang, r.title, r.titleEn)}</h1>
      {matter && <p className="muted">{t(`matter.kind.${r.kind}`)}</p>}
      <PhaseSteps phase={r.phase} kind={r.kind} />
      <p className="phase-now">
        {t("round.phase_now")}
        {t("common.colon")}
        <strong>{t(`phases.${r.phase}`)}</strong> — {t(`phase_help.${r.phase}`)}
      </p>
      <StaffLinks roundId={r.id} viewer={loaderData.viewer} phase={r.phase} />

      <section aria-labelledby="facts-heading">
        <h2 id="facts-heading">{t("round.facts")}</h2>
        <dl className="facts">
          <dt>{t("round.scope")}</dt>
          <dd>
            {t(`scope.${r.scopeKind}`)}
            {r.scopeNames.length > 0 &&
              `${t("common.colon")}${r.scopeNames.join(t("common.list_sep"))}`}
          </dd>
          <dt>{t("round.households_in_scope")}</dt>
          <dd>
            {t("denominators.heads_value", {
              heads: count(r.scopeHouseholds, lang),
              flats: r.scopeFlats,
            })}{" "}
            · {area(r.scopeAreaCenti, lang)} m²
          </dd>
          {matter && <MatterBar item={r.matterItem} rules={r.rules} />}
          {matter && r.kind === "election" && (
            <>
              <dt>{t("matter.seats_label")}</dt>
              <dd>{t("matter.seats_value", { count: r.seats ?? 0 })}</dd>
            </>
          )}
          {!matter && (
            <>
              <dt>{t("round.ordering_ends")}</dt>
              <dd>
                {day(r.deadlines.orderingEndsAt, lang)} · {t("round.deadline_target")}
              </dd>
              <dt>{t("round.cooking_ends")}</dt>
              <dd>
                {day(r.deadlines.cookingEndsAt, lang)} · {t("round.deadline_target")}
              </dd>
            </>
          )}
          <dt>{t(matter ? "matter.voting_ends" : "round.tasting_ends")}</dt>
          <dd>
            {dateTime(r.deadlines.tastingEndsAt, lang)} · {t("round.deadline_enforced")}
          </dd>
          {r.deadlines.objectionEndsAt && (
            <>
              <dt>{t("round.objection_ends")}</dt>
              <dd>{day(r.deadlines.objectionEndsAt, lang)}</dd>
            </>
          )}
          {r.budgetCapFen != null && (
            <>
              <dt>{t("round.budget_cap")}</dt>
              <dd>{money(r.budgetCapFen, lang)}</dd>
            </>
          )}
          <dt>{t("round.rules")}</dt>
          <dd>
            {t("round.rules_text", {
              quorum: `${r.rules.quorum.num}/${r.rules.quorum.den}`,
              ordinary: `${r.rules.ordinary.num}/${r.rules.ordinary.den}`,
              alteration: `${r.rules.alteration.num}/${r.rules.alteration.den}`,
              threshold: r.rules.threshold,
            })}
          </dd>
          <dt>{t("round.scores")}</dt>
          <dd>{t(r.hideScores ? "round.scores_hidden" : "round.scores_live")}</dd>
        </dl>
      </section>

      {r.denominators && (
        <section aria-labelledby="denominators-heading">
          <h2 id="denominators-heading">{t("denominators.title")}</h2>
          <DenominatorFigures d={r.denominators} flats={r.scopeFlats} rules={r.rules} />
          <p>
            <Link to={`/rounds/${r.id}/denominators`}>{t("denominators.print_link")}</Link>
          </p>
        </section>
      )}

      {["TASTING", "CLOSED", "ADOPTED", "FAILED", "CONSTRUCTION"].includes(r.phase) && (
        <section aria-labelledby="participation-heading">
          <h2 id="participation-heading">{t("round.participation")}</h2>
          <dl className="figures">
            <div>
              <dt>{t("round.households_voted")}</dt>
              <dd>
                {count(r.participatingHouseholds, lang)} / {count(r.scopeHouseholds, lang)} (
                {frac(r.participatingHouseholds, r.scopeHouseholds)}%)
              </dd>
            </div>
            <div>
              <dt>{t("round.area_voted")}</dt>
              <dd>
                {area(r.participatingAreaCenti, lang)} m² (
                {frac(r.participatingAreaCenti, r.scopeAreaCenti)}%)
              </dd>
            </div>
          </dl>
        </section>
      )}

      {r.live && (
        <section aria-labelledby="live-heading">
          <h2 id="live-heading">{t("round.live_heading")}</h2>
          <p>{t("round.live_hint")}</p>
          <TallyTable tally={r.live} options={r.options} />
        </section>
      )}

      {r.tally && scoresVisible(r.phase, r.hideScores) && (
        <section aria-labelledby="result-heading">
          <h2 id="result-heading">{t("round.result")}</h2>
          {!matter && (
            <p className="verdict">
              {r.tally.winnerOptionId != null
                ? t("round.winner_is", {
                    option: r.options.find((o) => o.id === r.tally!.winnerOptionId)?.title ?? "",
                  })
                : t(`round.failure.${r.tally.failure}`)}
            </p>
          )}
          {r.matter ? (
            <MatterResult matter={r.matter as MatterSummary} tally={r.tally} choices={r.options} />
          ) : (
            <TallyTable tally={r.tally} options={r.options} />
          )}
          <p>
            <Link to={`/rounds/${r.id}/notice`}>{t("round.notice_link")}</Link>
          </p>
          <p>
            {t("round.objections_count", {
              total: r.objections.total,
              unanswered: r.objections.unanswered,
            })}
          </p>
        </section>
      )}

      {matter && r.options.length > 0 && (
        <section aria-labelledby="options-heading">
          <h2 id="options-heading">
            {t(r.kind === "motion" ? "matter.question" : "matter.candidates")}
          </h2>
          <ul className="cards">
            {r.options.map((o) => (
              <li key={o.id} className="card">
                <h3>
                  {r.kind === "election" && `${o.code} · `}
                  {o.title}
                </h3>
                <p>{o.description}</p>
              </li>
            ))}
          </ul>
          {r.kind === "motion" && <p>{t("matter.abstain_counts")}</p>}
          {r.kind === "election" && <p>{t("matter.tie_rule")}</p>}
        </section>
      )}

      {!matter && r.options.length > 0 && (
        <section aria-labelledby="options-heading">
          <h2 id="options-heading">{t("round.options")}</h2>
          <ul className="cards">
            {r.options.map((o) => (
              <li key={o.id} className="card">
                <h3>
                  <Link to={`/rounds/${r.id}/options/${o.id}`}>
                    {o.code} · {o.title}
                  </Link>
                </h3>
                <p>{o.description}</p>
                <p>
                  {t("round.option_total", { total: money(o.totalFen, lang) })} ·{" "}
                  {t("round.option_days", { days: o.durationDays })} · {t(`option_kind.${o.kind}`)}
                </p>
              </li>
            ))}
          </ul>
        </section>
      )}

      {r.needs.length > 0 && (
        <section aria-labelledby="menu-heading">
          <h2 id="menu-heading">{t(r.menuFrozen ? "round.menu_frozen" : "round.menu_open")}</h2>
          <ol className="menu">
            {r.needs.map((n) => (
              <li key={n.id}>
                <Link className="need-title" to={`/rounds/${r.id}/needs/${n.id}`}>
                  {n.mandatory ? t("round.mandatory_need", { building: n.title }) : n.title}
                </Link>{" "}
                <span className="muted">
                  {t(`categories.${n.category}`)}
                  {n.catalogueKey &&
                    n.catalogueKey !== "structural_reinforcement" &&
                    ` · ${t(`catalogue.${n.catalogueKey}`)}`}{" "}
                  · {t("round.supporters", { count: n.supports })}
                </span>
              </li>
            ))}
          </ol>
        </section>
      )}

      <MilestoneTimeline milestones={r.milestones} />
      <WarrantyClaims warranties={loaderData.warranties} />
    </>
  );
}

type Viewer = { role: string; disciplines: string[]; inScope: boolean } | null;

/** What the signed-in viewer can go and do in this round. */
function StaffLinks({
  roundId,
  viewer,
  phase,
}: {
  roundId: number;
  viewer: Viewer;
  phase: string;
}) {
  const { t } = useTranslation();
  if (!viewer) return null;
  const links: [string, string][] = [];
  if (viewer.role === "resident" && viewer.inScope && phase !== "DRAFT")
    links.push([`/rounds/${roundId}/participate`, "round.participate_link"]);
  if (viewer.role === "street_office")
    links.push([`/rounds/${roundId}/manage`, "round.manage_link"]);
  if (viewer.role === "community_worker")
    links.push([`/rounds/${roundId}/work`, "round.work_link"]);
  if (
    (viewer.role === "community_worker" || viewer.role === "street_office") &&
    (phase === "ORDERING" || phase === "TASTING")
  )
    links.push([`/rounds/${roundId}/doors`, "round.doors_link"]);
  if (
    (viewer.role === "community_worker" || viewer.role === "street_office") &&
    countsSnapshot(phase)
  )
    links.push([`/rounds/${roundId}/snapshot`, "round.snapshot_link"]);
  if (viewer.role === "street_office" && phase === "CONSTRUCTION")
    links.push([`/rounds/${roundId}/warranty`, "repairs.warranty.link"]);
  if (viewer.role === "expert" && phase === "COOKING")
    links.push([`/rounds/${roundId}/cook`, "round.cook_link"]);
  if (links.length === 0) return null;
  return (
    <ul className="actions">
      {links.map(([to, key]) => (
        <li key={to}>
          <Link className="button" to={to}>
            {t(key)}
          </Link>
        </li>
      ))}
    </ul>
  );
}
