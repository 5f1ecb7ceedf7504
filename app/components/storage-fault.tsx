import { createContext, useContext, useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { useLocation, useNavigation } from "react-router";
import type { Dictionary, Language } from "~/i18n";

// The page for a request that storage refused (disk full, database busy past its timeout,
// read-only or failing storage): nothing was saved. It offers to send what was typed again:
// the server gives the posted fields to its render (no JavaScript); in the browser, the last
// form submission is remembered by <RememberSubmission /> before the page is replaced.

/**
 * What the server's render of an error page knows: whether storage refused the request, the
 * fields it posted, and (for a page whose root loader did not run, as after a failed action)
 * the reader's language and dictionary.
 */
export type FaultRender = {
  fault: boolean;
  fields: [string, string][] | null;
  lang?: Language;
  dictionary?: Dictionary;
  /** on the server, every language's whole dictionary (the browser gets only a page's keys) */
  dictionaryOf?: (lang: Language) => Dictionary;
  /** the request's id (server.mjs), shown on the page so that a resident can quote it */
  requestId?: string;
  /** the keys of `dictionary` the browser needs for the page (decision 043) */
  browserDictionary?: Dictionary;
};
const FaultContext = createContext<FaultRender>({ fault: false, fields: null });
export const FaultProvider = FaultContext.Provider;
export const useFaultRender = () => useContext(FaultContext);

const ERROR_PAGE_I18N = "error-page-i18n";
let parsed: { json: string; lang: Language; dictionary: Dictionary } | undefined;

/**
 * The language and dictionary of an error page whose root loader did not run (an address no
 * route matches): the server writes them into the document (<ErrorPageI18n />), where the browser
 * finds them again, so that the page it takes over stays in the reader's language.
 */
export function errorPageI18n(
  render: FaultRender,
): { json: string; lang: Language; dictionary: Dictionary } | undefined {
  if (render.lang) {
    const json = JSON.stringify({ lang: render.lang, dictionary: render.browserDictionary ?? {} })
      // inside <script>: no "</script>" can end it early
      .replace(/</g, "\\u003c");
    return { json, lang: render.lang, dictionary: render.dictionary ?? {} };
  }
  if (typeof document === "undefined") return undefined;
  const json = document.getElementById(ERROR_PAGE_I18N)?.textContent;
  if (!json) return undefined;
  if (parsed?.json !== json) parsed = { json, ...JSON.parse(json) };
  return parsed;
}

/** The data block errorPageI18n reads in the browser. */
export function ErrorPageI18n({ json }: { json: string }) {
  return (
    <script
      type="application/json"
      id={ERROR_PAGE_I18N}
      // the same text on the server and in the browser: hydration keeps it
      dangerouslySetInnerHTML={{ __html: json }}
    />
  );
}

let lastSubmission: { action: string; fields: [string, string][] } | null = null;

/** Keeps the fields of the form being submitted, for the storage-fault page's "send again". */
export function RememberSubmission() {
  const navigation = useNavigation();
  useEffect(() => {
    if (navigation.state !== "submitting" || !navigation.formData) return;
    lastSubmission = {
      action: navigation.formAction ?? "",
      fields: [...navigation.formData.entries()].filter(
        (e): e is [string, string] => typeof e[1] === "string",
      ),
    };
  }, [navigation]);
  return null;
}

// True until the first page has hydrated: only then does the page in the document carry the
// server's request id (a later error page is rendered in the browser, after a navigation).
let hydrating = typeof document !== "undefined";

/** Marks the first page as hydrated (the root Layout calls it). */
export function useHydrated() {
  useEffect(() => {
    hydrating = false;
  }, []);
}

// The id of the last failed data request's answer in the browser (entry.client.tsx notes it):
// the request an error page rendered there, after a navigation or a form's submission, answers.
let lastDataRequestId: string | undefined;

/** Notes the X-Request-Id of a data request's answer (entry.client.tsx). */
export function noteDataRequestId(id: string) {
  lastDataRequestId = id;
}

/** "Reference: …": the id of the request an error page answers, as the server logged it. */
export function RequestReference() {
  const { t } = useTranslation();
  const server = useFaultRender().requestId;
  // in the browser the server's render is kept as it was (hydration); a page rendered later
  // answers the last failed data request; no id is made up
  const [id] = useState(
    () =>
      server ??
      (hydrating
        ? (document.querySelector("[data-request-id]")?.getAttribute("data-request-id") ??
          undefined)
        : lastDataRequestId),
  );
  if (!id) return null;
  return <p data-request-id={id}>{t("error_page.reference", { id })}</p>;
}

export function StorageFaultPage() {
  const { t } = useTranslation();
  const location = useLocation();
  const server = useFaultRender();
  const here = location.pathname + location.search;
  const again = server.fields
    ? { action: here, fields: server.fields }
    : typeof document !== "undefined"
      ? lastSubmission
      : null;
  return (
    <section className="error-page">
      <h1>{t("error_page.storage.title")}</h1>
      <p>{t("error_page.storage.body")}</p>
      {again && again.fields.length > 0 && (
        <form method="post" action={again.action || here}>
          {again.fields.map(([name, value], i) => (
            <input key={i} type="hidden" name={name} value={value} />
          ))}
          <p>{t("error_page.storage.kept")}</p>
          <button type="submit">{t("error_page.storage.send_again")}</button>
        </form>
      )}
      <RequestReference />
      <p>
        <a href={here}>{t("error_page.storage.reload")}</a>
      </p>
    </section>
  );
}
