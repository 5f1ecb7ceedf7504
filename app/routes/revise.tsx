import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { z } from "zod";
import { OptionEditor } from "~/components/option-editor";
import { cookingView, optionDetail, reviseOption } from "~/models/option.server";
import { requireExpert } from "~/utils/auth.server";
import { readForm } from "~/utils/csrf.server";
import {
  attempt,
  formProblem,
  fromFailure,
  notFoundOnDomainError,
  type FormProblem,
} from "~/utils/errors.server";
import { redirectWithFlash } from "~/utils/flash.server";
import { floorTableString, parseOptionForm } from "~/utils/option-form.server";
import type { Route } from "./+types/revise";

const Params = z.object({
  roundId: z.coerce.number().int().positive(),
  optionId: z.coerce.number().int().positive(),
});

function ids(params: unknown) {
  const p = Params.safeParse(params);
  if (!p.success) throw new Response("not found", { status: 404 });
  return p.data;
}

export async function loader({ request, params }: Route.LoaderArgs) {
  await requireExpert(request, "design");
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
    values: {
      title: latest.title,
      description: latest.description,
      durationDays: latest.durationDays,
      needIds: latest.needs.map((n) => n.id),
      lines: latest.lines,
      funding: latest.funding,
      shareMethod: latest.shareMethod,
      floorTable: floorTableString(latest.floorCoefficients),
    },
  };
}

export async function action({ request, params }: Route.ActionArgs) {
  const account = await requireExpert(request, "design");
  const { roundId, optionId } = ids(params);
  const form = await readForm(request);
  const parsed = parseOptionForm(form);
  if (!parsed.ok) return formProblem({ errors: parsed.errors, form: "errors.check_form" });
  const result = await attempt(() => reviseOption(optionId, parsed.data, account));
  if (!result.ok) return fromFailure(result);
  return redirectWithFlash(
    request,
    `/rounds/${roundId}/options/${optionId}`,
    "flash.option_revised",
  );
}

export default function Revise({ loaderData, actionData }: Route.ComponentProps) {
  const { t } = useTranslation();
  const { option, needs, values, roundId } = loaderData;
  const problem = actionData as FormProblem | undefined;
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
        needs={needs}
        values={values}
        errors={problem?.errors ?? {}}
        formError={problem?.form}
        submitLabel={t("revise.submit")}
      />
    </>
  );
}
