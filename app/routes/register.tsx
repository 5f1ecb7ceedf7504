import { useTranslation } from "react-i18next";
import { Form, Link, useNavigation } from "react-router";
import { CsrfInput } from "~/components/csrf-input";
import { FormError, ImportLineErrors } from "~/components/form-error";
import { z } from "zod";
import { MAX_REGISTER_LINES, type HeadsPreview } from "~/domain/register";
import {
  checkMayImportRoster,
  importRegister,
  previewRegister,
  rosterOf,
} from "~/models/roster.server";
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
// ID numbers (kept only as a keyed hash and the last 4), area and its source. CSV or XLSX. Two
// steps, both plain form posts: the file is previewed first (how many heads it makes, which flats
// are joined and why); the confirmation posts back exactly the previewed lines to import.
const MAX_BYTES = 2 * 1024 * 1024;

export async function loader({ request, params }: Route.LoaderArgs) {
  const account = await requireRole(request, "community_worker");
  const roster = await notFoundOnDomainError(() =>
    rosterOf(idParam(params, "compoundId"), account),
  );
  return { compound: roster.compound };
}

// The register's lines as the preview carried them to the confirmation, parsed like any input
const PreviewedLines = z
  .string()
  .max(8 * 1024 * 1024)
  .transform((text, ctx) => {
    try {
      return JSON.parse(text) as unknown;
    } catch {
      ctx.addIssue({ code: "custom", message: "errors.register_file" });
      return z.NEVER;
    }
  })
  .pipe(z.array(z.array(z.string().max(2000))).max(MAX_REGISTER_LINES + 1));

export async function action({ request, params }: Route.ActionArgs) {
  const account = await requireRole(request, "community_worker");
  const id = idParam(params, "compoundId");
  // the compound and the worker's rights first: no file is read for a compound not theirs
  const refused = await refusalOf(() => checkMayImportRoster(id, account));
  if (refused) return importRefused(refused);
  const form = await readForm(request);
  // the import takes exactly the lines the preview showed; a file always goes to the preview first
  const confirming = form.get("intent") === "import";
  let records: string[][];
  if (confirming) {
    const parsed = PreviewedLines.safeParse(form.get("records") ?? "");
    if (!parsed.success)
      return formProblem({ errors: {}, form: "errors.register_file", lines: [] });
    records = parsed.data;
  } else {
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
    records = read.table.filter((r) => r.some((c) => c.trim()));
  }
  const attempted = await attempt<
    Awaited<ReturnType<typeof importRegister> | ReturnType<typeof previewRegister>>
  >(() =>
    confirming ? importRegister(id, records, account) : previewRegister(id, records, account),
  );
  if (!attempted.ok) return importRefused(attempted);
  const result = attempted.value;
  if (!result.ok)
    return formProblem({ errors: {}, form: "errors.roster_rejected", lines: result.errors }, 422);
  if ("preview" in result) return { preview: result.preview, records: JSON.stringify(records) };
  return redirectWithFlash(request, `/compounds/${id}/households`, "flash.register_imported");
}

type Problem = { form: string; lines?: { line: number; code: string }[] };
type Previewed = { preview: HeadsPreview; records: string };

export default function Register({ loaderData, actionData }: Route.ComponentProps) {
  const { t, i18n } = useTranslation();
  const { compound } = loaderData;
  const answer = actionData as Problem | Previewed | undefined;
  const problem = answer && "form" in answer ? answer : undefined;
  const previewed = answer && "preview" in answer ? answer : undefined;
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
      {previewed && <HeadsPreviewCard {...previewed} busy={busy} />}
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
        <button type="submit" name="intent" value="preview_register" disabled={busy}>
          {busy ? t("common.working") : t("register.preview_submit")}
        </button>
      </Form>
    </>
  );
}

/** What the file makes of the heads, and the one button that imports exactly these lines. */
function HeadsPreviewCard({ preview, records, busy }: Previewed & { busy: boolean }) {
  const { t } = useTranslation();
  const list = (xs: string[]) => xs.join(t("register.list_separator"));
  return (
    <section className="card stack" aria-labelledby="register-preview">
      <h2 id="register-preview">{t("register.preview_title")}</h2>
      <p role="status">
        {t("register.preview_summary", { flats: preview.flats, heads: preview.heads })}
      </p>
      <h3>{t("register.joined_title")}</h3>
      {preview.joined.length === 0 ? (
        <p>{t("register.joined_none")}</p>
      ) : (
        <ul aria-label={t("register.joined_title")}>
          {preview.joined.map((j) => (
            <li key={[...j.addresses, ...j.earlier].join("|")}>
              {t(`register.joined_${j.reason}`, {
                flats: list(j.addresses),
                owners: list(j.owners),
              })}
              {j.earlier.length > 0 &&
                " " + t("register.joined_earlier", { flats: list(j.earlier) })}
            </li>
          ))}
        </ul>
      )}
      {preview.apart.length > 0 && (
        <>
          <h3>{t("register.apart_title")}</h3>
          <ul aria-label={t("register.apart_title")}>
            {preview.apart.map((a) => (
              <li key={a.owner + a.heads.flat().join("|")}>
                {t("register.apart_line", {
                  owner: a.owner,
                  heads: a.heads.map(list).join(t("register.heads_separator")),
                })}
              </li>
            ))}
          </ul>
        </>
      )}
      <Form method="post" encType="multipart/form-data">
        <CsrfInput />
        <input type="hidden" name="records" value={records} />
        <button type="submit" name="intent" value="import" disabled={busy}>
          {busy ? t("common.working") : t("register.confirm_submit", { flats: preview.flats })}
        </button>
      </Form>
    </section>
  );
}
