import { startTransition, StrictMode } from "react";
import { hydrateRoot } from "react-dom/client";
import { HydratedRouter } from "react-router/dom";
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

const url = document.querySelector("link[data-dictionary]")?.getAttribute("href");
if (!url) hydrate();
else
  loadPageDictionary(url)
    .catch(() => loadPageDictionary(url)) // once more: a cheap phone's network drops a request
    .then(hydrate, (e: unknown) => console.warn("page left without scripts:", e));
