import { useTranslation } from "react-i18next";
import { Form, Link, useLocation, useNavigation } from "react-router";
import { CsrfInput } from "./csrf-input";
import { FormError } from "./form-error";
import { dateTime } from "~/lib/format";
import type { FormProblem } from "~/utils/errors.server";

type CommentView = {
  id: number;
  at: string;
  mine: boolean;
  placeholder: boolean;
  hidden: boolean;
  hiddenReason: string | null;
  body: string;
  author: string;
  authorKind: string;
  disciplines: string[];
};
type Thread = CommentView & { replies: CommentView[] };

export type DiscussionData = {
  open: boolean;
  canHide: boolean;
  threads: Thread[];
  /** signed in but not allowed to post here: why (an errors.* key) */
  refusal?: string | null;
};

/** Comments and replies on a need or an option, with forms that post without JavaScript. */
export function Discussion({
  discussion,
  canComment,
  problem,
}: {
  discussion: DiscussionData;
  canComment: boolean;
  problem: FormProblem | undefined;
}) {
  const { t } = useTranslation();
  const location = useLocation();
  const count = discussion.threads.reduce((n, th) => n + 1 + th.replies.length, 0);
  return (
    <section id="discussion" aria-labelledby="discussion-heading" className="discussion">
      <h2 id="discussion-heading">{t("discussion.title", { count })}</h2>
      {discussion.threads.length === 0 && <p>{t("discussion.empty")}</p>}
      <ol className="threads">
        {discussion.threads.map((th) => (
          <li key={th.id}>
            <Comment c={th} canHide={discussion.canHide} problem={problem} />
            {th.replies.length > 0 && (
              <ol
                className="replies"
                aria-label={t("discussion.replies_to", { author: th.author })}
              >
                {th.replies.map((r) => (
                  <li key={r.id}>
                    <Comment c={r} canHide={discussion.canHide} problem={problem} />
                  </li>
                ))}
              </ol>
            )}
            {discussion.open && canComment && !th.placeholder && (
              <CommentForm parentId={th.id} problem={problem} label={t("discussion.reply")} />
            )}
          </li>
        ))}
      </ol>
      {!discussion.open ? (
        <p className="muted">{t("discussion.closed")}</p>
      ) : canComment ? (
        <CommentForm parentId={null} problem={problem} label={t("discussion.new")} />
      ) : discussion.refusal ? (
        <p className="muted">{t(discussion.refusal)}</p>
      ) : (
        <p>
          <Link to={`/sign-in?redirectTo=${encodeURIComponent(location.pathname)}`}>
            {t("discussion.sign_in")}
          </Link>
        </p>
      )}
    </section>
  );
}

function Comment({
  c,
  canHide,
  problem,
}: {
  c: CommentView;
  canHide: boolean;
  problem: FormProblem | undefined;
}) {
  const { t, i18n } = useTranslation();
  const busy = useNavigation().state === "submitting";
  if (c.placeholder)
    return (
      <article className="comment hidden-comment">
        <p className="muted">{t("discussion.placeholder")}</p>
      </article>
    );
  return (
    <article className={c.hidden ? "comment hidden-comment" : "comment"} id={`comment-${c.id}`}>
      <header>
        <strong>{c.author}</strong>{" "}
        {(c.authorKind === "expert" || c.authorKind === "staff") && (
          <span className="badge">
            {t(`discussion.badge_${c.authorKind}`)}
            {c.disciplines.length > 0 &&
              ` · ${c.disciplines.map((d) => t(`disciplines.${d}`)).join("、")}`}
          </span>
        )}{" "}
        <time dateTime={c.at} className="muted">
          {dateTime(c.at, i18n.language)}
        </time>
      </header>
      <p className="comment-body">{c.body}</p>
      {c.hidden && (
        <p role="note" className="notice">
          {t(c.mine ? "discussion.hidden_mine" : "discussion.hidden_staff", {
            reason: c.hiddenReason,
          })}
        </p>
      )}
      {canHide && !c.hidden && (
        <details>
          <summary>{t("discussion.hide")}</summary>
          <Form method="post" className="stack">
            <CsrfInput />
            <input type="hidden" name="intent" value="hide" />
            <input type="hidden" name="commentId" value={c.id} />
            {problem?.at === `discussion-${c.id}` && <FormError message={problem.form} />}
            <label htmlFor={`reason-${c.id}`}>{t("discussion.hide_reason")}</label>
            <input id={`reason-${c.id}`} name="reason" required maxLength={500} />
            <button type="submit" disabled={busy}>
              {t("discussion.hide_confirm")}
            </button>
          </Form>
        </details>
      )}
    </article>
  );
}

function CommentForm({
  parentId,
  problem,
  label,
}: {
  parentId: number | null;
  problem: FormProblem | undefined;
  label: string;
}) {
  const { t } = useTranslation();
  const busy = useNavigation().state === "submitting";
  const key = `discussion-${parentId ?? "new"}`;
  const id = `comment-body-${parentId ?? "new"}`;
  const error = problem?.at === key ? problem : undefined;
  return (
    <Form method="post" className="stack comment-form">
      <CsrfInput />
      <input type="hidden" name="intent" value="comment" />
      {parentId !== null && <input type="hidden" name="parentId" value={parentId} />}
      {error && <FormError message={error.errors.body ?? error.form} />}
      <label htmlFor={id}>{label}</label>
      <textarea id={id} name="body" rows={parentId === null ? 3 : 2} required maxLength={1000} />
      <button type="submit" disabled={busy}>
        {parentId === null ? t("discussion.post") : t("discussion.post_reply")}
      </button>
    </Form>
  );
}
