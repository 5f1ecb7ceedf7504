import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { OptionEditor, type EditorReply } from "~/components/option-editor";
import { mayReadUnpublished } from "~/models/authorization.server";
import { checkMayPostOption, cookingView, postOption } from "~/models/option.server";
import { requireDiscipline, requireRole } from "~/utils/auth.server";
import { readForm } from "~/utils/csrf.server";
import { attempt, notFoundOnDomainError, refusalOf, refusalPage } from "~/utils/errors.server";
import { redirectWithFlash } from "~/utils/flash.server";
import { idParam } from "~/utils/params.server";
import { money } from "~/lib/format";
import { localName } from "~/utils/names";
import { BLANK_VALUES, optionEditorAction } from "~/utils/option-form.server";
import { forbidden } from "~/utils/invariant";
import type { Route } from "./+types/cook";

export async function loader({ request, params }: Route.LoaderArgs) {
  const account = await requireRole(request, "expert");
  const id = idParam(params, "roundId");
  // the page lists unpublished versions: only the option panels' experts (not construction's)
  if (!(await mayReadUnpublished(id, account))) forbidden();
  const view = await notFoundOnDomainError(() => cookingView(id));
  return {
    view,
    isDesigner: account.disciplines.includes("design"),
    isAuditor: account.disciplines.includes("audit"),
    blank: BLANK_VALUES,
  };
}

export async function action({ request, params }: Route.ActionArgs) {
  const account = await requireDiscipline(request, "design");
  const id = idParam(params, "roundId");
  const allowed = () => refusalOf(() => checkMayPostOption(id, account));
  // who may post, to a round that exists, before the form (and a bill's file) is read; a refusal
  // for when (409) is said on the form as typed
  const refused = await allowed();
  if (refused && refused.status !== 409) refusalPage(refused);
  return optionEditorAction(await readForm(request), allowed, async (input) => {
    const result = await attempt(() => postOption(id, input, account));
    if (!result.ok) return result;
    return redirectWithFlash(
      request,
      `/rounds/${id}/options/${result.value.option.id}`,
      "flash.option_posted",
    );
  });
}

export default function Cook({ loaderData, actionData }: Route.ComponentProps) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const { view, isDesigner, isAuditor, blank } = loaderData;
  const reply = actionData as EditorReply | undefined;
  return (
    <>
      <nav aria-label={t("nav.breadcrumb")} className="breadcrumb">
        <Link to={`/rounds/${view.round.id}`}>
          {localName(lang, view.round.title, view.round.titleEn)}
        </Link>
      </nav>
      <h1>{t("cook.title")}</h1>
      <section aria-labelledby="options-heading">
        <h2 id="options-heading">{t("cook.options")}</h2>
        {view.options.length === 0 ? (
          <p>{t("cook.no_options")}</p>
        ) : (
          <ul className="cards">
            {view.options.map((o) => (
              <li key={o.id} className="card">
                <h3>
                  <Link to={`/rounds/${view.round.id}/options/${o.id}`}>
                    {o.code} · {o.title}
                  </Link>
                </h3>
                <p>
                  {t("option.version_line", {
                    version: o.version,
                    status: t(`version_status.${o.status}`),
                  })}{" "}
                  · {money(o.totalFen, lang)}
                </p>
              </li>
            ))}
          </ul>
        )}
        {/* only auditors may open the review queue */}
        {isAuditor && (
          <p>
            <Link to="/reviews">{t("cook.review_queue")}</Link>
          </p>
        )}
      </section>
      {isDesigner && view.round.phase === "COOKING" && (
        <section aria-labelledby="new-heading">
          <h2 id="new-heading">{t("cook.new_option")}</h2>
          <OptionEditor
            key={reply?.nonce}
            needs={view.needs}
            places={view.places}
            values={blank}
            reply={reply}
            submitLabel={t("cook.submit")}
          />
        </section>
      )}
    </>
  );
}
