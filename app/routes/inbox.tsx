import { useTranslation } from "react-i18next";
import { Form, Link, useNavigation } from "react-router";
import { z } from "zod";
import { CsrfInput } from "~/components/csrf-input";
import { FormError } from "~/components/form-error";
import { OPT_IN_CHANNELS } from "~/domain/notifications";
import { isLanguage } from "~/i18n";
import { languageOf } from "~/i18n/language.server";
import { residentHome } from "~/models/account.server";
import { confirmEmailToken, confirmSmsCode } from "~/models/contact-verification.server";
import { contactsOf, setContact } from "~/models/contacts.server";
import { accountMessages, inboxOf, markRead } from "~/models/inbox.server";
import { requireRole } from "~/utils/auth.server";
import { readForm } from "~/utils/csrf.server";
import { attempt, formProblem, fromFailure, type FormProblem } from "~/utils/errors.server";
import { redirectWithFlash } from "~/utils/flash.server";
import { dateTime } from "~/lib/format";
import { parseForm } from "~/utils/forms";
import { messageText } from "~/utils/messages.server";
import { sendContactCode } from "~/utils/transports.server";
import type { Route } from "./+types/inbox";

// A resident's messages (the in-app channel, always on) and the channels each household opts into.
const Contact = z.object({
  householdId: z.coerce.number().int().positive("errors.invalid"),
  channel: z.enum(OPT_IN_CHANNELS, { error: "errors.invalid" }),
  address: z.string().trim().max(254, "errors.too_long"),
  optedIn: z
    .string()
    .optional()
    .transform((v) => v === "on"),
});

// confirming a contact: the SMS code typed here, or the token of the emailed link
const ConfirmSms = z.object({
  householdId: z.coerce.number().int().positive("errors.invalid"),
  code: z
    .string()
    .trim()
    .regex(/^\d{6}$/, "errors.code_wrong"),
});
const ConfirmEmail = z.object({ token: z.string().trim().min(20, "errors.code_missing").max(100) });

export async function loader({ request }: Route.LoaderArgs) {
  const account = await requireRole(request, "resident");
  const lang = await languageOf(request);
  const [households, messages, contacts, personal] = await Promise.all([
    residentHome(account.id),
    inboxOf(account.householdIds, { reader: account.id }),
    contactsOf(account.householdIds),
    accountMessages(account.id),
  ]);
  // the emailed link lands here; a form (with its CSRF token) confirms, not the GET itself
  const confirm = new URL(request.url).searchParams.get("confirm");
  return {
    confirmToken: confirm && confirm.length <= 100 ? confirm : null,
    households: households.map((h) => ({ id: h.householdId, address: h.address })),
    personal: personal.map((m) => ({ ...m, at: m.at.toISOString() })),
    messages: messages.map((m) => ({
      id: m.id,
      at: m.createdAt.toISOString(),
      unread: m.isNew,
      link: m.link,
      ...messageText(m, lang),
    })),
    contacts: contacts.map((c) => ({
      householdId: c.householdId,
      channel: c.channel,
      address: c.address,
      optedIn: c.optedIn,
      verified: c.verifiedAt !== null,
      last: c.last && {
        status: c.last.status,
        at: (c.last.sentAt ?? c.last.createdAt).toISOString(),
      },
    })),
  };
}

export async function action({ request }: Route.ActionArgs) {
  const account = await requireRole(request, "resident");
  const form = await readForm(request);
  if (form.get("intent") === "read") {
    await markRead(account.householdIds);
    return redirectWithFlash(request, "/inbox", "flash.inbox_read");
  }
  if (form.get("intent") === "confirm_sms") {
    const p = parseForm(ConfirmSms, form);
    const at = `${String(form.get("householdId"))}-sms`;
    // a code that is not six digits is simply not the code
    if (!p.ok) return formProblem({ errors: {}, form: "errors.code_wrong", at });
    const r = await attempt(() => confirmSmsCode(p.data.householdId, p.data.code, account));
    return r.ok
      ? redirectWithFlash(request, "/inbox", "flash.contact_verified")
      : fromFailure(r, at);
  }
  if (form.get("intent") === "confirm_email") {
    const p = parseForm(ConfirmEmail, form);
    if (!p.ok) return formProblem({ errors: p.errors, form: "errors.code_missing", at: "confirm" });
    const r = await attempt(() => confirmEmailToken(p.data.token, account));
    return r.ok
      ? redirectWithFlash(request, "/inbox", "flash.contact_verified")
      : fromFailure(r, "confirm");
  }
  const parsed = parseForm(Contact, form);
  const at = `${String(form.get("householdId"))}-${String(form.get("channel"))}`;
  if (!parsed.ok) return formProblem({ errors: parsed.errors, form: "errors.check_form", at });
  const locale = await languageOf(request);
  const r = await attempt(() =>
    setContact({ ...parsed.data, locale: isLanguage(locale) ? locale : "zh-CN" }, account),
  );
  if (!r.ok) return fromFailure(r, at);
  const saved = r.value;
  if (saved?.secret) {
    // the link or code goes to the new address now; nothing else goes there until it is confirmed
    await sendContactCode(parsed.data.channel, saved.address, saved.secret, saved.locale);
    return redirectWithFlash(request, "/inbox", `flash.contact_code_sent_${parsed.data.channel}`);
  }
  return redirectWithFlash(request, "/inbox", "flash.contact_saved");
}

export default function Inbox({ loaderData, actionData }: Route.ComponentProps) {
  const { t, i18n } = useTranslation();
  const { households, messages, contacts, confirmToken, personal } = loaderData;
  const problem = actionData as FormProblem | undefined;
  const busy = useNavigation().state === "submitting";
  const unread = messages.filter((m) => m.unread).length;
  return (
    <>
      <h1>{t("inbox.title")}</h1>
      {confirmToken && (
        <section aria-labelledby="confirm-heading" className="card">
          <h2 id="confirm-heading">{t("inbox.confirm_email_title")}</h2>
          <p>{t("inbox.confirm_email_help")}</p>
          <Form method="post">
            <CsrfInput />
            {problem?.at === "confirm" && <FormError message={problem.form} />}
            <input type="hidden" name="token" value={confirmToken} />
            <button type="submit" name="intent" value="confirm_email" disabled={busy}>
              {t("inbox.confirm_email")}
            </button>
          </Form>
        </section>
      )}
      {personal.length > 0 && (
        <section aria-labelledby="personal-heading">
          <h2 id="personal-heading">{t("inbox.personal")}</h2>
          <ul className="inbox">
            {personal.map((m) => (
              <li key={m.id} className="card">
                <p>
                  {t(`inbox.personal_${m.kind}`)} ({dateTime(m.at, i18n.language)}){" "}
                  <Link to={m.link}>{t("inbox.open")}</Link>
                </p>
              </li>
            ))}
          </ul>
        </section>
      )}
      <section aria-labelledby="messages-heading">
        <h2 id="messages-heading">{t("inbox.messages", { count: unread })}</h2>
        {messages.length === 0 ? (
          <p>{t("inbox.empty")}</p>
        ) : (
          <>
            {unread > 0 && (
              <Form method="post">
                <CsrfInput />
                <button type="submit" name="intent" value="read" disabled={busy}>
                  {t("inbox.mark_read")}
                </button>
              </Form>
            )}
            <ul className="inbox">
              {messages.map((m) => (
                <li key={m.id} className={m.unread ? "card unread" : "card"}>
                  <h3>
                    <Link to={m.link}>{m.subject}</Link>
                    {m.unread && <span className="badge">{t("inbox.new")}</span>}
                  </h3>
                  <p>{m.body}</p>
                  <p className="meta">
                    <time dateTime={m.at}>{dateTime(m.at, i18n.language)}</time>
                  </p>
                </li>
              ))}
            </ul>
          </>
        )}
      </section>
      <section aria-labelledby="channels-heading">
        <h2 id="channels-heading">{t("inbox.channels")}</h2>
        <p>{t("inbox.channels_help")}</p>
        {households.map((h) => (
          <article key={h.id} className="card">
            <h3>{h.address}</h3>
            {OPT_IN_CHANNELS.map((channel) => {
              const c = contacts.find((x) => x.householdId === h.id && x.channel === channel);
              const id = `${h.id}-${channel}`;
              return (
                <div key={channel}>
                  <Form method="post" className="contact-form">
                    <CsrfInput />
                    <input type="hidden" name="householdId" value={h.id} />
                    <input type="hidden" name="channel" value={channel} />
                    {problem?.at === id && <FormError message={problem.form} />}
                    <label htmlFor={`address-${id}`}>{t(`inbox.address_${channel}`)}</label>
                    <input
                      id={`address-${id}`}
                      name="address"
                      type={channel === "email" ? "email" : "tel"}
                      autoComplete={channel === "email" ? "email" : "tel"}
                      defaultValue={c?.address ?? ""}
                    />
                    <label className="check">
                      <input type="checkbox" name="optedIn" defaultChecked={c?.optedIn ?? false} />
                      {t(`inbox.opt_in_${channel}`)}
                    </label>
                    <button type="submit" disabled={busy}>
                      {t("inbox.save", { channel: t(`inbox.channel_${channel}`) })}
                    </button>
                    {c?.optedIn && (
                      <p className="muted" data-testid={`verified-${id}`}>
                        {c.verified ? t("inbox.verified") : t(`inbox.unverified_${channel}`)}
                      </p>
                    )}
                    {c?.last && (
                      <p className="muted">
                        {t("inbox.last_status", {
                          status: t(`outbox.status.${c.last.status}`),
                          at: dateTime(c.last.at, i18n.language),
                        })}
                      </p>
                    )}
                  </Form>
                  {channel === "sms" && c?.optedIn && !c.verified && (
                    <Form method="post" className="contact-form">
                      <CsrfInput />
                      <input type="hidden" name="householdId" value={h.id} />
                      <label htmlFor={`code-${id}`}>{t("inbox.code_label")}</label>
                      <input
                        id={`code-${id}`}
                        name="code"
                        inputMode="numeric"
                        autoComplete="one-time-code"
                        pattern="[0-9]{6}"
                        maxLength={6}
                        required
                      />
                      <button type="submit" name="intent" value="confirm_sms" disabled={busy}>
                        {t("inbox.confirm_sms")}
                      </button>
                    </Form>
                  )}
                </div>
              );
            })}
          </article>
        ))}
      </section>
    </>
  );
}
