import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { formValues, RoundSetupForm } from "~/components/round-form";
import { compoundsOfStreet } from "~/models/round-views.server";
import { draftForEdit, updateDraftRound } from "~/models/round-setup.server";
import { requireRole } from "~/utils/auth.server";
import { readForm } from "~/utils/csrf.server";
import { notFoundOnDomainError } from "~/utils/errors.server";
import { redirectWithFlash } from "~/utils/flash.server";
import { idParam } from "~/utils/params.server";
import { submitRoundForm } from "~/utils/round-form.server";
import type { Route } from "./+types/edit-round";

export async function loader({ request, params }: Route.LoaderArgs) {
  const account = await requireRole(request, "street_office");
  const id = idParam(params, "roundId");
  const draft = await notFoundOnDomainError(() => draftForEdit(id, account));
  return {
    id,
    compounds: account.streetId ? await compoundsOfStreet(account.streetId) : [],
    defaults: formValues({ ...draft.setup, compoundId: draft.compoundId }),
  };
}

export async function action({ request, params }: Route.ActionArgs) {
  const account = await requireRole(request, "street_office");
  const id = idParam(params, "roundId");
  const form = await readForm(request);
  const r = await submitRoundForm(form, (setup) => updateDraftRound(id, setup, account));
  if (!r.ok) return r.response;
  return redirectWithFlash(request, `/rounds/${id}/manage`, "flash.round_edited");
}

export default function EditRoundPage({ loaderData, actionData }: Route.ComponentProps) {
  const { t } = useTranslation();
  return (
    <>
      <nav aria-label={t("nav.breadcrumb")} className="breadcrumb">
        <Link to={`/rounds/${loaderData.id}/manage`}>{t("manage.title")}</Link>
      </nav>
      <h1>{t("new_round.edit_title")}</h1>
      <RoundSetupForm
        compounds={loaderData.compounds}
        defaultValue={loaderData.defaults}
        lastResult={actionData}
        submitLabel={t("new_round.save")}
      />
    </>
  );
}
