import { useTranslation } from "react-i18next";
import { Form, Link, useNavigation } from "react-router";
import { z } from "zod";
import { CsrfInput } from "~/components/csrf-input";
import { FormError } from "~/components/form-error";
import { CHANNELS, STATUSES } from "~/domain/notifications";
import { outboxOf, resend } from "~/models/outbox.server";
import { requireRoundStaff } from "~/models/quorum.server";
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
import { localName } from "~/utils/names";
import { idParam } from "~/utils/params.server";
import type { Route } from "./+types/outbox";

// What the round's households were told, on which channel, and what did not go out: staff of the
// round see each message's status and may send a failed or unconfirmed one again.
const Resend = z.object({ notificationId: z.coerce.number().int().positive("errors.invalid") });

export async function loader({ request, params }: Route.LoaderArgs) {
  const account = await requireRole(request, "community_worker", "street_office");
  const id = idParam(params, "roundId");
  await notFoundOnDomainError(() => requireRoundStaff(id, account));
  const outbox = await outboxOf(id);
  return {
    round: outbox.round,
    counts: outbox.counts,
    problems: outbox.problems.map((n) => ({
      id: n.id,
      kind: n.kind,
      channel: n.channel,
      status: n.status,
      attempts: n.attempts,
      lastError: n.lastError,
      address: `${n.household.unit.building.name}${n.household.unit.name}${n.household.room}`,
    })),
  };
}

export async function action({ request, params }: Route.ActionArgs) {
  const account = await requireRole(request, "community_worker", "street_office");
  const id = idParam(params, "roundId");
  const form = await readForm(request);
  const parsed = parseForm(Resend, form);
  if (!parsed.ok) return formProblem({ errors: parsed.errors, form: "errors.check_form" });
  const r = await attempt(async () => {
    await requireRoundStaff(id, account);
    await resend(parsed.data.notificationId, id, account);
  });
  return r.ok
    ? redirectWithFlash(request, `/rounds/${id}/outbox`, "flash.resend_queued")
    : fromFailure(r, String(parsed.data.notificationId));
}

export default function Outbox({ loaderData, actionData }: Route.ComponentProps) {
  const { t, i18n } = useTranslation();
  const { round, counts, problems } = loaderData;
  const problem = actionData as FormProblem | undefined;
  const busy = useNavigation().state === "submitting";
  const title = localName(i18n.language, round.title, round.titleEn);
  const countOf = (channel: string, status: string) =>
    counts.find((c) => c.channel === channel && c.status === status)?.count ?? 0;
  return (
    <>
      <nav aria-label={t("nav.breadcrumb")} className="breadcrumb">
        <Link to={`/rounds/${round.id}`}>{title}</Link>
      </nav>
      <h1>{t("outbox.title", { round: title })}</h1>
      <p>{t("outbox.help")}</p>
      {problem && !problem.at && <FormError message={problem.form} />}
      <div className="table-wrap" tabIndex={0}>
        <table>
          <caption>{t("outbox.by_channel")}</caption>
          <thead>
            <tr>
              <th scope="col">{t("outbox.channel")}</th>
              {STATUSES.map((s) => (
                <th scope="col" className="num" key={s}>
                  {t(`outbox.status.${s}`)}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {CHANNELS.map((c) => (
              <tr key={c}>
                <th scope="row">{t(`inbox.channel_${c}`)}</th>
                {STATUSES.map((s) => (
                  <td className="num" key={s}>
                    {countOf(c, s)}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <h2>{t("outbox.problems", { count: problems.length })}</h2>
      {problems.length === 0 ? (
        <p>{t("outbox.no_problems")}</p>
      ) : (
        <div className="table-wrap" tabIndex={0}>
          <table>
            <caption>{t("outbox.problems_caption")}</caption>
            <thead>
              <tr>
                <th scope="col">{t("doors.address")}</th>
                <th scope="col">{t("outbox.kind")}</th>
                <th scope="col">{t("outbox.channel")}</th>
                <th scope="col">{t("outbox.state")}</th>
                <th scope="col" className="num">
                  {t("outbox.attempts")}
                </th>
                <th scope="col">{t("outbox.error")}</th>
                <th scope="col">{t("outbox.action")}</th>
              </tr>
            </thead>
            <tbody>
              {problems.map((n) => (
                <tr key={n.id}>
                  <th scope="row">{n.address}</th>
                  <td>{t(`outbox.kinds.${n.kind}`)}</td>
                  <td>{t(`inbox.channel_${n.channel}`)}</td>
                  <td>{t(`outbox.status.${n.status}`)}</td>
                  <td className="num">{n.attempts}</td>
                  <td>{n.lastError ?? "—"}</td>
                  <td>
                    {problem?.at === String(n.id) && <FormError message={problem.form} />}
                    {(n.status === "failed" || n.status === "unconfirmed") && (
                      <Form method="post">
                        <CsrfInput />
                        <input type="hidden" name="notificationId" value={n.id} />
                        <button
                          type="submit"
                          disabled={busy}
                          aria-label={t("outbox.resend_for", { address: n.address })}
                        >
                          {t("outbox.resend")}
                        </button>
                      </Form>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}
