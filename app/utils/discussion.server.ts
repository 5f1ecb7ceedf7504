import { z } from "zod";
import { COMMENT_MAX, COMMENT_MIN, HIDE_REASON_MAX } from "~/domain/discussion";
import type { CurrentAccount } from "~/models/account.server";
import { hideComment, postComment, type Target } from "~/models/comment.server";
import { attempt, formProblem, fromFailure } from "./errors.server";
import { redirectWithFlash } from "./flash.server";
import { parseForm } from "./forms";
import { LIMITS, rateLimited } from "./rate-limit.server";

// The discussion's two actions, shared by the need and option pages: comment (or reply) and hide.
const DiscussionForm = z.discriminatedUnion("intent", [
  z.object({
    intent: z.literal("comment"),
    body: z
      .string()
      .trim()
      .min(COMMENT_MIN, "errors.comment_too_short")
      .max(COMMENT_MAX, "errors.too_long"),
    parentId: z
      .string()
      .optional()
      .transform((v) => (v ? Number(v) : null))
      .pipe(z.number().int().positive().nullable()),
  }),
  z.object({
    intent: z.literal("hide"),
    commentId: z.coerce.number().int().positive("errors.invalid"),
    reason: z
      .string()
      .trim()
      .min(2, "errors.hide_reason_required")
      .max(HIDE_REASON_MAX, "errors.too_long"),
  }),
]);

export function isDiscussionIntent(form: FormData): boolean {
  return form.get("intent") === "comment" || form.get("intent") === "hide";
}

export async function discussionAction(
  request: Request,
  form: FormData,
  target: Target,
  account: CurrentAccount,
  ip: string | null | undefined,
  back: string,
) {
  const at = `discussion-${String(form.get("parentId") ?? form.get("commentId") ?? "new")}`;
  const parsed = parseForm(DiscussionForm, form);
  if (!parsed.ok) return formProblem({ errors: parsed.errors, form: "errors.check_form", at });
  const input = parsed.data;
  if (input.intent === "comment") {
    const limited = await rateLimited(
      [
        [LIMITS.commentPerAccount, account.id],
        [LIMITS.commentPerIp, ip],
      ],
      at,
    );
    if (limited) return limited;
  }
  const r = await attempt(async () => {
    if (input.intent === "comment")
      await postComment(target, { body: input.body, parentId: input.parentId }, account);
    else await hideComment(input.commentId, input.reason, account);
  });
  if (!r.ok) return fromFailure(r, at);
  return redirectWithFlash(
    request,
    `${back}#discussion`,
    input.intent === "comment" ? "flash.comment_posted" : "flash.comment_hidden",
  );
}
