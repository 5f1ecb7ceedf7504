import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { Discussion } from "~/components/discussion";
import { PhaseBadge } from "~/components/phase-badge";
import type { Phase } from "~/domain/round-lifecycle";
import { discussionOf } from "~/models/comment.server";
import { needDetail } from "~/models/need.server";
import { getCurrentAccount, requireAccount } from "~/utils/auth.server";
import { readForm } from "~/utils/csrf.server";
import { discussionAction, isDiscussionIntent } from "~/utils/discussion.server";
import { notFoundOnDomainError, type FormProblem } from "~/utils/errors.server";
import { localName } from "~/utils/names";
import { idParam } from "~/utils/params.server";
import { invariantResponse } from "~/utils/invariant";
import type { Route } from "./+types/need";

// A need of the menu and its discussion: neighbours ask and answer, experts explain.
export async function loader({ request, params: raw }: Route.LoaderArgs) {
  const roundId = idParam(raw, "roundId");
  const needId = idParam(raw, "needId");
  const account = await getCurrentAccount(request);
  const need = await notFoundOnDomainError(() => needDetail(roundId, needId));
  const discussion = await discussionOf({ kind: "need", id: needId, roundId }, account);
  return { need, discussion, canComment: discussion.canComment };
}

export async function action({ request, params: raw, context }: Route.ActionArgs) {
  const roundId = idParam(raw, "roundId");
  const needId = idParam(raw, "needId");
  const account = await requireAccount(request);
  const form = await readForm(request);
  invariantResponse(isDiscussionIntent(form), "bad request");
  return discussionAction(
    request,
    form,
    { kind: "need", id: needId, roundId },
    account,
    context?.ip,
    `/rounds/${roundId}/needs/${needId}`,
  );
}

export default function NeedPage({ loaderData, actionData }: Route.ComponentProps) {
  const { t, i18n } = useTranslation();
  const { need, discussion, canComment } = loaderData;
  return (
    <>
      <nav aria-label={t("nav.breadcrumb")} className="breadcrumb">
        <Link to={`/rounds/${need.round.id}`}>
          {localName(i18n.language, need.round.title, need.round.titleEn)}
        </Link>{" "}
        <PhaseBadge phase={need.round.phase as Phase} />
      </nav>
      <h1>{need.mandatory ? t("round.mandatory_need", { building: need.title }) : need.title}</h1>
      <p className="muted">
        {t(`categories.${need.category}`)}
        {need.catalogueKey &&
          need.catalogueKey !== "structural_reinforcement" &&
          ` · ${t(`catalogue.${need.catalogueKey}`)}`}{" "}
        · {t("round.supporters", { count: need.supporters })}
      </p>
      {need.mergedIntoId && (
        <p className="notice">
          <Link to={`/rounds/${need.round.id}/needs/${need.mergedIntoId}`}>
            {t("need.merged_into")}
          </Link>
        </p>
      )}
      <p>{need.description}</p>
      <Discussion
        discussion={discussion}
        canComment={canComment}
        problem={actionData as FormProblem | undefined}
      />
    </>
  );
}
