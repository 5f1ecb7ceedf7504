import { useTranslation } from "react-i18next";
import { formValues, RoundSetupForm } from "~/components/round-form";
import { DEFAULT_MIN_VOTING_DAYS, DEFAULT_OBJECTION_DAYS, DEFAULT_RULES } from "~/domain/rules";
import { compoundsOfStreet } from "~/models/round-views.server";
import { createRound } from "~/models/round-setup.server";
import { requireRole } from "~/utils/auth.server";
import { readForm } from "~/utils/csrf.server";
import { redirectWithFlash } from "~/utils/flash.server";
import { submitRoundForm } from "~/utils/round-form.server";
import type { Route } from "./+types/new-round";

export async function loader({ request }: Route.LoaderArgs) {
  const account = await requireRole(request, "street_office");
  const r = DEFAULT_RULES;
  return {
    compounds: account.streetId ? await compoundsOfStreet(account.streetId) : [],
    defaults: formValues({
      quorumNum: r.quorum.num,
      quorumDen: r.quorum.den,
      ordinaryNum: r.ordinary.num,
      ordinaryDen: r.ordinary.den,
      alterationNum: r.alteration.num,
      alterationDen: r.alteration.den,
      threshold: r.threshold,
      objectionDays: DEFAULT_OBJECTION_DAYS,
      minVotingDays: DEFAULT_MIN_VOTING_DAYS,
    }),
  };
}

export async function action({ request }: Route.ActionArgs) {
  const account = await requireRole(request, "street_office");
  const form = await readForm(request);
  const r = await submitRoundForm(form, (setup) => createRound(setup, account));
  if (!r.ok) return r.response;
  return redirectWithFlash(request, `/rounds/${r.value.id}/manage`, "flash.round_created");
}

export default function NewRoundPage({ loaderData, actionData }: Route.ComponentProps) {
  const { t } = useTranslation();
  return (
    <>
      <h1>{t("new_round.title")}</h1>
      <RoundSetupForm
        compounds={loaderData.compounds}
        defaultValue={loaderData.defaults}
        lastResult={actionData}
        submitLabel={t("new_round.submit")}
      />
    </>
  );
}
