import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { OptionEditor, type EditorReply } from "~/components/option-editor";
import {
  checkMayReviseOption,
  cookingView,
  optionDetail,
  reviseOption,
} from "~/models/option.server";
import { requireDiscipline } from "~/utils/auth.server";
import { readForm } from "~/utils/csrf.server";
import { attempt, notFoundOnDomainError, refusalOf, refusalPage } from "~/utils/errors.server";
import { redirectWithFlash } from "~/utils/flash.server";
import { optionEditorAction, valuesOfVersion } from "~/utils/option-form.server";
import { idParam } from "~/utils/params.server";
import type { Route } from "./+types/revise";

function ids(params: Route.LoaderArgs["params"]) {
  return { roundId: idParam(params, "roundId"), optionId: idParam(params, "optionId") };
}

export async function loader({ request, params }: Route.LoaderArgs) {
  await requireDiscipline(request, "design");
  const { roundId, optionId } = ids(params);
  const [option, view] = await Promise.all([
    notFoundOnDomainError(() => optionDetail(roundId, optionId, true)),
    notFoundOnDomainError(() => cookingView(roundId)),
  ]);
  const latest = option.versions[0];
  return {
    roundId,
    option: { id: option.id, code: option.code, version: latest.version, reviews: latest.reviews },
    needs: view.needs,
    places: view.places,
    values: valuesOfVersion(latest),
  };
}

export async function action({ request, params }: Route.ActionArgs) {
  const account = await requireDiscipline(request, "design");
  const { roundId, optionId } = ids(params);
  const allowed = () => refusalOf(() => checkMayReviseOption(optionId, account));
  // who may post, to a round that exists, before the form (and a bill's file) is read; a refusal
  // for when (409) is said on the form as typed
  const refused = await allowed();
  if (refused && refused.status !== 409) refusalPage(refused);
  return optionEditorAction(await readForm(request), allowed, async (input) => {
    const result = await attempt(() => reviseOption(optionId, input, account));
    if (!result.ok) return result;
    return redirectWithFlash(
      request,
      `/rounds/${roundId}/options/${optionId}`,
      "flash.option_revised",
    );
  });
}

export default function Revise({ loaderData, actionData }: Route.ComponentProps) {
  const { t } = useTranslation();
  const { option, needs, places, values, roundId } = loaderData;
  const reply = actionData as EditorReply | undefined;
  const lastReview = option.reviews.at(-1);
  return (
    <>
      <nav aria-label={t("nav.breadcrumb")} className="breadcrumb">
        <Link to={`/rounds/${roundId}/options/${option.id}`}>
          {t("option.heading", { code: option.code })}
        </Link>
      </nav>
      <h1>{t("revise.title", { code: option.code, version: option.version + 1 })}</h1>
      {lastReview?.decision === "returned" && (
        <p className="form-error">
          {t("revise.returned_because", { reasons: lastReview.reasons ?? "" })}
        </p>
      )}
      <OptionEditor
        key={reply?.nonce}
        needs={needs}
        places={places}
        values={values}
        reply={reply}
        submitLabel={t("revise.submit")}
      />
    </>
  );
}
