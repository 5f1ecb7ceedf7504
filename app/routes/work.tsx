import { useTranslation } from "react-i18next";
import { data, Form, Link, redirect, useNavigation } from "react-router";
import { z } from "zod";
import { ELECTION_SCORE, MOTION_CHOICES, MOTION_SCORE } from "~/domain/matters";
import { StaffLinks } from "~/components/staff-links";
import { CsrfInput } from "~/components/csrf-input";
import { Field, TextAreaField } from "~/components/field";
import { FormError } from "~/components/form-error";
import { MergeNeedsForm, type MergeProblem } from "~/components/merge-needs-form";
import { MilestoneTimeline } from "~/components/milestones";
import { enterPaperSheet, onlineScores } from "~/models/ballot.server";
import { standingProxies } from "~/models/owner.server";
import { MILESTONE_KINDS } from "~/domain/round-lifecycle";
import { postMilestone } from "~/models/construction.server";
import { freezeMenu, mergeNeeds } from "~/models/need.server";
import { requireRoundStaff } from "~/models/quorum.server";
import { workView } from "~/models/round-views.server";
import type { CurrentAccount } from "~/models/account.server";
import { requireRole } from "~/utils/auth.server";
import { readForm } from "~/utils/csrf.server";
import {
  attempt,
  formProblem,
  fromFailure,
  notFoundOnDomainError,
  type FormProblem,
} from "~/utils/errors.server";
import { redirectWithFlash } from "~/utils/flash.server";
import { parseForm } from "~/utils/forms";
import { dateTime, today } from "~/lib/format";
import { idParam } from "~/utils/params.server";
import { localName } from "~/utils/names";
import { recordingPhotos, storePhotos, UPLOAD_DIR } from "~/utils/uploads.server";
import { invariantResponse } from "~/utils/invariant";
import type { Route } from "./+types/work";

const id = z.coerce.number({ error: "errors.invalid" }).int().positive("errors.required");
const Intent = z.discriminatedUnion("intent", [
  z.object({
    intent: z.literal("merge"),
    fromId: id,
    intoId: id,
    reason: z.string().trim().max(500, "errors.too_long").optional(),
    confirm: z.literal("yes", { error: "errors.merge_confirm_required" }),
  }),
  z.object({
    intent: z.literal("freeze"),
    confirm: z.literal("yes", { error: "errors.confirm_required" }),
  }),
  z.object({
    intent: z.literal("paper"),
    householdId: id,
    sheetNo: z.string().trim().min(1, "errors.required").max(40, "errors.too_long"),
    witness: z.string().trim().min(1, "errors.required").max(40, "errors.too_long"),
    replaceOnlineReason: z.string().trim().max(500, "errors.too_long").optional(),
    // the owner's proxy filled in the sheet (委托投票): the authorisation it was cast under
    proxyId: z.union([z.literal(""), id]).optional(),
  }),
  z.object({
    intent: z.literal("milestone"),
    kind: z.enum(MILESTONE_KINDS, { error: "errors.invalid" }),
    date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "errors.date_invalid"),
    note: z.string().trim().min(1, "errors.required").max(2000, "errors.too_long"),
  }),
]);

// A refused merge marks the field at fault; the form comes back with what was chosen.
const MERGE_FIELD: Record<string, string> = {
  merge_same: "intoId",
  mandatory_need: "fromId",
  need_not_active: "fromId",
  need_not_found: "fromId",
};

async function mergeAction(rid: number, form: FormData, account: CurrentAccount) {
  const values = {
    fromId: String(form.get("fromId") ?? ""),
    intoId: String(form.get("intoId") ?? ""),
    reason: String(form.get("reason") ?? ""),
  };
  const refuse = (errors: Record<string, string>, message: string, status = 400) =>
    data({ at: "merge", errors, form: message, values }, { status });
  const parsed = parseForm(Intent, form);
  if (!parsed.ok) return refuse(parsed.errors, "errors.check_form");
  invariantResponse(parsed.data.intent === "merge", "bad request");
  const { fromId, intoId, reason } = parsed.data;
  const r = await attempt(() => mergeNeeds(fromId, intoId, account, reason));
  if (!r.ok) {
    const field = MERGE_FIELD[r.code] ?? "fromId";
    return refuse({ [field]: `errors.${r.code}` }, `errors.${r.code}`, r.status);
  }
  // the merge's own confirmation, in the merge form, on a page whose form starts empty
  return redirect(`/rounds/${rid}/work?merged=${r.value.id}#merge`);
}

export async function loader({ request, params }: Route.LoaderArgs) {
  const account = await requireRole(request, "community_worker");
  const id = idParam(params, "roundId");
  await notFoundOnDomainError(() => requireRoundStaff(id, account));
  const view = await notFoundOnDomainError(() => workView(id));
  const online = view.round.phase === "TASTING" ? await onlineScores(id) : {};
  const proxies = view.round.phase === "TASTING" ? await standingProxies(id) : [];
  // the door-to-door list links here with the household visited already chosen
  const search = new URL(request.url).searchParams;
  const chosen = Number(search.get("household"));
  const merged = Number(search.get("merged")) || null;
  return {
    view,
    // past the deadline no sheet can be entered (castPaperBallot refuses): the form gives way to
    // what the worker can still do
    tastingOver: view.round.tastingEndsAt != null && view.round.tastingEndsAt <= new Date(),
    online,
    proxies,
    chosen: view.households.some((h) => h.id === chosen) ? chosen : null,
    merged,
  };
}

export async function action({ request, params }: Route.ActionArgs) {
  const account = await requireRole(request, "community_worker");
  const rid = idParam(params, "roundId");
  const form = await readForm(request);
  const parsed = parseForm(Intent, form);
  const at = String(form.get("intent") ?? "");
  if (at === "merge") return mergeAction(rid, form, account);
  if (!parsed.ok) return formProblem({ errors: parsed.errors, form: "errors.check_form", at });
  const input = parsed.data;
  const back = (key: string) => redirectWithFlash(request, `/rounds/${rid}/work`, key);
  invariantResponse(input.intent !== "merge", "bad request");
  if (input.intent === "freeze") {
    const r = await attempt(() => freezeMenu(rid, account));
    return r.ok ? back("flash.frozen") : fromFailure(r, at);
  }
  if (input.intent === "paper") {
    const scores: { optionId: number; score: number }[] = [];
    for (const [k, v] of form.entries()) {
      const m = /^score_(\d+)$/.exec(k);
      if (!m || v === "") continue;
      const score = Number(v);
      if (!Number.isInteger(score) || score < 1 || score > 5)
        return formProblem({
          errors: { [k]: "errors.score_range" },
          form: "errors.score_range",
          at,
        });
      scores.push({ optionId: Number(m[1]), score });
    }
    const r = await attempt(() =>
      enterPaperSheet(
        {
          roundId: rid,
          householdId: input.householdId,
          sheetNo: input.sheetNo,
          witness: input.witness,
          scores,
          replaceOnlineReason: input.replaceOnlineReason || null,
          proxyId: input.proxyId || null,
        },
        account,
      ),
    );
    return r.ok ? back("flash.paper_entered") : fromFailure(r, at);
  }
  // the worker's right to the round is checked before a photo is read
  await notFoundOnDomainError(() => requireRoundStaff(rid, account));
  const photos = await storePhotos(
    form.getAll("photos").filter((f): f is File => typeof f !== "string"),
  );
  if (typeof photos === "string")
    return formProblem({ errors: { photos: `errors.${photos}` }, form: `errors.${photos}`, at });
  const r = await recordingPhotos(photos, UPLOAD_DIR, () =>
    attempt(() =>
      postMilestone(
        rid,
        {
          kind: input.kind,
          date: new Date(`${input.date}T00:00:00+08:00`),
          note: input.note,
          photos,
        },
        account,
      ),
    ),
  );
  return r.ok ? back("flash.milestone_posted") : fromFailure(r, at);
}

export default function Work({ loaderData, actionData }: Route.ComponentProps) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const { view, chosen, merged, online, proxies } = loaderData;
  const scoreText = (list: { code: string; score: number }[]) =>
    list.map((s) => `${s.code} ${t("stars.n", { count: s.score })}`).join("、");
  const buildings = [...new Set(view.households.map((h) => h.building))];
  const problem = actionData as FormProblem | undefined;
  const busy = useNavigation().state === "submitting";
  const errs = (at: string) => (problem?.at === at ? problem : undefined);
  const phase = view.round.phase;
  return (
    <>
      <nav aria-label={t("nav.breadcrumb")} className="breadcrumb">
        <Link to={`/rounds/${view.round.id}`}>
          {localName(lang, view.round.title, view.round.titleEn)}
        </Link>
      </nav>
      <StaffLinks roundId={view.round.id} phase={view.round.phase} />
      <h1>{t("work.title")}</h1>

      {phase === "ORDERING" && !view.round.menuFrozen && (
        <>
          <MergeNeedsForm
            needs={view.needs}
            problem={errs("merge") as MergeProblem | undefined}
            merged={merged}
            busy={busy}
          />
          <Form method="post" className="card stack">
            <h2>{t("work.freeze")}</h2>
            <ol>
              {view.needs.map((n) => (
                <li key={n.id}>
                  {n.mandatory ? t("round.mandatory_need", { building: n.title }) : n.title} —{" "}
                  {t("round.supporters", { count: n.supporters })}
                </li>
              ))}
            </ol>
            <CsrfInput />
            <input type="hidden" name="intent" value="freeze" />
            <FormError message={errs("freeze")?.form} />
            <div className="check">
              <input type="checkbox" id="confirm-freeze" name="confirm" value="yes" />
              <label htmlFor="confirm-freeze">{t("work.freeze_confirm")}</label>
            </div>
            <button type="submit" disabled={busy}>
              {t("work.freeze_submit")}
            </button>
          </Form>
        </>
      )}

      {phase === "TASTING" && loaderData.tastingOver && (
        <section className="card" id="paper" aria-labelledby="paper-over-heading">
          <h2 id="paper-over-heading">{t("work.paper")}</h2>
          <p>
            {t("work.paper_over", {
              deadline: dateTime(view.round.tastingEndsAt!, lang),
            })}
          </p>
        </section>
      )}
      {phase === "TASTING" && !loaderData.tastingOver && (
        <Form method="post" className="card stack" id="paper">
          <h2>{t("work.paper")}</h2>
          <p className="hint">{t("work.paper_hint")}</p>
          <CsrfInput />
          <input type="hidden" name="intent" value="paper" />
          <FormError message={errs("paper")?.form} params={errs("paper")?.params} />
          <div className="field">
            <label htmlFor="householdId">{t("work.household")}</label>
            <select id="householdId" name="householdId" defaultValue={chosen ?? ""}>
              <option value="">{t("work.choose")}</option>
              {buildings.map((b) => (
                <optgroup key={b} label={b}>
                  {view.households
                    .filter((h) => h.building === b)
                    .map((h) => (
                      <option key={h.id} value={h.id}>
                        {h.address}
                        {online[h.id]
                          ? ` ${t("work.online_scores", { scores: scoreText(online[h.id]) })}`
                          : h.voted
                            ? ` ${t("work.voted")}`
                            : ""}
                      </option>
                    ))}
                </optgroup>
              ))}
            </select>
          </div>
          {view.options.map((o) => (
            <div className="field" key={o.id}>
              <label htmlFor={`score_${o.id}`}>
                {t("work.score_for", { option: `${o.code} · ${o.title}` })}
              </label>
              <select id={`score_${o.id}`} name={`score_${o.id}`} defaultValue="">
                <option value="">{t("work.no_score")}</option>
                {paperChoices(view.round.kind).map(([n, label]) => (
                  <option key={n} value={n}>
                    {t(label, { count: n })}
                  </option>
                ))}
              </select>
            </div>
          ))}
          <Field name="sheetNo" label={t("work.sheet_no")} error={errs("paper")?.errors.sheetNo} />
          <Field name="witness" label={t("work.witness")} error={errs("paper")?.errors.witness} />
          {proxies.length > 0 && (
            <div className="field">
              <label htmlFor="proxyId">{t("work.by_proxy")}</label>
              <p id="proxyId-hint" className="hint">
                {t("work.by_proxy_hint")}
              </p>
              <select id="proxyId" name="proxyId" defaultValue="" aria-describedby="proxyId-hint">
                <option value="">{t("work.not_by_proxy")}</option>
                {proxies.map((p) => (
                  <option key={p.id} value={p.id}>
                    {t("work.proxy_option", { name: p.proxyName, flat: p.address })}
                  </option>
                ))}
              </select>
            </div>
          )}
          {/* a sheet over a ballot that is someone else's act (online, a proxy's, another
              worker's sheet) is entered only with a reason: the confirmation (decision 039) */}
          <details open={errs("paper")?.form === "errors.replace_ballot_confirm"}>
            <summary>{t("work.replace_online")}</summary>
            {Object.keys(online).length > 0 && (
              <ul>
                {view.households
                  .filter((h) => online[h.id])
                  .map((h) => (
                    <li key={h.id}>
                      {h.address}: {scoreText(online[h.id])}
                    </li>
                  ))}
              </ul>
            )}
            <TextAreaField
              id="replace-online-reason"
              name="replaceOnlineReason"
              label={t("work.replace_online_reason")}
              hint={t("work.replace_online_hint")}
              optional
              error={errs("paper")?.errors.replaceOnlineReason}
            />
          </details>
          <button type="submit" disabled={busy}>
            {t("work.paper_submit")}
          </button>
        </Form>
      )}

      {phase === "CONSTRUCTION" && (
        <Form method="post" encType="multipart/form-data" className="card stack">
          <h2>{t("work.milestone")}</h2>
          <CsrfInput />
          <input type="hidden" name="intent" value="milestone" />
          <FormError message={errs("milestone")?.form} />
          <div className="field">
            <label htmlFor="kind">{t("work.milestone_kind")}</label>
            <select id="kind" name="kind">
              {MILESTONE_KINDS.map((k) => (
                <option key={k} value={k}>
                  {t(`milestones.${k}`)}
                </option>
              ))}
            </select>
          </div>
          <Field
            name="date"
            type="date"
            defaultValue={today()}
            label={t("work.date")}
            error={errs("milestone")?.errors.date}
          />
          <TextAreaField
            name="note"
            label={t("work.note")}
            error={errs("milestone")?.errors.note}
          />
          <Field
            name="photos"
            type="file"
            accept="image/jpeg,image/png,image/webp"
            multiple
            optional
            label={t("work.photos")}
            hint={t("work.photos_hint")}
            error={errs("milestone")?.errors.photos}
          />
          <button type="submit" disabled={busy}>
            {t("work.milestone_submit")}
          </button>
        </Form>
      )}

      <MilestoneTimeline milestones={view.milestones} />
    </>
  );
}

/** What a paper sheet can say per option: 1–5 stars, a motion's 同意/弃权/反对, an election's approval. */
function paperChoices(kind: string): [number, string][] {
  if (kind === "motion")
    return MOTION_CHOICES.map((c) => [MOTION_SCORE[c], `matter.choice.${c}`] as [number, string]);
  if (kind === "election")
    return [
      [ELECTION_SCORE.approve, "matter.paper_approve"],
      [ELECTION_SCORE.none, "matter.paper_not_approve"],
    ];
  return [1, 2, 3, 4, 5].map((n) => [n, "stars.n"]);
}
