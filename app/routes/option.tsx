import { useTranslation } from "react-i18next";
import { Form, Link, useNavigation } from "react-router";
import { z } from "zod";
import { BoqTable, FundingTable } from "~/components/boq";
import { CsrfInput } from "~/components/csrf-input";
import { TextAreaField } from "~/components/field";
import { FormError } from "~/components/form-error";
import { Discussion } from "~/components/discussion";
import { UTILITY_KINDS } from "~/domain/catalogue";
import { residentsPartFen, type Serves } from "~/domain/cost-share";
import { HouseholdShare } from "~/components/household-share";
import { ReadAloud, spokenYuan } from "~/components/read-aloud";
import { placeNames, type ScopePlace } from "~/domain/places";
import { discussionOf } from "~/models/comment.server";
import { mayReadUnpublished } from "~/models/authorization.server";
import { discussionAction, isDiscussionIntent } from "~/utils/discussion.server";
import {
  addConstraint,
  optionDetail,
  residentShares,
  reviewVersion,
  setOptionKind,
} from "~/models/option.server";
import { getCurrentAccount, requireAccount } from "~/utils/auth.server";
import { readForm } from "~/utils/csrf.server";
import {
  attempt,
  formProblem,
  fromFailure,
  notFoundOnDomainError,
  type FormProblem,
} from "~/utils/errors.server";
import { redirectWithFlash } from "~/utils/flash.server";
import { day, money } from "~/lib/format";
import { parseForm } from "~/utils/forms";
import { localName } from "~/utils/names";
import { idParam } from "~/utils/params.server";
import type { Route } from "./+types/option";

const Intent = z.discriminatedUnion("intent", [
  z.object({
    intent: z.literal("review"),
    versionId: z.coerce.number().int().positive(),
    decision: z.enum(["approved", "returned"], { error: "errors.invalid" }),
    reasons: z
      .string()
      .trim()
      .max(2000, "errors.too_long")
      .optional()
      .transform((s) => s || null),
  }),
  z.object({
    intent: z.literal("constraint"),
    utilityKind: z.enum(UTILITY_KINDS, { error: "errors.invalid" }),
    text: z.string().trim().min(1, "errors.required").max(2000, "errors.too_long"),
  }),
  z.object({
    intent: z.literal("kind"),
    kind: z.enum(["ordinary", "alteration"], { error: "errors.invalid" }),
    reason: z.string().trim().min(1, "errors.kind_reason_required").max(2000, "errors.too_long"),
  }),
]);

export async function loader({ request, params: raw }: Route.LoaderArgs) {
  const roundId = idParam(raw, "roundId");
  const optionId = idParam(raw, "optionId");
  const account = await getCurrentAccount(request);
  const option = await notFoundOnDomainError(async () =>
    optionDetail(roundId, optionId, await mayReadUnpublished(roundId, account)),
  );
  const published = option.versions.find((v) => v.status === "approved");
  let myShares: { householdId: number; amountFen: number }[] = [];
  if (account?.role === "resident" && published) {
    const { shares } = await residentShares(published.id);
    myShares = account.householdIds
      .filter((h) => shares.has(h))
      .map((h) => ({ householdId: h, amountFen: shares.get(h)! }));
  }
  // only a published option is discussed
  const discussion = published
    ? await discussionOf({ kind: "option", id: optionId, roundId }, account)
    : null;
  return {
    option,
    myShares,
    viewer: account && { role: account.role, disciplines: account.disciplines },
    discussion,
    canComment: discussion?.canComment ?? false,
  };
}

export async function action({ request, params: raw, context }: Route.ActionArgs) {
  const roundId = idParam(raw, "roundId");
  const optionId = idParam(raw, "optionId");
  const account = await requireAccount(request);
  const form = await readForm(request);
  if (isDiscussionIntent(form))
    return discussionAction(
      request,
      form,
      { kind: "option", id: optionId, roundId },
      account,
      context?.ip,
      `/rounds/${roundId}/options/${optionId}`,
    );
  const parsed = parseForm(Intent, form);
  if (!parsed.ok) return formProblem({ errors: parsed.errors, form: "errors.check_form" });
  const input = parsed.data;
  const result = await attempt(async () => {
    if (input.intent === "review") {
      await reviewVersion(input.versionId, input.decision, input.reasons, account);
      return input.decision === "approved" ? "flash.approved" : "flash.returned";
    }
    if (input.intent === "constraint") {
      await addConstraint(optionId, input.utilityKind, input.text, account);
      return "flash.constraint_added";
    }
    await setOptionKind(optionId, input.kind, input.reason, account);
    return "flash.kind_set";
  });
  if (!result.ok) return fromFailure(result);
  return redirectWithFlash(request, `/rounds/${roundId}/options/${optionId}`, result.value);
}

/**
 * Whom a version serves, in words, and each of its lines (a line without its own follows the
 * version); no lines when neither names anyone, so the bill keeps its usual columns.
 */
function servedBy(
  v: { serves: Serves; lines: { serves: Serves }[] },
  places: ScopePlace[],
  whole: string,
) {
  const option = placeNames(v.serves, places).join("、") || whole;
  const any = v.serves !== null || v.lines.some((l) => l.serves !== null);
  return {
    option,
    lines: any
      ? v.lines.map((l) => (l.serves ? placeNames(l.serves, places).join("、") : option))
      : undefined,
  };
}

export default function OptionPage({ loaderData, actionData }: Route.ComponentProps) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const { option, myShares, viewer, discussion, canComment } = loaderData;
  const problem = actionData as FormProblem | undefined;
  const busy = useNavigation().state === "submitting";
  const [latest, ...older] = option.versions;
  const isAuditor = viewer?.role === "expert" && viewer.disciplines.includes("audit");
  const isUtility = viewer?.role === "expert" && viewer.disciplines.includes("utility");
  const isDesigner = viewer?.role === "expert" && viewer.disciplines.includes("design");
  const cooking = option.round.phase === "COOKING";
  const served = servedBy(latest, option.places, t("option.serves_whole"));
  return (
    <>
      <nav aria-label={t("nav.breadcrumb")} className="breadcrumb">
        <Link to={`/rounds/${option.round.id}`}>
          {localName(lang, option.round.title, option.round.titleEn)}
        </Link>
      </nav>
      <h1>
        {t("option.heading", { code: option.code })} · {latest.title}
      </h1>
      <p>
        {t("option.version_line", {
          version: latest.version,
          status: t(`version_status.${latest.status}`),
        })}{" "}
        · {t(`option_kind.${option.kind}`)} ·{" "}
        {t("round.option_days", { days: latest.durationDays })}
      </p>
      {option.kindCorrection && (
        <p className="card">
          {t("option.kind_corrected", {
            kind: t(`option_kind.${option.kind}`),
            date: option.kindCorrection.at ? day(option.kindCorrection.at, lang) : "",
            reason: option.kindCorrection.reason ?? "",
          })}
        </p>
      )}
      {!problem?.at && <FormError message={problem?.form} />}
      {latest.status === "approved" && (
        // 读给我听: what the option is, its cost and the household's, and the scoring deadline
        <ReadAloud
          text={[
            t("read_aloud.round", {
              title: localName(lang, option.round.title, option.round.titleEn),
            }),
            t(
              myShares.length === 0
                ? "read_aloud.option_total"
                : myShares[0].amountFen > 0
                  ? "read_aloud.option"
                  : "read_aloud.option_free",
              {
                code: option.code,
                title: latest.title,
                total: spokenYuan(latest.totalFen, t),
                share: spokenYuan(myShares[0]?.amountFen ?? 0, t),
              },
            ),
            latest.description,
            option.round.phase === "TASTING" &&
            new Date(option.round.tastingEndsAt).getTime() > Date.now()
              ? t("read_aloud.deadline", { date: day(option.round.tastingEndsAt, lang) })
              : "",
          ]
            .filter(Boolean)
            .join(" ")}
        />
      )}
      <p>{latest.description}</p>
      {myShares.map((s) => (
        <p key={s.householdId} className="notice">
          <HouseholdShare amountFen={s.amountFen} residentsFen={residentsPartFen(latest.funding)} />
        </p>
      ))}
      <h2>{t("option.needs_covered")}</h2>
      <ul>
        {latest.needs.map((n) => (
          <li key={n.id}>
            {n.mandatory ? t("round.mandatory_need", { building: n.title }) : n.title}
          </li>
        ))}
      </ul>
      <p>{t("option.serves", { places: served.option })}</p>
      <BoqTable
        lines={latest.lines}
        totalFen={latest.totalFen}
        caption={t("boq.caption")}
        served={served.lines}
      />
      <FundingTable funding={latest.funding} totalFen={latest.totalFen} />
      <p>
        {residentsPartFen(latest.funding) === 0
          ? t("option.share_none")
          : t(latest.shareMethod === "floor" ? "option.share_floor" : "option.share_area")}
      </p>
      {latest.floorCoefficients && (
        <p className="muted">
          {t("option.floor_table")}:{" "}
          {Object.entries(latest.floorCoefficients)
            .map(([f, c]) =>
              t("option.floor_coefficient", { floor: f, coefficient: (c / 1000).toFixed(2) }),
            )
            .join("，")}
        </p>
      )}

      {option.constraints.length > 0 && (
        <section aria-labelledby="constraints-heading">
          <h2 id="constraints-heading">{t("option.constraints")}</h2>
          <ul>
            {option.constraints.map((c) => (
              <li key={c.id}>
                <strong>{t(`utility.${c.utilityKind}`)}</strong>（
                {t("option.version_no", { version: c.versionNo })}）：{c.text}
              </li>
            ))}
          </ul>
        </section>
      )}

      {isAuditor && cooking && latest.status === "submitted" && (
        <Form method="post" className="stack card">
          <h2>{t("option.review")}</h2>
          <CsrfInput />
          <input type="hidden" name="intent" value="review" />
          <input type="hidden" name="versionId" value={latest.id} />
          <TextAreaField
            name="reasons"
            label={t("option.reasons")}
            hint={t("option.reasons_hint")}
            optional
            error={problem?.errors.reasons}
          />
          <div className="actions">
            <button type="submit" name="decision" value="approved" disabled={busy}>
              {t("option.approve")}
            </button>
            <button
              type="submit"
              name="decision"
              value="returned"
              disabled={busy}
              className="secondary"
            >
              {t("option.return")}
            </button>
          </div>
        </Form>
      )}

      {isUtility && cooking && (
        <Form method="post" className="stack card">
          <h2>{t("option.add_constraint")}</h2>
          <CsrfInput />
          <input type="hidden" name="intent" value="constraint" />
          <div className="field">
            <label htmlFor="utilityKind">{t("option.utility_kind")}</label>
            <select id="utilityKind" name="utilityKind">
              {UTILITY_KINDS.map((k) => (
                <option key={k} value={k}>
                  {t(`utility.${k}`)}
                </option>
              ))}
            </select>
          </div>
          <TextAreaField
            name="text"
            label={t("option.constraint_text")}
            error={problem?.errors.text}
          />
          <button type="submit" disabled={busy}>
            {t("option.add_constraint")}
          </button>
        </Form>
      )}

      {viewer?.role === "street_office" && cooking && (
        <Form method="post" className="stack card">
          <h2>{t("option.kind")}</h2>
          <CsrfInput />
          <input type="hidden" name="intent" value="kind" />
          <div className="field">
            <label htmlFor="kind">{t("option.kind_label")}</label>
            <select id="kind" name="kind" defaultValue={option.kind}>
              <option value="ordinary">{t("option_kind.ordinary")}</option>
              <option value="alteration">{t("option_kind.alteration")}</option>
            </select>
          </div>
          <TextAreaField
            id="kind-reason"
            name="reason"
            label={t("option.kind_reason")}
            hint={t("option.kind_hint")}
            error={problem?.errors?.reason}
          />
          <button type="submit" disabled={busy}>
            {t("option.kind_submit")}
          </button>
        </Form>
      )}

      {isDesigner && cooking && (
        <p>
          <Link className="button" to={`/rounds/${option.round.id}/options/${option.id}/revise`}>
            {t("option.revise")}
          </Link>
        </p>
      )}

      <section aria-labelledby="history-heading">
        <h2 id="history-heading">{t("option.history")}</h2>
        <ol reversed className="timeline">
          {option.versions.map((v) => (
            <li key={v.id}>
              <strong>
                {t("option.version_line", {
                  version: v.version,
                  status: t(`version_status.${v.status}`),
                })}
              </strong>{" "}
              {day(v.createdAt, lang)} · {money(v.totalFen, lang)}
              {v.reviews.map((r, i) => (
                <p key={i}>
                  {t(`option.review_${r.decision}`, { date: day(r.createdAt, lang) })}
                  {r.reasons && `：${r.reasons}`}
                </p>
              ))}
            </li>
          ))}
        </ol>
        {older.map((v) => (
          <details key={v.id}>
            <summary>
              {t("option.version_line", {
                version: v.version,
                status: t(`version_status.${v.status}`),
              })}
            </summary>
            <BoqTable
              lines={v.lines}
              totalFen={v.totalFen}
              caption={t("boq.caption_version", { version: v.version })}
              served={servedBy(v, option.places, t("option.serves_whole")).lines}
            />
          </details>
        ))}
      </section>
      {discussion && (
        <Discussion discussion={discussion} canComment={canComment} problem={problem} />
      )}
    </>
  );
}
