import { useMemo } from "react";
import { I18nextProvider, useTranslation } from "react-i18next";
import {
  data,
  isRouteErrorResponse,
  Links,
  Meta,
  Outlet,
  Scripts,
  ScrollRestoration,
  useLocation,
  useMatches,
  useRouteLoaderData,
  type ShouldRevalidateFunction,
} from "react-router";
import type { Route } from "./+types/root";
import { SiteHeader } from "./components/site-header";
import {
  ErrorPageI18n,
  errorPageI18n,
  RememberSubmission,
  RequestReference,
  StorageFaultPage,
  useFaultRender,
  useHydrated,
} from "./components/storage-fault";
import { makeI18n, type Language } from "./i18n";
import { useNonce } from "./utils/nonce";
import { pageWantsScripts } from "./utils/scripts";
import { languageOf } from "./i18n/language.server";
import { dictionaryOf } from "./i18n/dictionaries.server";
import { pageDictionary, pageDictionaryUrl, pick } from "./i18n/page-dictionary.server";
import { fetchedDictionary, loadPageDictionary } from "./i18n/browser-dictionary";
import { getCurrentAccount } from "./utils/auth.server";
import { unreadCount } from "./models/inbox.server";
import { unreadStaffNotices } from "./models/staff-notice.server";
import { homeOf } from "./domain/home";
import { largeTextOf } from "./utils/text-size.server";
import { bindCsrf, commitSession, csrfOf, getSession, sessionToken } from "./utils/session.server";

export const links: Route.LinksFunction = () => [
  { rel: "stylesheet", href: "/app.css" },
  { rel: "icon", href: "/favicon.svg", type: "image/svg+xml" },
];

export async function loader({ request }: Route.LoaderArgs) {
  const [lang, session, sid, account, largeText] = await Promise.all([
    languageOf(request),
    getSession(request),
    sessionToken(request),
    getCurrentAccount(request),
    largeTextOf(request),
  ]);
  // a token made for another session (or none) is replaced by one made for this session
  const kept = csrfOf(session, sid);
  const csrf = kept ?? bindCsrf(session, sid);
  const flash = session.get("flash") ?? null;
  const fresh = kept === null;
  // a new token, or a flash message now read, changes the session
  const headers = new Headers();
  if (fresh || flash) headers.append("Set-Cookie", await commitSession(session));
  // only the keys this page can show (the server renders with the whole dictionary): a file the
  // browser fetches and keeps, and here only this answer's flash message (decision 049)
  const pathname = new URL(request.url).pathname;
  const dictionaryUrl = pageDictionaryUrl(lang, pathname);
  return data(
    {
      lang,
      largeText,
      dictionaryUrl,
      dictionary: dictionaryUrl
        ? pick(dictionaryOf(lang), flash ? [flash] : [])
        : pageDictionary(dictionaryOf(lang), pathname, flash),
      csrf,
      account: account && {
        displayName: account.displayName,
        role: account.role,
        // a resident's messages, or the staff outbox's (escalated repairs, objections, claims)
        unread:
          account.role === "resident"
            ? await unreadCount(account.householdIds, account.id)
            : await unreadStaffNotices(account.id),
        home: homeOf(account.role),
        // construction experts answer warranty claims on /repairs; other experts have no queue there
        repairs: account.role !== "expert" || account.disciplines.includes("construction"),
      },
      demo: process.env.DIANCAI_DEMO === "1",
      flash,
    },
    { headers },
  );
}

// Each page gets its own keys of the dictionary: a navigation to another page asks the root loader
// again for that page's keys (the loader has no params, so React Router would not by itself).
export const shouldRevalidate: ShouldRevalidateFunction = ({
  currentUrl,
  nextUrl,
  defaultShouldRevalidate,
}) => currentUrl.pathname !== nextUrl.pathname || defaultShouldRevalidate;

export type RootData = Awaited<ReturnType<typeof loader>>["data"];

// A navigation in the browser renders the next page once its dictionary is here.
export async function clientLoader({ serverLoader }: Route.ClientLoaderArgs) {
  const root = await serverLoader();
  if (root.dictionaryUrl) await loadPageDictionary(root.dictionaryUrl);
  return root;
}

export function Layout({ children }: { children: React.ReactNode }) {
  const root = useRouteLoaderData("root") as RootData | undefined;
  const errorRender = useFaultRender();
  // an error page rendered without the root loader's data (an address no route matches)
  const errorPage = root ? undefined : errorPageI18n(errorRender);
  const lang: Language = root?.lang ?? errorPage?.lang ?? "zh-CN";
  // the server renders with the whole dictionary, the browser with the page's keys it was sent
  const dictionary =
    errorRender.dictionaryOf?.(lang) ??
    fetchedDictionary(root?.dictionaryUrl) ??
    root?.dictionary ??
    errorPage?.dictionary;
  // in the browser, this answer's flash message beside the fetched keys (the server has them all)
  const flash = !errorRender.dictionaryOf && root?.dictionaryUrl ? root.dictionary : null;
  const i18n = useMemo(
    () => makeI18n(lang, dictionary ?? {}, flash ?? undefined),
    [lang, dictionary, flash],
  );
  const nonce = useNonce();
  const scripts = pageWantsScripts(useMatches());
  useHydrated();
  return (
    <html lang={lang} className={root?.largeText ? "large-text" : undefined}>
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <Meta />
        <Links />
        {scripts && root?.dictionaryUrl && (
          <link
            rel="preload"
            as="fetch"
            href={root.dictionaryUrl}
            crossOrigin="anonymous"
            data-dictionary=""
          />
        )}
      </head>
      <body>
        <I18nextProvider i18n={i18n}>
          <a className="skip" href="#main">
            {i18n.t("nav.skip")}
          </a>
          <SiteHeader root={root} />
          <main id="main">
            {root?.flash && (
              <p role="status" className="notice">
                {i18n.t(root.flash)}
              </p>
            )}
            {children}
          </main>
        </I18nextProvider>
        {errorPage && <ErrorPageI18n json={errorPage.json} />}
        {scripts && <ScrollRestoration nonce={nonce} />}
        {scripts && <Scripts nonce={nonce} />}
      </body>
    </html>
  );
}

export default function App() {
  return (
    <>
      <RememberSubmission />
      <Outlet />
    </>
  );
}

export function meta() {
  return [{ title: "点菜 Diancai" }];
}

export function ErrorBoundary({ error }: Route.ErrorBoundaryProps) {
  const { t } = useTranslation();
  const location = useLocation();
  const { fault } = useFaultRender();
  const status = isRouteErrorResponse(error) ? error.status : 500;
  // storage refused the request: nothing was saved, and the page says so (503, Retry-After)
  if (status === 503 || fault) return <StorageFaultPage />;
  const key =
    ({ 400: "bad_request", 403: "forbidden", 404: "not_found", 413: "too_large" } as const)[
      status
    ] ?? "server";
  // the server has logged it (entry.server handleError); in the browser, the console shows it
  if (!isRouteErrorResponse(error) && typeof document !== "undefined") console.error(error);
  return (
    <section className="error-page">
      <h1>{t(`error_page.${key}.title`)}</h1>
      <p>{t(`error_page.${key}.body`)}</p>
      <RequestReference />
      <p>
        <a
          href={
            status === 403 ? `/sign-in?redirectTo=${encodeURIComponent(location.pathname)}` : "/"
          }
        >
          {t(status === 403 ? "error_page.sign_in" : "error_page.home")}
        </a>
      </p>
    </section>
  );
}
