import QRCode from "qrcode";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { maskName } from "~/domain/privacy";
import { Form, useNavigation } from "react-router";
import { CsrfInput } from "~/components/csrf-input";
import { FormError } from "~/components/form-error";
import { issueMissingCodes, lettersOf } from "~/models/roster.server";
import { requireRole } from "~/utils/auth.server";
import { readForm } from "~/utils/csrf.server";
import {
  attempt,
  fromFailure,
  notFoundOnDomainError,
  type FormProblem,
} from "~/utils/errors.server";
import { redirectWithFlash } from "~/utils/flash.server";
import type { Route } from "./+types/letters";

// Household letters (入户告知书) with the one-time code and a QR link to /join?code=…, one per A4
// page when printed. Households with no unused code left get one by a button (a POST), never by
// merely opening the page.
const Params = z.object({ compoundId: z.coerce.number().int().positive() });

export async function loader({ request, params }: Route.LoaderArgs) {
  const account = await requireRole(request, "community_worker");
  const p = Params.safeParse(params);
  if (!p.success) throw new Response("not found", { status: 404 });
  const url = new URL(request.url);
  const building = Number(url.searchParams.get("building")) || undefined;
  const origin = process.env.PUBLIC_URL ?? url.origin;
  const { compound, letters, withoutCode } = await notFoundOnDomainError(() =>
    lettersOf(p.data.compoundId, account, building),
  );
  return {
    compound,
    withoutCode,
    letters: await Promise.all(
      letters.map(async (l) => {
        const link = `${origin}/join?code=${l.code}`;
        return {
          ...l,
          ownerName: maskName(l.ownerName),
          display: `${l.code.slice(0, 4)}-${l.code.slice(4)}`,
          link,
          qr: await QRCode.toString(link, { type: "svg", errorCorrectionLevel: "M", margin: 1 }),
        };
      }),
    ),
  };
}

export async function action({ request, params }: Route.ActionArgs) {
  const account = await requireRole(request, "community_worker");
  const p = Params.safeParse(params);
  if (!p.success) throw new Response("not found", { status: 404 });
  await readForm(request);
  const url = new URL(request.url);
  const building = Number(url.searchParams.get("building")) || undefined;
  const r = await attempt(() => issueMissingCodes(p.data.compoundId, account, building));
  return r.ok
    ? redirectWithFlash(request, url.pathname + url.search, "flash.codes_issued")
    : fromFailure(r);
}

export default function Letters({ loaderData, actionData }: Route.ComponentProps) {
  const { t } = useTranslation();
  const { compound, letters, withoutCode } = loaderData;
  const busy = useNavigation().state === "submitting";
  return (
    <>
      <h1 className="screen-only">
        {t("letters.title", { compound: compound.name, count: letters.length })}
      </h1>
      <p className="screen-only">{t("letters.print_hint")}</p>
      <FormError message={(actionData as FormProblem | undefined)?.form} />
      {withoutCode > 0 && (
        <Form method="post" className="screen-only notice">
          <CsrfInput />
          <p>{t("letters.without_code", { count: withoutCode })}</p>
          <button type="submit" disabled={busy}>
            {t("letters.issue_missing", { count: withoutCode })}
          </button>
        </Form>
      )}
      {letters.map((l) => (
        <article key={l.householdId} className="letter" aria-labelledby={`letter-${l.householdId}`}>
          <h2 id={`letter-${l.householdId}`}>{t("letters.heading")}</h2>
          <p>{t("letters.to", { address: `${compound.name}${l.address}`, owner: l.ownerName })}</p>
          <p>{t("letters.body")}</p>
          <div className="letter-code">
            <div
              className="qr"
              role="img"
              aria-label={t("letters.qr_label", { code: l.display })}
              dangerouslySetInnerHTML={{ __html: l.qr }}
            />
            <div>
              <p>{t("letters.code")}</p>
              <p className="code">{l.display}</p>
              <p className="small">{l.link}</p>
            </div>
          </div>
          <p>{t("letters.steps")}</p>
          <p className="small">{t("letters.privacy")}</p>
        </article>
      ))}
    </>
  );
}
