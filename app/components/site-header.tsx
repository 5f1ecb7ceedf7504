import { useTranslation } from "react-i18next";
import { Form, Link, useLocation } from "react-router";
import { LANGUAGES } from "~/i18n";
import { CsrfInput } from "./csrf-input";

type Root =
  | { lang: string; account: { displayName: string; role: string; unread: number } | null }
  | undefined;

export function SiteHeader({ root }: { root: Root }) {
  const { t } = useTranslation();
  const location = useLocation();
  const here = location.pathname + location.search;
  return (
    <header className="site-header">
      <Link to="/" className="brand">
        <span className="brand-name">{t("app.name")}</span>
        <span className="brand-motto">{t("app.motto")}</span>
      </Link>
      <nav aria-label={t("nav.label")}>
        <ul>
          <li>
            <Link to="/">{t("nav.home")}</Link>
          </li>
          <li>
            <Link to="/dashboard">{t("nav.dashboard")}</Link>
          </li>
          {root?.account ? (
            <>
              <li>
                <Link to="/me">{t("nav.me")}</Link>
              </li>
              <li>
                <Link to="/repairs">{t("repairs.nav")}</Link>
              </li>
              {root.account.role === "resident" && (
                <li>
                  <Link to="/inbox">{t("nav.inbox", { count: root.account.unread })}</Link>
                </li>
              )}
              <li>
                <Form method="post" action="/sign-out">
                  <CsrfInput />
                  <button type="submit" className="link-button">
                    {t("nav.sign_out", { name: root.account.displayName })}
                  </button>
                </Form>
              </li>
            </>
          ) : (
            <li>
              <Link to={`/sign-in?redirectTo=${encodeURIComponent(here)}`}>{t("nav.sign_in")}</Link>
            </li>
          )}
        </ul>
      </nav>
      <nav aria-label={t("nav.language")} className="language">
        <ul>
          {LANGUAGES.map((lng) => (
            <li key={lng}>
              <a
                href={`/language?lng=${lng}&to=${encodeURIComponent(here)}`}
                hrefLang={lng}
                lang={lng}
                aria-current={root?.lang === lng ? "true" : undefined}
              >
                {t(`languages.${lng}`)}
              </a>
            </li>
          ))}
        </ul>
      </nav>
    </header>
  );
}
