import { useTranslation } from "react-i18next";
import { Form, useNavigation } from "react-router";
import { z } from "zod";
import { CsrfInput } from "~/components/csrf-input";
import { FormError } from "~/components/form-error";
import { devicesOfStreet, revokeDevice } from "~/models/offline.server";
import { requireRole } from "~/utils/auth.server";
import { readForm } from "~/utils/csrf.server";
import { attempt, formProblem, fromFailure, type FormProblem } from "~/utils/errors.server";
import { redirectWithFlash } from "~/utils/flash.server";
import { dateTime } from "~/lib/format";
import { parseForm } from "~/utils/forms";
import type { Route } from "./+types/offline-devices";

// The phones the street's community workers took door lists along on. A lost phone is revoked
// here: whatever it sends afterwards is refused, and what it had not synced never counts.
const Revoke = z.object({ deviceId: z.uuid({ error: "errors.invalid" }) });

export async function loader({ request }: Route.LoaderArgs) {
  const account = await requireRole(request, "street_office");
  return { devices: await devicesOfStreet(account) };
}

export async function action({ request }: Route.ActionArgs) {
  const account = await requireRole(request, "street_office");
  const form = await readForm(request);
  const parsed = parseForm(Revoke, form);
  if (!parsed.ok) return formProblem({ errors: parsed.errors, form: "errors.check_form" });
  const r = await attempt(() => revokeDevice(parsed.data.deviceId, account));
  return r.ok
    ? redirectWithFlash(request, "/offline/devices", "flash.device_revoked")
    : fromFailure(r, parsed.data.deviceId);
}

export default function OfflineDevices({ loaderData, actionData }: Route.ComponentProps) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const problem = actionData as FormProblem | undefined;
  const busy = useNavigation().state === "submitting";
  const { devices } = loaderData;
  return (
    <>
      <h1>{t("offline.devices_title")}</h1>
      <p>{t("offline.devices_intro")}</p>
      <FormError message={problem?.form} />
      {devices.length === 0 ? (
        <p>{t("offline.devices_none")}</p>
      ) : (
        <div className="table-wrap" tabIndex={0}>
          <table className="stack-narrow">
            <caption>{t("offline.devices_caption")}</caption>
            <thead>
              <tr>
                <th scope="col">{t("offline.device_worker")}</th>
                <th scope="col">{t("offline.device_label")}</th>
                <th scope="col">{t("offline.device_registered")}</th>
                <th scope="col">{t("offline.device_last_sync")}</th>
                <th scope="col" className="num">
                  {t("offline.device_entries")}
                </th>
                <th scope="col">{t("offline.device_state")}</th>
              </tr>
            </thead>
            <tbody>
              {devices.map((d) => (
                <tr key={d.id}>
                  <th scope="row">
                    {d.worker}（{d.community}）
                  </th>
                  <td data-label={t("offline.device_label")}>
                    {d.id.slice(0, 8)}
                    {d.label && `（${d.label.slice(0, 40)}）`}
                  </td>
                  <td data-label={t("offline.device_registered")}>
                    {dateTime(d.registeredAt, lang)}
                  </td>
                  <td data-label={t("offline.device_last_sync")}>
                    {d.lastSyncAt ? dateTime(d.lastSyncAt, lang) : "—"}
                  </td>
                  <td className="num" data-label={t("offline.device_entries")}>
                    {d.entries}
                  </td>
                  <td data-label={t("offline.device_state")}>
                    {d.revokedAt ? (
                      t("offline.device_revoked_at", { at: dateTime(d.revokedAt, lang) })
                    ) : (
                      <Form method="post">
                        <CsrfInput />
                        <input type="hidden" name="deviceId" value={d.id} />
                        <button
                          type="submit"
                          disabled={busy}
                          aria-label={t("offline.revoke_for", {
                            worker: d.worker,
                            label: d.id.slice(0, 8),
                          })}
                        >
                          {t("offline.revoke")}
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
