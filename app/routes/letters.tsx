import QRCode from "qrcode";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { maskName } from "~/domain/privacy";
import { lettersOf } from "~/models/roster.server";
import { requireRole } from "~/utils/auth.server";
import { notFoundOnDomainError } from "~/utils/errors.server";
import type { Route } from "./+types/letters";

// Household letters (入户告知书) with the one-time code and a QR link to /join?code=…, one per A4
// page when printed. Loading this page issues a code to any household that has none left.
const Params = z.object({ compoundId: z.coerce.number().int().positive() });

export async function loader({ request, params }: Route.LoaderArgs) {
  const account = await requireRole(request, "community_worker");
  const p = Params.safeParse(params);
  if (!p.success) throw new Response("not found", { status: 404 });
  const url = new URL(request.url);
  const building = Number(url.searchParams.get("building")) || undefined;
  const origin = process.env.PUBLIC_URL ?? url.origin;
  const { compound, letters } = await notFoundOnDomainError(() =>
    lettersOf(p.data.compoundId, account, building),
  );
  return {
    compound,
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

export default function Letters({ loaderData }: Route.ComponentProps) {
  const { t } = useTranslation();
  const { compound, letters } = loaderData;
  return (
    <>
      <h1 className="screen-only">
        {t("letters.title", { compound: compound.name, count: letters.length })}
      </h1>
      <p className="screen-only">{t("letters.print_hint")}</p>
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
