import { useTranslation } from "react-i18next";
import { data, Form, Link, useNavigation } from "react-router";
import { z } from "zod";
import { CsrfInput } from "~/components/csrf-input";
import { Field, TextAreaField } from "~/components/field";
import { FormError } from "~/components/form-error";
import { DomainError } from "~/domain/errors";
import { ELECTION_ITEM, MATTER_ITEMS, MATTER_LIMITS } from "~/domain/matters";
import { SetupError } from "~/domain/rules";
import { openElection, openMotion } from "~/models/matter.server";
import { compoundsOfStreet } from "~/models/round-views.server";
import { requireRole } from "~/utils/auth.server";
import { readForm } from "~/utils/csrf.server";
import { redirectWithFlash } from "~/utils/flash.server";
import { localName } from "~/utils/names";
import type { Route } from "./+types/new-matter";

// The street office puts a motion (one question, 同意/反对/弃权) or an election of the owners'
// committee to the owners of one compound; voting opens when it is submitted (domain/matters.ts).

const Kind = z.enum(["motion", "election"]);
const date = z
  .string({ error: "errors.required" })
  .regex(/^\d{4}-\d{2}-\d{2}$/, "errors.date_invalid");
const Common = {
  compoundId: z.coerce.number({ error: "errors.invalid" }).int().positive("errors.invalid"),
  title: z
    .string({ error: "errors.required" })
    .trim()
    .min(1, "errors.required")
    .max(MATTER_LIMITS.title, "errors.too_long"),
  votingEndsAt: date,
  // empty: the whole compound; else one unit of it (an elevator's or a stairwell's owners)
  unitId: z.union([z.literal(""), z.coerce.number().int().positive("errors.invalid")]).optional(),
};
const MotionForm = z.object({
  kind: z.literal("motion"),
  ...Common,
  item: z.coerce.number({ error: "errors.matter_item" }).int("errors.matter_item"),
  question: z
    .string({ error: "errors.required" })
    .trim()
    .min(1, "errors.required")
    .max(MATTER_LIMITS.question, "errors.too_long"),
});
const ElectionForm = z.object({
  kind: z.literal("election"),
  ...Common,
  seats: z.coerce.number({ error: "errors.seats_range" }).int("errors.seats_range"),
  // one candidate a line: 姓名：简介 (a full-width or plain colon)
  candidates: z
    .string({ error: "errors.candidates_required" })
    .max(MATTER_LIMITS.candidates * (MATTER_LIMITS.statement + 40), "errors.too_long"),
});
const MatterForm = z.discriminatedUnion("kind", [MotionForm, ElectionForm]);

/** The end of a day in China, as every deadline is. */
const endOfDay = (d: string) => new Date(`${d}T23:59:59+08:00`);

/** Candidates typed one a line, name and statement parted by the first colon. */
export function parseCandidates(text: string) {
  return text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter(Boolean)
    .map((l) => {
      const at = l.search(/[：:]/);
      return at < 0
        ? { name: l, statement: "" }
        : { name: l.slice(0, at).trim(), statement: l.slice(at + 1).trim() };
    });
}

export async function loader({ request }: Route.LoaderArgs) {
  const account = await requireRole(request, "street_office");
  const kind = Kind.safeParse(new URL(request.url).searchParams.get("kind"));
  const compounds = account.streetId ? await compoundsOfStreet(account.streetId) : [];
  return {
    kind: kind.success ? kind.data : "motion",
    compounds: compounds.map((c) => ({
      id: c.id,
      name: c.name,
      nameEn: c.nameEn,
      units: c.buildings.flatMap((b) =>
        b.units.map((u) => ({ id: u.id, name: `${b.name}${u.name}` })),
      ),
    })),
  };
}

type Reply = { errors: Record<string, string>; values: Record<string, string> };

export async function action({ request }: Route.ActionArgs) {
  const account = await requireRole(request, "street_office");
  const form = await readForm(request);
  const values = Object.fromEntries(
    [...form.entries()].filter(([k]) => k !== "csrf").map(([k, v]) => [k, String(v)]),
  );
  const refuse = (errors: Record<string, string>, status = 400) =>
    data({ errors, values } satisfies Reply, { status });
  const parsed = MatterForm.safeParse(values);
  if (!parsed.success)
    return refuse(
      Object.fromEntries(
        parsed.error.issues.map((i) => [String(i.path[0] ?? "form"), i.message]).reverse(),
      ),
    );
  const v = parsed.data;
  const scope = v.unitId
    ? { scopeKind: "units" as const, unitIds: [v.unitId] }
    : { scopeKind: "whole" as const };
  try {
    const { roundId } =
      v.kind === "motion"
        ? await openMotion(
            {
              compoundId: v.compoundId,
              ...scope,
              item: v.item,
              title: v.title,
              question: v.question,
              votingEndsAt: endOfDay(v.votingEndsAt),
            },
            account,
          )
        : await openElection(
            {
              compoundId: v.compoundId,
              ...scope,
              title: v.title,
              seats: v.seats,
              candidates: parseCandidates(v.candidates),
              votingEndsAt: endOfDay(v.votingEndsAt),
            },
            account,
          );
    return redirectWithFlash(request, `/rounds/${roundId}`, "flash.matter_opened");
  } catch (e) {
    if (e instanceof SetupError)
      return refuse(Object.fromEntries(Object.entries(e.fields).map(([k, m]) => [k, m!])));
    if (e instanceof DomainError) return refuse({ form: `errors.${e.code}` }, e.status);
    throw e;
  }
}

export function meta() {
  return [{ title: "点菜 Diancai" }];
}

export default function NewMatterPage({ loaderData, actionData }: Route.ComponentProps) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const busy = useNavigation().state === "submitting";
  const reply = actionData as Reply | undefined;
  const kind = (reply?.values.kind as "motion" | "election" | undefined) ?? loaderData.kind;
  const err = (k: string) => reply?.errors[k];
  const val = (k: string) => reply?.values[k];
  return (
    <>
      <h1>{t(`matter.new_${kind}`)}</h1>
      <nav aria-label={t("matter.kind_nav")}>
        <ul className="actions">
          <li>
            <Link to="?kind=motion" aria-current={kind === "motion" ? "page" : undefined}>
              {t("matter.new_motion")}
            </Link>
          </li>
          <li>
            <Link to="?kind=election" aria-current={kind === "election" ? "page" : undefined}>
              {t("matter.new_election")}
            </Link>
          </li>
        </ul>
      </nav>
      <p>{t(`matter.new_${kind}_hint`)}</p>
      <Form method="post" className="stack">
        <CsrfInput />
        <input type="hidden" name="kind" value={kind} />
        <FormError message={err("form")} />
        <div className="field">
          <label htmlFor="f-compoundId">{t("new_round.compound")}</label>
          <select
            id="f-compoundId"
            name="compoundId"
            defaultValue={val("compoundId")}
            aria-invalid={err("compoundId") ? true : undefined}
          >
            {loaderData.compounds.map((c) => (
              <option key={c.id} value={c.id}>
                {localName(lang, c.name, c.nameEn)}
              </option>
            ))}
          </select>
          {err("compoundId") && <p className="field-error">{t(err("compoundId")!)}</p>}
        </div>
        <div className="field">
          <label htmlFor="f-unitId">{t("matter.scope_label")}</label>
          <p id="f-unitId-hint" className="hint">
            {t("matter.scope_hint")}
          </p>
          <select
            id="f-unitId"
            name="unitId"
            defaultValue={val("unitId") ?? ""}
            aria-describedby="f-unitId-hint"
            aria-invalid={err("scopeKind") ? true : undefined}
          >
            <option value="">{t("matter.scope_whole")}</option>
            {loaderData.compounds.map((c) => (
              <optgroup key={c.id} label={localName(lang, c.name, c.nameEn)}>
                {c.units.map((u) => (
                  <option key={u.id} value={u.id}>
                    {`${c.name} ${u.name}`}
                  </option>
                ))}
              </optgroup>
            ))}
          </select>
          {err("scopeKind") && <p className="field-error">{t(err("scopeKind")!)}</p>}
        </div>
        {kind === "motion" ? (
          <div className="field">
            <label htmlFor="f-item">{t("matter.item")}</label>
            <select
              id="f-item"
              name="item"
              defaultValue={val("item") ?? "9"}
              aria-invalid={err("item") ? true : undefined}
              aria-describedby={err("item") ? "f-item-error" : undefined}
            >
              {MATTER_ITEMS.filter((i) => i !== ELECTION_ITEM).map((i) => (
                <option key={i} value={i}>
                  {t("matter.item_value", { item: i, name: t(`matter.items.${i}`) })}
                </option>
              ))}
            </select>
            {err("item") && (
              <p id="f-item-error" className="field-error">
                {t(err("item")!)}
              </p>
            )}
          </div>
        ) : (
          <p>{t("matter.item_value", { item: 3, name: t("matter.items.3") })}</p>
        )}
        <Field
          name="title"
          label={t("matter.title_label")}
          defaultValue={val("title")}
          error={err("title")}
          maxLength={MATTER_LIMITS.title}
        />
        {kind === "motion" ? (
          <TextAreaField
            name="question"
            label={t("matter.question")}
            hint={t("matter.question_hint")}
            defaultValue={val("question")}
            error={err("question")}
          />
        ) : (
          <>
            <Field
              name="seats"
              type="number"
              min={1}
              max={MATTER_LIMITS.candidates}
              label={t("matter.seats_label")}
              defaultValue={val("seats") ?? "5"}
              error={err("seats")}
            />
            <TextAreaField
              name="candidates"
              label={t("matter.candidates")}
              hint={t("matter.candidates_hint")}
              defaultValue={val("candidates")}
              error={err("candidates")}
              rows={6}
            />
            <p>{t("matter.tie_rule")}</p>
          </>
        )}
        <Field
          name="votingEndsAt"
          type="date"
          label={t("matter.voting_ends")}
          hint={t("matter.voting_ends_hint")}
          defaultValue={val("votingEndsAt")}
          error={err("votingEndsAt")}
        />
        <p className="muted">{t("matter.rules_default")}</p>
        <button type="submit" disabled={busy}>
          {busy ? t("common.working") : t("matter.open_submit")}
        </button>
      </Form>
    </>
  );
}
