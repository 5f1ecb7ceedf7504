import { useTranslation } from "react-i18next";
import { Form, Link } from "react-router";
import { CsrfInput } from "~/components/csrf-input";
import { dateTime } from "~/lib/format";
import { localName } from "~/utils/names";

type Claim = {
  id: number;
  category: string;
  claimStatus: string | null;
  createdAt: Date | string;
  fixDueAt: Date | string;
  compound: { name: string; nameEn: string };
  warranty: { kind: string; contractor: string } | null;
};
type Notice = { id: number; ticket: number | null; createdAt: Date | string; read: boolean };

/** A contractor's own queue: the warranty claims on the works they built, and what they were told. */
export function WarrantyQueue({
  claims,
  notices,
  busy,
}: {
  claims: Claim[];
  notices: Notice[];
  busy: boolean;
}) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const unread = notices.filter((n) => !n.read);
  return (
    <>
      <section aria-labelledby="notices-heading">
        <h2 id="notices-heading">{t("repairs.claims.notices", { count: unread.length })}</h2>
        {notices.length === 0 ? (
          <p>{t("repairs.claims.no_notices")}</p>
        ) : (
          <>
            <ul>
              {notices.map((n) => (
                <li key={n.id}>
                  {!n.read && <strong>{t("repairs.claims.new")} </strong>}
                  <Link to={`/repairs/${n.ticket}`}>
                    {t("repairs.claims.notice", { id: n.ticket })}
                  </Link>{" "}
                  · {dateTime(n.createdAt, lang)}
                </li>
              ))}
            </ul>
            {unread.length > 0 && (
              <Form method="post">
                <CsrfInput />
                <input type="hidden" name="intent" value="read_notices" />
                <button type="submit" disabled={busy}>
                  {t("repairs.claims.mark_read")}
                </button>
              </Form>
            )}
          </>
        )}
      </section>
      <section aria-labelledby="claims-heading">
        <h2 id="claims-heading">{t("repairs.claims.title")}</h2>
        {claims.length === 0 ? (
          <p>{t("repairs.claims.none")}</p>
        ) : (
          <ul className="cards">
            {claims.map((c) => (
              <li key={c.id} className="card">
                <Link to={`/repairs/${c.id}`}>
                  {t("repairs.ticket.title", { id: c.id })} ·{" "}
                  {t(`repairs.categories.${c.category}`)}
                </Link>
                <p>
                  {localName(lang, c.compound.name, c.compound.nameEn)} ·{" "}
                  {c.warranty && t(`repairs.warranty_kinds.${c.warranty.kind}`)}
                </p>
                <p>
                  <strong>{t(`repairs.claim_statuses.${c.claimStatus}`)}</strong> ·{" "}
                  {t("repairs.claims.reported", { at: dateTime(c.createdAt, lang) })}
                </p>
              </li>
            ))}
          </ul>
        )}
      </section>
    </>
  );
}
