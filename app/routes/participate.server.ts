// The vote page's loader and action (routes/participate.tsx): server-only, so that zod and the
// schemas stay out of the page's JavaScript (the Epic Stack pairs a route with a *.server.ts).
import { data, redirect } from "react-router";
import { parseWithZod } from "@conform-to/zod/v4";
import { z } from "zod";
import type { BallotReply } from "~/components/ballot-form";
import type { ResidentFormReply } from "~/components/resident-forms";
import { ObjectionSchema, ProposeNeedSchema } from "~/components/resident-forms.server";
import { similarNeeds } from "~/domain/needs";
import { electionScores, requireElectionBallot } from "~/domain/matters";
import { castHouseholdBallot } from "~/models/ballot.server";
import { electionBallotFacts } from "~/models/matter.server";
import type { CurrentAccount } from "~/models/account.server";
import { rateSatisfaction } from "~/models/construction.server";
import { proposeNeed, supportNeed } from "~/models/need.server";
import { fileObjection } from "~/models/objection.server";
import { residentRoundView } from "~/models/resident.server";
import { requireRole } from "~/utils/auth.server";
import { readForm } from "~/utils/csrf.server";
import { attempt, formProblem, fromFailure, notFoundOnDomainError } from "~/utils/errors.server";
import { redirectWithFlash } from "~/utils/flash.server";
import { parseForm } from "~/utils/forms";
import { hitsOf, LIMITS } from "~/utils/rate-limit.server";
import { idParam } from "~/utils/params.server";
import type { Route } from "./+types/participate";
import { trialOfMotion } from "~/models/property-trial.server";

const id = z.coerce.number({ error: "errors.invalid" }).int().positive("errors.invalid");
const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max, "errors.too_long")
    .optional()
    .transform((s) => (s ? s : null));
const score = z.coerce
  .number({ error: "errors.score_range" })
  .int("errors.score_range")
  .min(1, "errors.score_range")
  .max(5, "errors.score_range");

// a household's ballot posts scores.<optionId> and comments.<optionId> for every option
const optionKey = z.string().regex(/^[1-9][0-9]{0,8}$/, "errors.invalid");
const BallotSchema = z.object({
  intent: z.literal("ballot"),
  householdId: id,
  scores: z.record(optionKey, score).optional(),
  comments: z.record(optionKey, optionalText(500)).optional(),
  // present once the caster has seen the head's standing ballot and replaces it (decision 039)
  confirm: z.literal("replace").optional(),
});

// an election's ballot posts approve=<optionId> for each candidate the head approves (none is a ballot too)
const ApproveSchema = z.object({
  intent: z.literal("approve"),
  householdId: id,
  approve: z.array(optionKey).max(100, "errors.invalid").optional(),
});

const Intent = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("support"), householdId: id, needId: id }),
  z.object({ intent: z.literal("rate"), householdId: id, score, comment: optionalText(500) }),
]);

export async function participateLoader({ request, params }: Route.LoaderArgs) {
  const account = await requireRole(request, "resident");
  const roundId = idParam(params, "roundId");
  const [view, trial] = await Promise.all([
    notFoundOnDomainError(() => residentRoundView(account, roundId)),
    // a property service's trial this motion decides: its figures go beside the ballot
    trialOfMotion(roundId),
  ]);
  return { view, trial };
}

export async function participateAction({ request, params }: Route.ActionArgs) {
  const account = await requireRole(request, "resident");
  const roundId = idParam(params, "roundId");
  const form = await readForm(request);
  const at = String(form.get("at") ?? "");
  const intent = form.get("intent");
  if (intent === "ballot") return ballot(request, roundId, account, form);
  if (intent === "approve") return approve(request, roundId, account, form);
  if (intent === "preview_need" || intent === "propose") return propose(roundId, account, form);
  if (intent === "preview_objection" || intent === "object")
    return object(request, roundId, account, form);
  const parsed = parseForm(Intent, form);
  if (!parsed.ok) return formProblem({ errors: parsed.errors, form: "errors.check_form", at });
  const input = parsed.data;
  const result = await attempt(async () => {
    switch (input.intent) {
      case "support":
        await supportNeed(input.needId, input.householdId, account);
        return "flash.need_supported";
      case "rate":
        await rateSatisfaction(roundId, input.householdId, input.score, input.comment, account);
        return "flash.rated";
    }
  });
  if (!result.ok) return fromFailure(result, at);
  return redirectWithFlash(request, `/rounds/${roundId}/participate#${at}`, result.value);
}

const answer = (reply: ResidentFormReply, status = 200) => data(reply, { status });

/** A need: the first submit previews it beside the round's similar needs, the second publishes it. */
async function propose(roundId: number, account: CurrentAccount, form: FormData) {
  const at = String(form.get("at") ?? "");
  const submission = parseWithZod(form, { schema: ProposeNeedSchema });
  if (submission.status !== "success") return answer({ at, result: submission.reply() }, 400);
  const { intent, householdId, catalogueKey, title, description } = submission.value;
  if (intent === "preview_need") {
    const view = await notFoundOnDomainError(() => residentRoundView(account, roundId));
    const similar = similarNeeds(title, view.needs).map((n) => ({
      id: n.id,
      title: n.title,
      supporters: n.supporters,
    }));
    return answer({ at, result: submission.reply(), previewed: true, similar });
  }
  const r = await attempt(() =>
    proposeNeed({ roundId, householdId, catalogueKey, title, description }, account),
  );
  if (!r.ok)
    return answer({ at, result: submission.reply({ formErrors: [`errors.${r.code}`] }) }, r.status);
  // the confirmation stands where the form was (#proposed-…), and the form comes back empty
  return redirect(`/rounds/${roundId}/participate?proposed=${householdId}#proposed-${householdId}`);
}

/** The one objection per household: previewed, then filed on a second, explicit confirmation. */
async function object(request: Request, roundId: number, account: CurrentAccount, form: FormData) {
  const at = String(form.get("at") ?? "");
  const submission = parseWithZod(form, { schema: ObjectionSchema });
  if (submission.status !== "success") return answer({ at, result: submission.reply() }, 400);
  const { intent, householdId, text } = submission.value;
  if (intent === "preview_objection")
    return answer({ at, result: submission.reply(), previewed: true });
  const r = await attempt(() => fileObjection(roundId, householdId, text, account));
  if (!r.ok)
    return answer({ at, result: submission.reply({ formErrors: [`errors.${r.code}`] }) }, r.status);
  return redirectWithFlash(
    request,
    `/rounds/${roundId}/participate#object-${householdId}`,
    "flash.objection_filed",
  );
}

/** The household's whole ballot in one submit; a refusal sends back what was picked. */
async function ballot(request: Request, roundId: number, account: CurrentAccount, form: FormData) {
  const at = String(form.get("at") ?? "");
  const submission = parseWithZod(form, { schema: BallotSchema });
  const payload = submission.payload as {
    scores?: Record<string, string>;
    comments?: Record<string, string>;
  };
  const refuse = (message: string, status: number, params?: Record<string, string | number>) =>
    data(
      {
        at,
        form: message,
        values: { scores: payload.scores ?? {}, comments: payload.comments ?? {} },
        params,
      } satisfies BallotReply & { at: string },
      { status },
    );
  if (submission.status !== "success") {
    const first = Object.values(submission.error ?? {}).flat()[0] ?? "errors.invalid";
    return refuse(first.startsWith("errors.") ? first : "errors.invalid", 400);
  }
  const { householdId, scores = {}, comments = {}, confirm } = submission.value;
  const result = await attempt(() =>
    castHouseholdBallot(
      {
        roundId,
        householdId,
        scores: Object.entries(scores).map(([optionId, score]) => ({
          optionId: Number(optionId),
          score,
          comment: comments[optionId] ?? null,
        })),
        confirmReplace: confirm === "replace",
      },
      account,
      undefined,
      // per account and per flat, never per address (decision 037): a ballot over a limit is
      // refused (429) with nothing cast
      hitsOf([
        [LIMITS.ballotPerAccount, account.id],
        [LIMITS.ballotPerHousehold, householdId],
      ]),
    ),
  );
  if (!result.ok) return refuse(`errors.${result.code}`, result.status, result.params);
  return redirectWithFlash(request, `/rounds/${roundId}/participate#${at}`, "flash.ballot_cast");
}

/**
 * An election's ballot in one submit: the candidates approved (up to the seats) become the whole
 * ballot the round stores, approve or not for every candidate (domain/matters electionScores).
 */
async function approve(request: Request, roundId: number, account: CurrentAccount, form: FormData) {
  const at = String(form.get("at") ?? "");
  const approved = form.getAll("approve").map(String);
  const refuse = (message: string, status: number, params?: Record<string, string | number>) =>
    data({ at, form: message, values: { scores: {}, approve: approved }, params }, { status });
  const parsed = ApproveSchema.safeParse({
    intent: form.get("intent"),
    householdId: form.get("householdId"),
    approve: approved,
  });
  if (!parsed.success) return refuse("errors.invalid", 400);
  const { householdId } = parsed.data;
  const result = await attempt(async () => {
    const { candidates, seats } = await electionBallotFacts(roundId);
    const ids = (parsed.data.approve ?? []).map(Number);
    requireElectionBallot(seats, candidates, ids);
    return castHouseholdBallot(
      {
        roundId,
        householdId,
        scores: electionScores(candidates, ids).map((s) => ({ ...s, comment: null })),
      },
      account,
      undefined,
      hitsOf([
        [LIMITS.ballotPerAccount, account.id],
        [LIMITS.ballotPerHousehold, householdId],
      ]),
    );
  });
  if (!result.ok) return refuse(`errors.${result.code}`, result.status, result.params);
  return redirectWithFlash(request, `/rounds/${roundId}/participate#${at}`, "flash.ballot_cast");
}
