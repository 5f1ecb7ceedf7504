import { useEffect, useRef } from "react";
import { useTranslation } from "react-i18next";
import { Form, Link } from "react-router";
import { CATALOGUE, CATEGORIES } from "~/domain/catalogue";
import { useTextForm, type FormResult } from "~/utils/text-form";
import { CsrfInput } from "./csrf-input";
import { Field, TextAreaField } from "./field";
import { FormError } from "./form-error";

// A resident's two forms that publish something for good: a need (seen by every neighbour) and
// the one objection per household. Each is looked over first: the first submit previews (a need
// with the round's similar needs), the second publishes. Conform keeps what was typed and puts
// every error beside its field, with and without JavaScript. The server checks each form with
// Conform and its zod schema (resident-forms.server.ts); the browser checks the typed fields
// against the same limits with neither (utils/text-form.ts): zod would more than double the vote
// page's JavaScript, and Conform's runtime alone would take it over 120 kB.

/** The typed fields of each form and their longest length (trimmed), shared with the schemas. */
export const NEED_TEXTS = { title: 80, description: 1000 } as const;
export const OBJECTION_TEXTS = { text: 2000 } as const;

/** A form whose last answer may be a preview (shown until an error comes back). */
function usePreviewedForm(
  at: string,
  reply: ResidentFormReply | undefined,
  texts: Record<string, number>,
) {
  const { form, field } = useTextForm(at, reply?.result, texts);
  return [form, field, !!reply?.previewed && form.status !== "error"] as const;
}

/** What the action answers to a preview or a refusal; `similar` only on a need's preview. */
export type ResidentFormReply = {
  at: string;
  result: FormResult;
  previewed?: boolean;
  similar?: { id: number; title: string; supporters: number }[];
};

/** The confirmation after publishing, where the form was: focused (and scrolled to by its id). */
function Done({ id, message }: { id: string; message: string }) {
  const ref = useRef<HTMLParagraphElement>(null);
  useEffect(() => ref.current?.focus(), []);
  return (
    <p role="status" className="notice" id={id} tabIndex={-1} ref={ref}>
      {message}
    </p>
  );
}

export function ProposeNeedForm({
  roundId,
  household,
  reply,
  done,
  busy,
}: {
  roundId: number;
  household: number;
  reply?: ResidentFormReply;
  done: boolean;
  busy: boolean;
}) {
  const { t } = useTranslation();
  const at = `propose-${household}`;
  const [form, field, previewed] = usePreviewedForm(at, reply, NEED_TEXTS);
  return (
    <Form method="post" className="stack card" {...form.props}>
      <h3>{t("participate.propose")}</h3>
      {done && <Done id={`proposed-${household}`} message={t("flash.need_proposed")} />}
      <CsrfInput />
      <input type="hidden" name="at" value={at} />
      <input type="hidden" name="householdId" value={household} />
      <FormError message={form.errors?.[0]} />
      <div className="field">
        <label htmlFor={`cat-${household}`}>{t("participate.catalogue")}</label>
        <select
          id={`cat-${household}`}
          name={"catalogueKey"}
          defaultValue={(field("catalogueKey").initialValue as string | undefined) ?? ""}
        >
          <option value="">{t("participate.free_text")}</option>
          {CATEGORIES.map((c) => (
            <optgroup key={c} label={t(`categories.${c}`)}>
              {CATALOGUE.filter((e) => e.category === c).map((e) => (
                <option key={e.key} value={e.key}>
                  {t(`catalogue.${e.key}`)}
                </option>
              ))}
            </optgroup>
          ))}
        </select>
      </div>
      <Field id={`title-${household}`} meta={field("title")} label={t("participate.need_title")} />
      <TextAreaField
        id={`desc-${household}`}
        meta={field("description")}
        label={t("participate.need_description")}
      />
      {previewed && reply?.similar && (
        <section className="preview" aria-labelledby={`similar-${household}`} tabIndex={-1}>
          <h4 id={`similar-${household}`}>
            {reply.similar.length
              ? t("participate.similar_found", { count: reply.similar.length })
              : t("participate.similar_none")}
          </h4>
          {reply.similar.length > 0 && (
            <ul>
              {reply.similar.map((n) => (
                <li key={n.id}>
                  <Link to={`/rounds/${roundId}/needs/${n.id}`}>{n.title}</Link>{" "}
                  <span className="muted">{t("round.supporters", { count: n.supporters })}</span>{" "}
                  <a href={`#support-${household}-${n.id}`}>{t("participate.support_instead")}</a>
                </li>
              ))}
            </ul>
          )}
        </section>
      )}
      {previewed ? (
        <div className="actions">
          <button type="submit" name="intent" value="propose" disabled={busy}>
            {t("participate.propose_confirm")}
          </button>
          <button type="submit" name="intent" value="preview_need" className="secondary">
            {t("participate.preview_again")}
          </button>
        </div>
      ) : (
        <button type="submit" name="intent" value="preview_need" disabled={busy}>
          {t("participate.propose_preview")}
        </button>
      )}
    </Form>
  );
}

export function ObjectionForm({
  household,
  reply,
  busy,
}: {
  household: number;
  reply?: ResidentFormReply;
  busy: boolean;
}) {
  const { t } = useTranslation();
  const at = `object-${household}`;
  const [form, field, previewed] = usePreviewedForm(at, reply, OBJECTION_TEXTS);
  // what will be filed: the typed value, which (unlike initialValue) a reply received with
  // JavaScript updates, and which follows the textarea as it is edited
  const typed = field("text").value as string | undefined;
  return (
    <Form method="post" className="stack" {...form.props}>
      <CsrfInput />
      <input type="hidden" name="at" value={at} />
      <input type="hidden" name="householdId" value={household} />
      <FormError message={form.errors?.[0]} />
      <TextAreaField
        id={`o-${household}`}
        meta={field("text")}
        label={t("participate.objection_text")}
        rows={5}
      />
      {previewed && typed ? (
        <section className="preview card" aria-labelledby={`op-${household}`}>
          <h4 id={`op-${household}`}>{t("participate.objection_preview")}</h4>
          <blockquote>{typed}</blockquote>
          <p className="warn">{t("participate.objection_once")}</p>
          <div className="actions">
            <button type="submit" name="intent" value="object" disabled={busy}>
              {t("participate.objection_confirm")}
            </button>
            <button type="submit" name="intent" value="preview_objection" className="secondary">
              {t("participate.preview_again")}
            </button>
          </div>
        </section>
      ) : (
        <button type="submit" name="intent" value="preview_objection" disabled={busy}>
          {t("participate.objection_preview_submit")}
        </button>
      )}
    </Form>
  );
}
