import { startTransition, StrictMode } from "react";
import { hydrateRoot } from "react-dom/client";
import { HydratedRouter } from "react-router/dom";
import { noteDataRequestId } from "~/components/storage-fault";
import { loadPageDictionary } from "./i18n/browser-dictionary";

// React Router's own browser entry, but the page's dictionary (named by the root layout's
// preload link, app/root.tsx) is fetched before hydration, so the browser renders the texts the
// server rendered. If it cannot be fetched the page stays as the server sent it, which works
// without JavaScript (forms post).
function hydrate() {
  startTransition(() => {
    hydrateRoot(
      document,
      <StrictMode>
        <HydratedRouter />
      </StrictMode>,
    );
  });
}

// The id of each failed data request's answer (server.mjs sends X-Request-Id on every answer) is
// kept, so that an error page rendered in the browser after a navigation or a form's submission
// names the request the server logged, as a page the server rendered does. Only a failed one: a
// navigation can make two (the root's loader runs on its own, app/root.tsx clientLoader), and the
// error is in the one whose status says so.
const fetchFromServer = window.fetch.bind(window);
window.fetch = async (input, init) => {
  const res = await fetchFromServer(input, init);
  const url = new URL(input instanceof Request ? input.url : String(input), window.location.href);
  const id = res.headers.get("X-Request-Id");
  if (id && !res.ok && url.origin === window.location.origin && url.pathname.endsWith(".data"))
    noteDataRequestId(id);
  return res;
};

const url = document.querySelector("link[data-dictionary]")?.getAttribute("href");
if (!url) hydrate();
else
  loadPageDictionary(url)
    .catch(() => loadPageDictionary(url)) // once more: a cheap phone's network drops a request
    .then(hydrate, (e: unknown) => console.warn("page left without scripts:", e));
