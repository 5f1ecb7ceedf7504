import { useTranslation } from "react-i18next";
import { day } from "~/lib/format";

type Warranty = {
  id: number;
  kind: string;
  contractor: string;
  endsAt: Date | string;
  tickets: {
    id: number;
    category: string;
    status: string;
    claimStatus: string | null;
    createdAt: Date | string;
    events: { id: number; kind: string; at: Date | string }[];
  }[];
};

/** On a round's public page: the warranties of its works and the repairs claimed under them. */
export function WarrantyClaims({ warranties }: { warranties: Warranty[] }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  if (warranties.length === 0) return null;
  return (
    <section aria-labelledby="warranty-heading">
      <h2 id="warranty-heading">{t("repairs.warranty.public_title")}</h2>
      <ul className="cards">
        {warranties.map((w) => (
          <li key={w.id} className="card">
            <h3>{t(`repairs.warranty_kinds.${w.kind}`)}</h3>
            <p>
              {t("repairs.warranty.until", { date: day(w.endsAt, lang), contractor: w.contractor })}
            </p>
            {w.tickets.length === 0 ? (
              <p className="muted">{t("repairs.warranty.no_claims")}</p>
            ) : (
              <ul>
                {w.tickets.map((c) => (
                  <li key={c.id}>
                    {t("repairs.warranty.claim", {
                      id: c.id,
                      category: t(`repairs.categories.${c.category}`),
                      date: day(c.createdAt, lang),
                      status: t(`repairs.statuses.${c.status}`),
                    })}
                    {c.claimStatus && <> · {t(`repairs.claim_statuses.${c.claimStatus}`)}</>}
                    {c.events.length > 0 && (
                      <ul>
                        {c.events.map((e) => (
                          <li key={e.id}>
                            {t(`repairs.events.${e.kind}`)} · {day(e.at, lang)}
                          </li>
                        ))}
                      </ul>
                    )}
                  </li>
                ))}
              </ul>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}
