import { useTranslation } from "react-i18next";
import { Link, useLocation } from "react-router";
import { PhaseBadge } from "~/components/phase-badge";
import type { Phase } from "~/domain/round-lifecycle";
import { residentHome, staffRounds } from "~/models/account.server";
import { requireAccount } from "~/utils/auth.server";
import { area } from "~/utils/format";
import { localName } from "~/utils/names";
import type { Route } from "./+types/me";

export async function loader({ request }: Route.LoaderArgs) {
  const account = await requireAccount(request);
  return {
    account: { displayName: account.displayName, role: account.role },
    households: account.role === "resident" ? await residentHome(account.id) : [],
    staff: account.role === "resident" ? null : await staffRounds(account),
    isAuditor: account.disciplines.includes("audit"),
  };
}

export default function Me({ loaderData }: Route.ComponentProps) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const bound = new URLSearchParams(useLocation().search).get("bound") === "1";
  const { account, households, staff, isAuditor } = loaderData;
  const workLink =
    account.role === "street_office"
      ? "manage"
      : account.role === "community_worker"
        ? "work"
        : "cook";
  return (
    <>
      <h1>{t("me.title", { name: account.displayName })}</h1>
      <p>{t("me.role", { role: t(`roles.${account.role}`) })}</p>
      {bound && (
        <p role="status" className="notice">
          {t("me.bound")}
        </p>
      )}
      {account.role === "resident" && (
        <section aria-labelledby="households-heading">
          <h2 id="households-heading">{t("me.households")}</h2>
          {households.length === 0 && <p>{t("me.no_household")}</p>}
          {households.map((h) => (
            <article key={h.householdId} className="card">
              <h3>
                <Link to={`/compounds/${h.compound.id}`}>
                  {localName(lang, h.compound.name, h.compound.nameEn)}
                </Link>{" "}
                {h.address}
              </h3>
              <p>{t("me.area", { area: area(h.areaCenti, lang) })}</p>
              {h.rounds.length === 0 ? (
                <p>{t("me.no_rounds")}</p>
              ) : (
                <ul>
                  {h.rounds.map((r) => (
                    <li key={r.id}>
                      <Link to={`/rounds/${r.id}`}>{localName(lang, r.title, r.titleEn)}</Link>{" "}
                      <PhaseBadge phase={r.phase as Phase} /> — {t(`asked_now.${r.phase}`)}
                    </li>
                  ))}
                </ul>
              )}
            </article>
          ))}
          <p>
            <Link to="/join">{t("me.bind_another")}</Link>
          </p>
        </section>
      )}
      {staff && (
        <section aria-labelledby="work-heading">
          <h2 id="work-heading">{t("me.work")}</h2>
          <ul className="actions">
            {account.role === "street_office" && (
              <li>
                <Link className="button" to="/rounds/new">
                  {t("new_round.title")}
                </Link>
              </li>
            )}
            {isAuditor && (
              <li>
                <Link className="button" to="/reviews">
                  {t("reviews.title")}
                </Link>
              </li>
            )}
            {account.role === "admin" && (
              <li>
                <Link className="button" to="/admin">
                  {t("admin.title")}
                </Link>
              </li>
            )}
            {staff.compounds.map((c) => (
              <li key={c.id}>
                <Link className="button" to={`/compounds/${c.id}/households`}>
                  {t("me.roster", { compound: localName(lang, c.name, c.nameEn) })}
                </Link>
              </li>
            ))}
          </ul>
          {staff.rounds.length === 0 ? (
            <p>{t("me.no_work")}</p>
          ) : (
            <ul>
              {staff.rounds.map((r) => (
                <li key={r.id}>
                  {localName(lang, r.compound.name, r.compound.nameEn)} ·{" "}
                  <Link to={`/rounds/${r.id}/${workLink}`}>
                    {localName(lang, r.title, r.titleEn)}
                  </Link>{" "}
                  <PhaseBadge phase={r.phase as Phase} />
                </li>
              ))}
            </ul>
          )}
        </section>
      )}
    </>
  );
}
