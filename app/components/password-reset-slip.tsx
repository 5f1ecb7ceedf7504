import { useTranslation } from "react-i18next";
import { Form } from "react-router";
import { dateTime } from "~/lib/format";
import { CsrfInput } from "./csrf-input";

type Member = { id: number; username: string; displayName: string };
type Issued = { code: string; expiresAt: Date | string; username: string; displayName: string };

/**
 * The household page's forgotten-password section: one button per member account; a code just
 * issued is shown once, as a slip to print and hand over.
 */
export function PasswordResetSlip({
  members,
  issued,
  busy,
}: {
  members: Member[];
  issued?: Issued;
  busy: boolean;
}) {
  const { t, i18n } = useTranslation();
  return (
    <section className="card stack narrow" aria-labelledby="reset-heading">
      <h2 id="reset-heading">{t("reset.members")}</h2>
      {issued && (
        <div className="letter" role="status">
          <p>{t("reset.slip_for", { name: issued.displayName, username: issued.username })}</p>
          <p className="letter-code">
            <code>{issued.code}</code>
          </p>
          <p>{t("reset.slip_how", { until: dateTime(issued.expiresAt, i18n.language) })}</p>
        </div>
      )}
      {members.length === 0 ? (
        <p>{t("reset.no_members")}</p>
      ) : (
        <ul className="plain">
          {members.map((m) => (
            <li key={m.id}>
              <Form method="post">
                <CsrfInput />
                <input type="hidden" name="intent" value="reset" />
                <input type="hidden" name="accountId" value={m.id} />
                <button
                  type="submit"
                  className="secondary"
                  disabled={busy}
                  aria-label={t("reset.issue_for", { name: m.displayName, username: m.username })}
                >
                  {t("reset.issue")}
                </button>{" "}
                {m.displayName}（{m.username}）
              </Form>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
