import { useTranslation } from "react-i18next";
import { useLiveRefresh } from "~/components/live-refresh";
import { Form, Link, useNavigation } from "react-router";
import { z } from "zod";
import { CsrfInput } from "~/components/csrf-input";
import { FormError } from "~/components/form-error";
import { ParticipationBoard } from "~/components/participation";
import { percent } from "~/domain/fraction";
import { VISIT_OUTCOMES } from "~/domain/round-lifecycle";
import { doorList, quorumBoard, recordVisit, requireRoundStaff } from "~/models/quorum.server";
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
import { area, day } from "~/lib/format";
import { parseForm } from "~/utils/forms";
import { idParam } from "~/utils/params.server";
import { localName } from "~/utils/names";
import type { Route } from "./+types/doors";

// The participation board and the door-to-door list (扫楼清单): households in scope that have not
// taken part, by building, unit and floor; printable on A4 with a column for the visitor's note.
const Visit = z.object({
  householdId: z.coerce.number().int().positive("errors.invalid"),
  outcome: z.enum(VISIT_OUTCOMES, { error: "errors.invalid" }),
  note: z
    .string()
    .trim()
    .max(500, "errors.too_long")
    .optional()
    .transform((s) => s || null),
});

export async function loader({ request, params }: Route.LoaderArgs) {
  const account = await requireRole(request, "community_worker", "street_office");
  const id = idParam(params, "roundId");
  await notFoundOnDomainError(() => requireRoundStaff(id, account));
  const [board, list] = await Promise.all([quorumBoard(id), doorList(id)]);
  return { board, list, canVisit: account.role === "community_worker" };
}

export async function action({ request, params }: Route.ActionArgs) {
  const account = await requireRole(request, "community_worker");
  const id = idParam(params, "roundId");
  const form = await readForm(request);
  const parsed = parseForm(Visit, form);
  if (!parsed.ok)
    return formProblem({
      errors: parsed.errors,
      form: "errors.check_form",
      at: String(form.get("householdId") ?? ""),
    });
  const r = await attempt(() =>
    recordVisit(id, parsed.data.householdId, parsed.data.outcome, parsed.data.note, account),
  );
  return r.ok
    ? redirectWithFlash(request, `/rounds/${id}/doors`, "flash.visit_recorded")
    : fromFailure(r, String(parsed.data.householdId));
}

export default function Doors({ loaderData, actionData }: Route.ComponentProps) {
  useLiveRefresh();
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const { board, list, canVisit } = loaderData;
  const problem = actionData as FormProblem | undefined;
  const busy = useNavigation().state === "submitting";
  return (
    <>
      <nav aria-label={t("nav.breadcrumb")} className="breadcrumb screen-only">
        <Link to={`/rounds/${board.round.id}`}>
          {localName(lang, board.round.title, board.round.titleEn)}
        </Link>
      </nav>
      <h1>
        {t("doors.title", { round: localName(lang, board.round.title, board.round.titleEn) })}
      </h1>
      <p>{t(`doors.kind_${board.kind}`)}</p>
      <ParticipationBoard participation={board.total} missing={board.missing} />
      <div className="table-wrap" tabIndex={0}>
        <table>
          <caption>{t("doors.by_unit")}</caption>
          <thead>
            <tr>
              <th scope="col">{t("doors.unit")}</th>
              <th scope="col" className="num">
                {t("doors.households")}
              </th>
              <th scope="col" className="num">
                {t("tally.area_participation")}
              </th>
            </tr>
          </thead>
          <tbody>
            {board.units.map((u) => (
              <tr key={u.id}>
                <th scope="row">{u.name}</th>
                <td className="num">
                  {u.participatingHouseholds}/{u.scopeHouseholds}
                </td>
                <td className="num">
                  {percent({ num: u.participatingAreaCenti, den: u.scopeAreaCenti })}%
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <p className="screen-only">
        <a href={`/rounds/${board.round.id}/doors.csv`} download>
          {t("doors.export")}
        </a>
      </p>
      {canVisit ? (
        <p className="screen-only">
          <a href="/offline">{t("doors.offline")}</a>
        </p>
      ) : (
        <p className="screen-only">
          <Link to="/offline/devices">{t("offline.devices_link")}</Link>
        </p>
      )}
      <h2>{t("doors.list", { count: list.households.length })}</h2>
      <div className="table-wrap" tabIndex={0}>
        <table className="door-list stack-narrow">
          <caption>{t("doors.list_caption")}</caption>
          <thead>
            <tr>
              <th scope="col">{t("doors.address")}</th>
              <th scope="col">{t("roster.floor")}</th>
              <th scope="col" className="num">
                {t("roster.area")}
              </th>
              <th scope="col">{t("roster.owner")}</th>
              <th scope="col">{t("roster.phone")}</th>
              <th scope="col">{t("doors.last_visit")}</th>
              <th scope="col" className="print-only">
                {t("doors.visitor_note")}
              </th>
              {canVisit && (
                <th scope="col" className="screen-only">
                  {t("doors.record")}
                </th>
              )}
            </tr>
          </thead>
          <tbody>
            {list.households.map((h) => {
              const address = `${h.building}${h.unit}${h.room}`;
              return (
                <tr key={h.id}>
                  <th scope="row">{address}</th>
                  <td data-label={t("roster.floor")}>{h.floor}</td>
                  <td className="num" data-label={t("roster.area")}>
                    {area(h.areaCenti, lang)}
                  </td>
                  <td data-label={t("roster.owner")}>{h.ownerName}</td>
                  <td data-label={t("roster.phone")}>{h.phone ?? "—"}</td>
                  <td data-label={t("doors.last_visit")}>
                    {h.lastVisit
                      ? `${t(`visit.${h.lastVisit.outcome}`)} ${day(h.lastVisit.at, lang)}${h.lastVisit.note ? `：${h.lastVisit.note}` : ""}`
                      : "—"}
                  </td>
                  <td className="print-only note-cell" />
                  {canVisit && (
                    <td className="screen-only">
                      <Form method="post" className="visit-form">
                        <CsrfInput />
                        <input type="hidden" name="householdId" value={h.id} />
                        {problem?.at === String(h.id) && <FormError message={problem.form} />}
                        <label htmlFor={`outcome-${h.id}`} className="visually-hidden">
                          {t("doors.outcome_for", { address })}
                        </label>
                        <select id={`outcome-${h.id}`} name="outcome">
                          {VISIT_OUTCOMES.map((o) => (
                            <option key={o} value={o}>
                              {t(`visit.${o}`)}
                            </option>
                          ))}
                        </select>
                        <label htmlFor={`note-${h.id}`} className="visually-hidden">
                          {t("doors.note_for", { address })}
                        </label>
                        <input id={`note-${h.id}`} name="note" placeholder={t("doors.note")} />
                        <button
                          type="submit"
                          disabled={busy}
                          aria-label={t("doors.save_for", { address })}
                        >
                          {t("doors.save")}
                        </button>
                      </Form>
                      <Link
                        to={`/rounds/${board.round.id}/work?household=${h.id}#paper`}
                        aria-label={t("doors.paper_for", { address })}
                      >
                        {t("doors.paper")}
                      </Link>
                    </td>
                  )}
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </>
  );
}
