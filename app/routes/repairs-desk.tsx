import { useTranslation } from "react-i18next";
import { Form, Link, useNavigation } from "react-router";
import { CsrfInput } from "~/components/csrf-input";
import { FormError } from "~/components/form-error";
import { RepairFields } from "~/components/repair-fields";
import { Duration } from "~/components/repair-stats";
import { QueueCounts } from "~/components/queue-summary";
import { fileInspection, requireInspector } from "~/models/repair.server";
import { deskQueue } from "~/models/repair-views.server";
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
import { dateTime } from "~/lib/format";
import { localName } from "~/utils/names";
import { idParam } from "~/utils/params.server";
import { parseReport } from "~/utils/repair-form.server";
import { recordingPhotos, UPLOAD_DIR } from "~/utils/uploads.server";
import type { Route } from "./+types/repairs-desk";

// A compound's repair desk: the queue against the promised times (a technician sees the jobs
// given to them), and the grid inspector's form for what was found on patrol.
const STAFF = ["property_service", "community_worker", "street_office", "admin"] as const;

export async function loader({ request, params }: Route.LoaderArgs) {
  const account = await requireRole(request, ...STAFF);
  const id = idParam(params, "compoundId");
  return notFoundOnDomainError(() => deskQueue(id, account));
}

export async function action({ request, params }: Route.ActionArgs) {
  const account = await requireRole(request, "community_worker");
  const id = idParam(params, "compoundId");
  await notFoundOnDomainError(() => requireInspector(id, account));
  const form = await readForm(request);
  const parsed = await parseReport(form);
  if (!parsed.ok) return formProblem({ errors: parsed.errors, form: "errors.check_form" });
  const r = await recordingPhotos(parsed.data.photos, UPLOAD_DIR, () =>
    attempt(() => fileInspection(id, { ...parsed.data, placeKind: "public" }, account)),
  );
  return r.ok
    ? redirectWithFlash(request, `/repairs/${r.value.id}`, "repairs.flash.inspection")
    : fromFailure(r);
}

export function meta() {
  return [{ title: "报修工作台 · 点菜 Diancai" }];
}

export default function RepairDesk({ loaderData, actionData }: Route.ComponentProps) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const { compound, tickets, counts, mayInspect, buildings, role } = loaderData;
  const problem = actionData as FormProblem | undefined;
  const busy = useNavigation().state === "submitting";
  const service = compound.repairService;
  return (
    <>
      <nav aria-label={t("nav.breadcrumb")} className="breadcrumb">
        <Link to="/repairs">{t("repairs.title")}</Link> ›{" "}
        <Link to={`/compounds/${compound.id}`}>
          {localName(lang, compound.name, compound.nameEn)}
        </Link>
      </nav>
      <h1>
        {t("repairs.desk.title", { compound: localName(lang, compound.name, compound.nameEn) })}
      </h1>
      <p>
        {service
          ? t("repairs.desk.served_by", {
              provider: localName(lang, service.providerName, service.providerEn),
              mode: t(`repairs.modes.${service.mode}`),
              hours: service.serviceHours,
            })
          : t("repairs.desk.no_service")}
        {role && <> · {t(`repairs.positions.${role}`)}</>}
      </p>
      <section aria-labelledby="queue-heading">
        <h2 id="queue-heading">{t("repairs.desk.queue")}</h2>
        <QueueCounts counts={counts} />
        {tickets.length === 0 ? (
          <p>{t("repairs.desk.empty")}</p>
        ) : (
          <div className="table-wrap" tabIndex={0}>
            <table className="stack-narrow">
              <thead>
                <tr>
                  <th scope="col">{t("repairs.desk.ticket")}</th>
                  <th scope="col">{t("repairs.ticket.status")}</th>
                  <th scope="col">{t("repairs.ticket.urgency")}</th>
                  <th scope="col">{t("repairs.desk.reported_at")}</th>
                  <th scope="col">{t("repairs.ticket.clock")}</th>
                  <th scope="col">{t("repairs.ticket.assignee")}</th>
                </tr>
              </thead>
              <tbody>
                {tickets.map((x) => (
                  <tr key={x.id}>
                    <th scope="row">
                      <Link to={`/repairs/${x.id}`}>
                        {t("repairs.ticket.title", { id: x.id })} ·{" "}
                        {t(`repairs.categories.${x.category}`)}
                      </Link>
                      {x.source === "inspection" && <> · {t("repairs.desk.inspection")}</>}
                      {x.warranty && (
                        <> · {t("repairs.desk.warranty", { contractor: x.warranty.contractor })}</>
                      )}
                      {x.claimStatus && <> · {t(`repairs.claim_statuses.${x.claimStatus}`)}</>}
                    </th>
                    <td data-label={t("repairs.ticket.status")}>
                      {t(`repairs.statuses.${x.status}`)}
                      {x.escalationLevel > 0 && (
                        <strong className="warn">
                          {" "}
                          {t(`repairs.escalation.${x.escalationLevel}`)}
                        </strong>
                      )}
                    </td>
                    <td data-label={t("repairs.ticket.urgency")}>
                      {t(`repairs.urgencies.${x.urgency}`)}
                    </td>
                    <td data-label={t("repairs.desk.reported_at")}>
                      {dateTime(x.createdAt, lang)}
                    </td>
                    <td
                      data-label={t("repairs.ticket.clock")}
                      className={x.minutesLeft !== null && x.minutesLeft < 0 ? "warn" : undefined}
                    >
                      <Duration minutes={x.minutesLeft} />
                    </td>
                    <td data-label={t("repairs.ticket.assignee")}>
                      {x.assignee?.displayName ?? "—"}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
      {mayInspect && (
        <Form method="post" encType="multipart/form-data" className="card stack">
          <h2>{t("repairs.desk.inspect")}</h2>
          <p className="hint">{t("repairs.desk.inspect_hint")}</p>
          <CsrfInput />
          <FormError message={problem?.form} />
          <RepairFields buildings={buildings} flat={false} errors={problem?.errors} />
          <button type="submit" disabled={busy}>
            {t("repairs.desk.inspect_submit")}
          </button>
        </Form>
      )}
    </>
  );
}
