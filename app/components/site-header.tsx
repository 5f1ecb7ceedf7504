import { useEffect, useRef } from "react";
import { useTranslation } from "react-i18next";
import { Form, Link, useLocation } from "react-router";
import { LANGUAGES } from "~/i18n";
import { CsrfInput } from "./csrf-input";

type Root =
  | {
      lang: string;
      largeText?: boolean;
      account: {
        displayName: string;
        role: string;
        unread: number;
        repairs: boolean;
        home: string;
      } | null;
    }
  | undefined;

/**
 * One row on a phone: the name, 大字版, the messages, sign-in/out and a 菜单 that opens without
 * JavaScript (<details>); on a wide screen the menu's links stand in the row itself.
 */
export function SiteHeader({ root }: { root: Root }) {
  const { t } = useTranslation();
  const location = useLocation();
  const here = location.pathname + location.search;
  const account = root?.account;
  // with JavaScript the header stays while the page changes: close the menu after each navigation
  const menu = useRef<HTMLDetailsElement>(null);
  useEffect(() => {
    if (menu.current) menu.current.open = false;
  }, [location.key]);
  return (
    <header className="site-header">
      <Link to="/" className="brand">
        <span className="brand-name">{t("app.name")}</span>
        <span className="brand-motto">{t("app.motto")}</span>
      </Link>
      <details className="menu" ref={menu}>
        <summary>{t("nav.menu")}</summary>
        <div className="menu-body">
          <nav aria-label={t("nav.label")}>
            <ul>
              <li>
                <Link to="/">{t("nav.home")}</Link>
              </li>
              <li>
                <Link to="/dashboard">{t("nav.dashboard")}</Link>
              </li>
              {account && (
                <li>
                  <Link to={account.home}>{t("nav.me")}</Link>
                </li>
              )}
              {account?.repairs && (
                <li>
                  <Link to="/repairs">{t("repairs.nav")}</Link>
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
        </div>
      </details>
      {/* 大字版 stands in the row itself: those who need it should not have to open a menu first */}
      <Form method="post" action="/text-size" className="text-size">
        <CsrfInput />
        <input type="hidden" name="to" value={here} />
        <input type="hidden" name="size" value={root?.largeText ? "normal" : "large"} />
        <button
          type="submit"
          className="link-button"
          aria-pressed={!!root?.largeText}
          aria-label={t("nav.large_text")}
        >
          {t("nav.large_text_short")}
        </button>
      </Form>
      <div className="account">
        {account?.role === "resident" && (
          <Link to="/inbox">{t("nav.inbox", { count: account.unread })}</Link>
        )}
        {account && account.role !== "resident" && (
          <Link to="/messages">{t("nav.inbox", { count: account.unread })}</Link>
        )}
        {account ? (
          <Form method="post" action="/sign-out">
            <CsrfInput />
            <button
              type="submit"
              className="link-button"
              aria-label={t("nav.sign_out") + t("nav.signed_in_as", { name: account.displayName })}
            >
              {t("nav.sign_out")}
              {/* the name shows on a wide screen; on a phone it is only read out: one row */}
              <span className="who">{t("nav.signed_in_as", { name: account.displayName })}</span>
            </button>
          </Form>
        ) : (
          <Link to={`/sign-in?redirectTo=${encodeURIComponent(here)}`}>{t("nav.sign_in")}</Link>
        )}
      </div>
    </header>
  );
}
