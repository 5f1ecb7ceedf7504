import { useTranslation } from "react-i18next";
import { Form, Link, useNavigation } from "react-router";
import { CsrfInput } from "~/components/csrf-input";
import { FormError, ImportLineErrors } from "~/components/form-error";
import { checkMayImportRoster, importRegister, rosterOf } from "~/models/roster.server";
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
import { localName } from "~/utils/names";
import { idParam } from "~/utils/params.server";
import { readTable, tableProblemKey } from "~/utils/tables.server";
import type { Route } from "./+types/register";

// The property register's export (不动产登记) onto the compound's flats: certificates, owners,
// ID numbers (kept only as a keyed hash and the last 4), area and its source. CSV or XLSX.
const MAX_BYTES = 2 * 1024 * 1024;

export async function loader({ request, params }: Route.LoaderArgs) {
  const account = await requireRole(request, "community_worker");
  const roster = await notFoundOnDomainError(() =>
    rosterOf(idParam(params, "compoundId"), account),
  );
  return { compound: roster.compound };
}

export async function action({ request, params }: Route.ActionArgs) {
  const account = await requireRole(request, "community_worker");
  const id = idParam(params, "compoundId");
  // the compound and the worker's rights first: no file is read for a compound not theirs
  const refused = await refusalOf(() => checkMayImportRoster(id, account));
  if (refused) return importRefused(refused);
  const form = await readForm(request);
  const file = form.get("file");
  if (!(file instanceof File) || file.size === 0)
    return formProblem({ errors: {}, form: "errors.roster_file", lines: [] });
  if (file.size > MAX_BYTES)
    return formProblem({ errors: {}, form: "errors.roster_too_long", lines: [] });
  const read = await readTable(file);
  if (!read.ok)
    return formProblem({
      errors: {},
      form: read.code === "unreadable" ? "errors.register_file" : tableProblemKey(read.code),
      lines: [],
    });
  const attempted = await attempt(() =>
    importRegister(
      id,
      read.table.filter((r) => r.some((c) => c.trim())),
      account,
    ),
  );
  if (!attempted.ok) return importRefused(attempted);
  const result = attempted.value;
  if (!result.ok)
    return formProblem({ errors: {}, form: "errors.roster_rejected", lines: result.errors }, 422);
  return redirectWithFlash(request, `/compounds/${id}/households`, "flash.register_imported");
}

export default function Register({ loaderData, actionData }: Route.ComponentProps) {
  const { t, i18n } = useTranslation();
  const { compound } = loaderData;
  const problem = actionData as
    { form: string; lines?: { line: number; code: string }[] } | undefined;
  const busy = useNavigation().state === "submitting";
  return (
    <>
      <nav aria-label={t("nav.breadcrumb")} className="breadcrumb">
        <Link to={`/compounds/${compound.id}/households`}>
          {t("roster.title", {
            compound: localName(i18n.language, compound.name, compound.nameEn),
          })}
        </Link>
      </nav>
      <h1>{t("register.title")}</h1>
      <p>{t("register.intro")}</p>
      <Form method="post" encType="multipart/form-data" className="card stack">
        <p className="hint">{t("register.hint")}</p>
        <pre className="sample" tabIndex={0}>
          building,unit,room,certificate_no,owners,id_numbers,owner_kind,area,area_source{"\n"}
          1号楼,1单元,101,鲁(2019)泰安市不动产权第0012345号,张三、李四,370902198001011230、370902198203041235,person,85.50,register
          {"\n"}
          1号楼,1单元,102,鲁(2018)泰安市不动产权第0012346号,泰安某房地产开发有限公司,,developer,72.00,survey
        </pre>
        <CsrfInput />
        <FormError message={problem?.form} />
        <ImportLineErrors lines={problem?.lines} />
        <div className="field">
          <label htmlFor="file">{t("register.file")}</label>
          <input
            id="file"
            name="file"
            type="file"
            accept=".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            required
          />
        </div>
        <button type="submit" disabled={busy}>
          {busy ? t("common.working") : t("register.submit")}
        </button>
      </Form>
    </>
  );
}
