import QRCode from "qrcode";
import { useTranslation } from "react-i18next";
import { maskName } from "~/domain/privacy";
import { Form, useNavigation } from "react-router";
import { CsrfInput } from "~/components/csrf-input";
import { FormError } from "~/components/form-error";
import { issueMissingCodes, scopedLettersOf, type LetterScope } from "~/models/roster.server";
import { requireRole } from "~/utils/auth.server";
import { readForm } from "~/utils/csrf.server";
import {
  attempt,
  fromFailure,
  notFoundOnDomainError,
  type FormProblem,
} from "~/utils/errors.server";
import { redirectWithFlash } from "~/utils/flash.server";
import { day } from "~/lib/format";
import { localName } from "~/utils/names";
import { idParam } from "~/utils/params.server";
import type { Route } from "./+types/letters";

// Household letters (入户告知书) with the one-time code and a QR link to /join?code=…, for a round's
// scope, a building or a unit; two to an A4 sheet when printed. A round's letter says what to do by
// when, and every letter whom to call. Households with no unused code left get one by a button
// (a POST), never by merely opening the page.
/** ?scope=round-3 | building-2 | unit-7 (or the older ?building=2). */
function scopeOf(url: URL): LetterScope {
  const m = /^(round|building|unit)-(\d+)$/.exec(url.searchParams.get("scope") ?? "");
  if (m) return { [`${m[1]}Id`]: Number(m[2]) };
  return { buildingId: Number(url.searchParams.get("building")) || undefined };
}

export async function loader({ request, params }: Route.LoaderArgs) {
  const account = await requireRole(request, "community_worker");
  const compoundId = idParam(params, "compoundId");
  const url = new URL(request.url);
  const scope = scopeOf(url);
  const origin = process.env.PUBLIC_URL ?? url.origin;
  const { letters, ...rest } = await notFoundOnDomainError(() =>
    scopedLettersOf(compoundId, account, scope),
  );
  return {
    ...rest,
    scope:
      url.searchParams.get("scope") ?? (scope.buildingId ? `building-${scope.buildingId}` : ""),
    // the issue button covers the compound or a building; for a round or unit it points there
    canIssue: !scope.roundId && !scope.unitId,
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
  const compoundId = idParam(params, "compoundId");
  await readForm(request);
  const url = new URL(request.url);
  const building = Number(url.searchParams.get("building")) || undefined;
  const r = await attempt(() => issueMissingCodes(compoundId, account, building));
  return r.ok
    ? redirectWithFlash(request, url.pathname + url.search, "flash.codes_issued")
    : fromFailure(r);
}

export default function Letters({ loaderData, actionData }: Route.ComponentProps) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const { compound, letters, withoutCode, round, contacts, community, choices, scope, canIssue } =
    loaderData;
  const busy = useNavigation().state === "submitting";
  const contactLine = contacts
    .map((c) => (c.phone ? `${c.displayName} ${c.phone}` : c.displayName))
    .join("、");
  return (
    <>
      <h1 className="screen-only">
        {t("letters.title", { compound: compound.name, count: letters.length })}
      </h1>
      <Form method="get" className="screen-only card filters">
        <div className="field">
          <label htmlFor="scope">{t("letters.scope")}</label>
          <select id="scope" name="scope" defaultValue={scope}>
            <option value="">{t("letters.scope_all")}</option>
            {choices.rounds.length > 0 && (
              <optgroup label={t("letters.scope_rounds")}>
                {choices.rounds.map((r) => (
                  <option key={r.id} value={`round-${r.id}`}>
                    {localName(lang, r.title, r.titleEn)}
                  </option>
                ))}
              </optgroup>
            )}
            <optgroup label={t("letters.scope_buildings")}>
              {choices.buildings.map((b) => (
                <option key={b.id} value={`building-${b.id}`}>
                  {b.name}
                </option>
              ))}
            </optgroup>
            <optgroup label={t("letters.scope_units")}>
              {choices.units.map((u) => (
                <option key={u.id} value={`unit-${u.id}`}>
                  {u.name}
                </option>
              ))}
            </optgroup>
          </select>
        </div>
        <button type="submit">{t("letters.show")}</button>
      </Form>
      <p className="screen-only">{t("letters.print_hint")}</p>
      <FormError message={(actionData as FormProblem | undefined)?.form} />
      {withoutCode > 0 &&
        (canIssue ? (
          <Form method="post" className="screen-only notice">
            <CsrfInput />
            <p>{t("letters.without_code", { count: withoutCode })}</p>
            <button type="submit" disabled={busy}>
              {t("letters.issue_missing", { count: withoutCode })}
            </button>
          </Form>
        ) : (
          <p className="screen-only notice">
            {t("letters.without_code_scoped", { count: withoutCode })}
          </p>
        ))}
      <div className="letters">
        {letters.map((l) => (
          <article
            key={l.householdId}
            className="letter"
            aria-labelledby={`letter-${l.householdId}`}
          >
            <h2 id={`letter-${l.householdId}`}>
              {round
                ? t("letters.heading_round", { round: localName(lang, round.title, round.titleEn) })
                : t("letters.heading")}
            </h2>
            <p>
              {t("letters.to", { address: `${compound.name}${l.address}`, owner: l.ownerName })}
            </p>
            <p>
              {round
                ? t("letters.what_by_when", {
                    ordering: day(round.orderingEndsAt, lang),
                    tasting: day(round.tastingEndsAt, lang),
                  })
                : t("letters.body")}
            </p>
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
            <p>
              <strong>{t("letters.contact", { community, contacts: contactLine })}</strong>
            </p>
            <p className="small">{t("letters.privacy")}</p>
          </article>
        ))}
      </div>
    </>
  );
}
