import { useTranslation } from "react-i18next";
import { Form, Link, useLocation } from "react-router";
import { normaliseReceipt } from "~/domain/receipt";
import { receiptsOf } from "~/models/transparency.server";
import { notFoundOnDomainError } from "~/utils/errors.server";
import { localName } from "~/utils/names";
import { idParam } from "~/utils/params.server";
import type { Route } from "./+types/receipts";
import { NO_SCRIPTS } from "~/utils/scripts";

// The receipt codes counted in a closed round. A household types its code to see that its
// ballot was counted; the whole list is public so anyone can count it.
// plain HTML: links and forms need no script
export const handle = NO_SCRIPTS;

export async function loader({ params }: Route.LoaderArgs) {
  const roundId = idParam(params, "roundId");
  return await notFoundOnDomainError(() => receiptsOf(roundId));
}

export default function Receipts({ loaderData }: Route.ComponentProps) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const q = new URLSearchParams(useLocation().search).get("q") ?? "";
  const wanted = normaliseReceipt(q);
  const found = wanted ? loaderData.codes.includes(wanted) : null;
  return (
    <>
      <nav aria-label={t("nav.breadcrumb")} className="breadcrumb">
        <Link to={`/rounds/${loaderData.round.id}/notice`}>
          {localName(lang, loaderData.round.title, loaderData.round.titleEn)}
        </Link>
      </nav>
      <h1>{t("receipts.title")}</h1>
      <Form method="get" className="stack narrow" role="search">
        <div className="field">
          <label htmlFor="q">{t("receipts.search")}</label>
          <input id="q" name="q" defaultValue={q} autoComplete="off" autoCapitalize="characters" />
        </div>
        <button type="submit">{t("receipts.check")}</button>
      </Form>
      {found !== null && (
        <p role="status" className={found ? "notice" : "form-error"}>
          {t(found ? "receipts.found" : "receipts.not_found", { code: wanted })}
        </p>
      )}
      <h2>{t("receipts.list", { count: loaderData.codes.length })}</h2>
      <ol className="receipt-list">
        {loaderData.codes.map((c) => (
          <li key={c}>
            <code>{c}</code>
          </li>
        ))}
      </ol>
    </>
  );
}
