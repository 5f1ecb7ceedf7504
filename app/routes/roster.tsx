import { useTranslation } from "react-i18next";
import { Form, Link, useNavigation } from "react-router";
import { CsrfInput } from "~/components/csrf-input";
import { FormError, ImportLineErrors } from "~/components/form-error";
import { checkMayImportRoster, importRoster, rosterOf } from "~/models/roster.server";
import { requireRole } from "~/utils/auth.server";
import { readForm } from "~/utils/csrf.server";
import {
  attempt,
  formProblem,
  importRefused,
  notFoundOnDomainError,
  refusalOf,
} from "~/utils/errors.server";
import { redirectWithFlash } from "~/utils/flash.server";
import { idParam } from "~/utils/params.server";
import { readTable, tableProblemKey } from "~/utils/tables.server";
import { area } from "~/lib/format";
import { localName } from "~/utils/names";
import type { Route } from "./+types/roster";

const MAX_CSV_BYTES = 2 * 1024 * 1024;

export async function loader({ request, params }: Route.LoaderArgs) {
  const account = await requireRole(request, "community_worker");
  return {
    roster: await notFoundOnDomainError(() => rosterOf(idParam(params, "compoundId"), account)),
  };
}

export async function action({ request, params }: Route.ActionArgs) {
  const account = await requireRole(request, "community_worker");
  const id = idParam(params, "compoundId");
  // the compound and the worker's rights first: no file is read for a compound not theirs
  const refused = await refusalOf(() => checkMayImportRoster(id, account));
  if (refused) return importRefused(refused);
  const form = await readForm(request);
  const file = form.get("csv");
  if (!(file instanceof File) || file.size === 0)
    return formProblem({ errors: {}, form: "errors.roster_file", lines: [] });
  if (file.size > MAX_CSV_BYTES)
    return formProblem({ errors: {}, form: "errors.roster_too_long", lines: [] });
  const read = await readTable(file, { trim: true, csvOnly: true });
  if (!read.ok && read.code !== "unreadable")
    return formProblem({ errors: {}, form: tableProblemKey(read.code), lines: [] });
  const records = read.ok ? read.table : null;
  if (!records)
    return formProblem(
      { errors: {}, form: "errors.roster_rejected", lines: [{ line: 1, code: "roster_csv" }] },
      422,
    );
  const attempted = await attempt(() => importRoster(id, records, account));
  if (!attempted.ok) return importRefused(attempted);
  const result = attempted.value;
  if (!result.ok)
    return formProblem({ errors: {}, form: "errors.roster_rejected", lines: result.errors }, 422);
  return redirectWithFlash(request, `/compounds/${id}/households`, `flash.imported`);
}

export default function Roster({ loaderData, actionData }: Route.ComponentProps) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const { roster } = loaderData;
  const problem = actionData as
    { form: string; lines: { line: number; code: string }[] } | undefined;
  const busy = useNavigation().state === "submitting";
  const total = roster.buildings.reduce(
    (s, b) => s + b.units.reduce((u, x) => u + x.households.length, 0),
    0,
  );
  return (
    <>
      <h1>
        {t("roster.title", {
          compound: localName(lang, roster.compound.name, roster.compound.nameEn),
        })}
      </h1>
      <p>{t("roster.count", { count: total })}</p>
      <ul className="actions">
        <li>
          <Link className="button" to={`/compounds/${roster.compound.id}/letters`}>
            {t("roster.letters")}
          </Link>
        </li>
        <li>
          <Link className="button" to={`/compounds/${roster.compound.id}/register`}>
            {t("register.title")}
          </Link>
        </li>
      </ul>
      <Form method="post" encType="multipart/form-data" className="card stack">
        <h2>{t("roster.import")}</h2>
        <p className="hint">{t("roster.import_hint")}</p>
        <pre className="sample" tabIndex={0}>
          building,unit,room,floor,area,owner_name,phone{"\n"}
          1号楼,1单元,101,1,85.50,张三,13800000000
        </pre>
        <CsrfInput />
        <FormError message={problem?.form} />
        <ImportLineErrors lines={problem?.lines} />
        <div className="field">
          <label htmlFor="csv">{t("roster.file")}</label>
          <input id="csv" name="csv" type="file" accept=".csv,text/csv" required />
        </div>
        <button type="submit" disabled={busy}>
          {busy ? t("common.working") : t("roster.import_submit")}
        </button>
      </Form>
      {roster.buildings.map((b) =>
        b.units.map((u) => (
          <section key={u.id} aria-labelledby={`unit-${u.id}`}>
            <h2 id={`unit-${u.id}`}>
              {b.name}
              {u.name}
            </h2>
            <div className="table-wrap" tabIndex={0}>
              <table className="stack-narrow">
                <thead>
                  <tr>
                    <th scope="col">{t("roster.room")}</th>
                    <th scope="col">{t("roster.floor")}</th>
                    <th scope="col" className="num">
                      {t("roster.area")}
                    </th>
                    <th scope="col">{t("roster.owner")}</th>
                    <th scope="col">{t("roster.phone")}</th>
                    <th scope="col">{t("roster.members")}</th>
                    <th scope="col">{t("roster.codes")}</th>
                  </tr>
                </thead>
                <tbody>
                  {u.households.map((h) => (
                    <tr key={h.id}>
                      <th scope="row">
                        <Link
                          to={`/households/${h.id}/edit`}
                          aria-label={t("roster.edit_named", {
                            room: `${b.name}${u.name}${h.room}`,
                          })}
                        >
                          {h.room}
                        </Link>
                      </th>
                      <td data-label={t("roster.floor")}>{h.floor}</td>
                      <td className="num" data-label={t("roster.area")}>
                        {area(h.areaCenti, lang)}
                      </td>
                      <td data-label={t("roster.owner")}>
                        {h.owners.length === 0
                          ? h.ownerName
                          : h.owners.map((o, i) => (
                              <span key={i} className="owner">
                                {i > 0 && "、"}
                                {o.name}
                                {o.kind !== "person" && ` (${t(`owner_kinds.${o.kind}`)})`}{" "}
                                <span className="muted">
                                  {[o.idTail, o.certificate].filter(Boolean).join(" ")}
                                </span>
                              </span>
                            ))}
                        <br />
                        <span className="small muted">{t(`area_sources.${h.areaSource}`)}</span>
                      </td>
                      <td data-label={t("roster.phone")}>{h.phone ?? "—"}</td>
                      <td data-label={t("roster.members")}>
                        {h.members}
                        {h.occupants > 0 && ` ${t("roster.occupants", { count: h.occupants })}`}
                      </td>
                      <td data-label={t("roster.codes")}>{h.unusedCodes}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </section>
        )),
      )}
    </>
  );
}
