import { useTranslation } from "react-i18next";
import { Form, Link, useNavigation } from "react-router";
import { z } from "zod";
import { CsrfInput } from "~/components/csrf-input";
import { FormError } from "~/components/form-error";
import { OpenTickets, QueueCounts } from "~/components/queue-summary";
import { RepairFields } from "~/components/repair-fields";
import { WarrantyQueue } from "~/components/warranty-queue";
import { reportRepair, requireReporter } from "~/models/repair.server";
import {
  contractorQueue,
  deskQueue,
  desksOf,
  escalatedFor,
  markStaffNoticesRead,
  reportFormOf,
  ticketsOfHouseholds,
} from "~/models/repair-views.server";
import { requireAccount, requireRole } from "~/utils/auth.server";
import { readForm } from "~/utils/csrf.server";
import { attempt, formProblem, fromFailure, type FormProblem } from "~/utils/errors.server";
import { redirectWithFlash } from "~/utils/flash.server";
import { dateTime } from "~/lib/format";
import { localName } from "~/utils/names";
import { parseReport } from "~/utils/repair-form.server";
import { recordingPhotos, UPLOAD_DIR } from "~/utils/uploads.server";
import type { Route } from "./+types/repairs";

// 一键报修: a resident reports from the phone and follows their tickets; staff find their desks
// and what has been escalated to them.
export async function loader({ request }: Route.LoaderArgs) {
  const account = await requireAccount(request);
  if (account.role === "resident") {
    const [households, tickets] = await Promise.all([
      reportFormOf(account.householdIds),
      ticketsOfHouseholds(account.householdIds),
    ]);
    return { resident: { households, tickets }, staff: null };
  }
  const [desks, escalated, claims] = await Promise.all([
    desksOf(account),
    escalatedFor(account),
    contractorQueue(account),
  ]);
  // the property desk and technicians work from here (their home): each queue, the late first
  const queues =
    account.role === "property_service"
      ? await Promise.all(desks.map((d) => deskQueue(d.id, account)))
      : [];
  return {
    resident: null,
    staff: {
      desks: desks.map((d, i) => ({
        ...d,
        counts: queues[i]?.counts ?? null,
        tickets: queues[i]?.tickets ?? [],
      })),
      escalated,
      claims,
      role: account.role,
    },
  };
}

const Household = z.object({ householdId: z.coerce.number().int().positive("errors.invalid") });

export async function action({ request }: Route.ActionArgs) {
  const signedIn = await requireAccount(request);
  const form = await readForm(request);
  // a contractor (an expert) marks what the staff outbox told them as read
  if (form.get("intent") === "read_notices") {
    if (signedIn.role !== "expert")
      return formProblem({ errors: {}, form: "errors.reason_wrong_role" }, 403);
    await markStaffNoticesRead(signedIn);
    return redirectWithFlash(request, "/repairs", "repairs.flash.read_notices");
  }
  // otherwise a resident reports a repair (intent "report", or none from an older page)
  const account = await requireRole(request, "resident");
  const h = Household.safeParse({
    householdId: form.get("householdId") ?? account.householdIds[0],
  });
  if (!h.success) return formProblem({ errors: {}, form: "errors.not_your_household" }, 403);
  const mine = await attempt(() => requireReporter(h.data.householdId, account));
  if (!mine.ok) return fromFailure(mine);
  const parsed = await parseReport(form);
  if (!parsed.ok) return formProblem({ errors: parsed.errors, form: "errors.check_form" });
  const r = await recordingPhotos(parsed.data.photos, UPLOAD_DIR, () =>
    attempt(() => reportRepair(h.data.householdId, parsed.data, account)),
  );
  return r.ok
    ? redirectWithFlash(request, `/repairs/${r.value.id}`, "repairs.flash.reported")
    : fromFailure(r);
}

export function meta() {
  return [{ title: "一键报修 · 点菜 Diancai" }];
}

export default function Repairs({ loaderData, actionData }: Route.ComponentProps) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const problem = actionData as FormProblem | undefined;
  const busy = useNavigation().state === "submitting";
  const { resident, staff } = loaderData;
  if (staff)
    return (
      <>
        <h1>{t("repairs.staff_title")}</h1>
        {staff.claims && <WarrantyQueue {...staff.claims} busy={busy} />}
        {!(staff.claims && staff.desks.length === 0) && (
          <section aria-labelledby="desks-heading">
            <h2 id="desks-heading">{t("repairs.desks")}</h2>
            {staff.desks.length === 0 ? (
              <p>{t("repairs.no_desks")}</p>
            ) : (
              <ul className="cards">
                {staff.desks.map((d) => (
                  <li key={d.id} className="card">
                    <Link to={`/compounds/${d.id}/repairs`}>
                      {localName(lang, d.name, d.nameEn)}
                    </Link>
                    {d.position && <> · {t(`repairs.positions.${d.position}`)}</>}
                    {d.counts && (
                      <>
                        <QueueCounts counts={d.counts} />
                        <OpenTickets tickets={d.tickets} />
                      </>
                    )}
                    {staff.role === "street_office" && (
                      <>
                        {" "}
                        ·{" "}
                        <Link to={`/compounds/${d.id}/repair-service`}>
                          {t("repairs.settings_link")}
                        </Link>
                      </>
                    )}
                  </li>
                ))}
              </ul>
            )}
          </section>
        )}
        {(staff.role === "community_worker" || staff.role === "street_office") && (
          <section aria-labelledby="escalated-heading">
            <h2 id="escalated-heading">{t("repairs.escalated")}</h2>
            {staff.escalated.length === 0 ? (
              <p>{t("repairs.none_escalated")}</p>
            ) : (
              <ul>
                {staff.escalated.map((e) => (
                  <li key={e.id}>
                    <Link to={`/repairs/${e.id}`}>
                      {t("repairs.ticket.title", { id: e.id })} ·{" "}
                      {t(`repairs.categories.${e.category}`)}
                    </Link>{" "}
                    · {localName(lang, e.compound.name, e.compound.nameEn)} ·{" "}
                    <strong className="warn">{t(`repairs.escalation.${e.escalationLevel}`)}</strong>
                  </li>
                ))}
              </ul>
            )}
          </section>
        )}
        {staff.role === "admin" && (
          <p>
            <Link to="/repairs/staff">{t("repairs.staff_admin_link")}</Link>
          </p>
        )}
      </>
    );
  const { households, tickets } = resident!;
  const first = households[0];
  return (
    <>
      <h1>{t("repairs.title")}</h1>
      {!first ? (
        <p>{t("repairs.no_household")}</p>
      ) : (
        <Form method="post" encType="multipart/form-data" className="card stack">
          <p className="hint">{t("repairs.form.intro")}</p>
          <CsrfInput />
          <input type="hidden" name="intent" value="report" />
          <FormError message={problem?.form} />
          {households.length > 1 ? (
            <div className="field">
              <label htmlFor="householdId">{t("repairs.form.household")}</label>
              <select id="householdId" name="householdId" defaultValue={first.id}>
                {households.map((h) => (
                  <option key={h.id} value={h.id}>
                    {h.address}
                  </option>
                ))}
              </select>
            </div>
          ) : (
            <>
              <input type="hidden" name="householdId" value={first.id} />
              <p>{t("repairs.form.for_household", { address: first.address })}</p>
            </>
          )}
          <RepairFields buildings={first.buildings} flat errors={problem?.errors} />
          <button type="submit" disabled={busy}>
            {t("repairs.form.submit")}
          </button>
        </Form>
      )}
      <section aria-labelledby="mine-heading">
        <h2 id="mine-heading">{t("repairs.mine")}</h2>
        {tickets.length === 0 ? (
          <p>{t("repairs.none_yet")}</p>
        ) : (
          <ul className="cards">
            {tickets.map((x) => (
              <li key={x.id} className="card">
                <Link to={`/repairs/${x.id}`}>
                  {t("repairs.ticket.title", { id: x.id })} ·{" "}
                  {t(`repairs.categories.${x.category}`)}
                </Link>
                <p>
                  {t(`repairs.statuses.${x.status}`)} · {dateTime(x.createdAt, lang)}
                </p>
              </li>
            ))}
          </ul>
        )}
      </section>
    </>
  );
}
