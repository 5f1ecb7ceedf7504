import { useTranslation } from "react-i18next";
import { Form, Link, useNavigation } from "react-router";
import { z } from "zod";
import { CsrfInput } from "~/components/csrf-input";
import { Field } from "~/components/field";
import { FormError } from "~/components/form-error";
import { StaffLinks } from "~/components/staff-links";
import { proxiesOfRound, recordProxy, revokeProxy } from "~/models/proxy.server";
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
import { day } from "~/lib/format";
import { parseForm } from "~/utils/forms";
import { localName } from "~/utils/names";
import { idParam } from "~/utils/params.server";
import { PRIVATE_UPLOAD_DIR, recordingPhotos, storePhotos } from "~/utils/uploads.server";
import type { Route } from "./+types/proxies";

// 委托投票: the community worker records an owner's written authorisation of a named person for
// this round, with a photo of the signed form and its expiry; the proxy then scores online (when
// an account is named) or on a paper sheet marked as theirs. The round's staff read the list.

const id = z.coerce.number({ error: "errors.invalid" }).int().positive("errors.required");
const Intent = z.discriminatedUnion("intent", [
  z.object({
    intent: z.literal("record"),
    flatOwner: z.string().regex(/^[1-9][0-9]*:[1-9][0-9]*$/, "errors.required"),
    proxyName: z.string().trim().min(1, "errors.required").max(40, "errors.too_long"),
    proxyUsername: z.string().trim().max(40, "errors.too_long").optional(),
    expiresOn: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "errors.date_invalid"),
  }),
  z.object({ intent: z.literal("revoke"), proxyId: id }),
]);

export async function loader({ request, params }: Route.LoaderArgs) {
  const account = await requireRole(request, "community_worker", "street_office");
  const roundId = idParam(params, "roundId");
  return { view: await notFoundOnDomainError(() => proxiesOfRound(roundId, account)) };
}

export async function action({ request, params }: Route.ActionArgs) {
  const account = await requireRole(request, "community_worker");
  const roundId = idParam(params, "roundId");
  const form = await readForm(request);
  const at = String(form.get("intent") ?? "");
  const parsed = parseForm(Intent, form);
  if (!parsed.ok) return formProblem({ errors: parsed.errors, form: "errors.check_form", at });
  const input = parsed.data;
  const back = (key: string) => redirectWithFlash(request, `/rounds/${roundId}/proxies`, key);
  if (input.intent === "revoke") {
    const r = await attempt(() => revokeProxy(roundId, input.proxyId, account));
    return r.ok ? back("flash.proxy_revoked") : fromFailure(r, at);
  }
  // the worker's right is checked before the photo is stored
  await notFoundOnDomainError(() => proxiesOfRound(roundId, account));
  const file = form.get("photo");
  if (!(file instanceof File) || file.size === 0)
    return formProblem({ errors: { photo: "errors.proxy_photo" }, form: "errors.proxy_photo", at });
  const photos = await storePhotos([file], PRIVATE_UPLOAD_DIR);
  if (typeof photos === "string")
    return formProblem({ errors: { photo: `errors.${photos}` }, form: `errors.${photos}`, at });
  const [householdId, ownerId] = input.flatOwner.split(":").map(Number);
  const r = await recordingPhotos(photos, PRIVATE_UPLOAD_DIR, () =>
    attempt(() =>
      recordProxy(
        {
          roundId,
          householdId,
          ownerId,
          proxyName: input.proxyName,
          proxyUsername: input.proxyUsername || null,
          // the form's date is a day in China: the authorisation stands to its end
          expiresAt: new Date(`${input.expiresOn}T23:59:59+08:00`),
          photo: photos[0],
        },
        account,
      ),
    ),
  );
  return r.ok ? back("flash.proxy_recorded") : fromFailure(r, at);
}

export default function Proxies({ loaderData, actionData }: Route.ComponentProps) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const { view } = loaderData;
  const problem = actionData as FormProblem | undefined;
  const errs = (at: string) => (problem?.at === at ? problem : undefined);
  const busy = useNavigation().state === "submitting";
  const now = Date.now();
  const status = (p: (typeof view.proxies)[number]) =>
    p.revokedAt
      ? t("proxies.revoked")
      : new Date(p.expiresAt).getTime() <= now
        ? t("proxies.expired")
        : t("proxies.standing");
  return (
    <>
      <nav aria-label={t("nav.breadcrumb")} className="breadcrumb">
        <Link to={`/rounds/${view.round.id}`}>
          {localName(lang, view.round.title, view.round.titleEn)}
        </Link>
      </nav>
      <StaffLinks roundId={view.round.id} phase={view.round.phase} />
      <h1>{t("proxies.title")}</h1>
      <p>{t("proxies.intro")}</p>

      {view.proxies.length === 0 ? (
        <p>{t("proxies.none")}</p>
      ) : (
        <div className="table-wrap" tabIndex={0}>
          <table className="stack-narrow">
            <caption>{t("proxies.list")}</caption>
            <thead>
              <tr>
                <th scope="col">{t("proxies.flat")}</th>
                <th scope="col">{t("proxies.owner")}</th>
                <th scope="col">{t("proxies.proxy")}</th>
                <th scope="col">{t("proxies.expires")}</th>
                <th scope="col">{t("proxies.status")}</th>
                <th scope="col">{t("proxies.ballots")}</th>
                <th scope="col">{t("proxies.form")}</th>
              </tr>
            </thead>
            <tbody>
              {view.proxies.map((p) => (
                <tr key={p.id}>
                  <th scope="row">{p.address}</th>
                  <td data-label={t("proxies.owner")}>
                    {p.owner} {p.ownerIdTail}
                  </td>
                  <td data-label={t("proxies.proxy")}>
                    {p.proxyName}
                    {p.proxyUsername ? ` (${p.proxyUsername})` : ` ${t("proxies.paper_only")}`}
                  </td>
                  <td data-label={t("proxies.expires")}>{day(p.expiresAt, lang)}</td>
                  <td data-label={t("proxies.status")}>
                    {status(p)}
                    {view.open && !p.revokedAt && (
                      <Form method="post">
                        <CsrfInput />
                        <input type="hidden" name="intent" value="revoke" />
                        <input type="hidden" name="proxyId" value={p.id} />
                        <button
                          type="submit"
                          disabled={busy}
                          aria-label={t("proxies.revoke_named", { name: p.proxyName })}
                        >
                          {t("proxies.revoke")}
                        </button>
                      </Form>
                    )}
                  </td>
                  <td data-label={t("proxies.ballots")}>{p.ballots}</td>
                  <td>
                    <a href={`/rounds/${view.round.id}/proxies/${p.id}/photo`}>
                      {t("proxies.photo")}
                    </a>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <FormError message={errs("revoke")?.form} params={errs("revoke")?.params} />

      {view.open && (
        <Form method="post" encType="multipart/form-data" className="card stack" id="record">
          <h2>{t("proxies.record")}</h2>
          <CsrfInput />
          <input type="hidden" name="intent" value="record" />
          <FormError message={errs("record")?.form} params={errs("record")?.params} />
          <div className="field">
            <label htmlFor="flatOwner">{t("proxies.flat_owner")}</label>
            <select id="flatOwner" name="flatOwner" required>
              <option value="">{t("work.choose")}</option>
              {view.choices.map((c) => (
                <option key={c.value} value={c.value}>
                  {c.label}
                </option>
              ))}
            </select>
          </div>
          <Field
            name="proxyName"
            label={t("proxies.proxy_name")}
            error={errs("record")?.errors.proxyName}
            required
          />
          <Field
            name="proxyUsername"
            label={t("proxies.proxy_username")}
            hint={t("proxies.proxy_username_hint")}
            error={errs("record")?.errors.proxyUsername}
            optional
          />
          <Field
            name="expiresOn"
            type="date"
            label={t("proxies.expires_on")}
            defaultValue={new Date(view.tastingEndsAt).toISOString().slice(0, 10)}
            error={errs("record")?.errors.expiresOn}
            required
          />
          <div className="field">
            <label htmlFor="photo">{t("proxies.photo_field")}</label>
            <p id="photo-hint" className="hint">
              {t("proxies.photo_hint")}
            </p>
            <input
              id="photo"
              name="photo"
              type="file"
              accept="image/jpeg,image/png,image/webp"
              aria-describedby="photo-hint"
              required
            />
          </div>
          <button type="submit" disabled={busy}>
            {t("proxies.record_submit")}
          </button>
        </Form>
      )}
    </>
  );
}
