import { startTransition, StrictMode } from "react";
import { hydrateRoot } from "react-dom/client";
import { HydratedRouter } from "react-router/dom";
import { noteDataRequestId } from "~/components/storage-fault";

// React Router's own entry, and one thing more: the id of each data request's answer (server.mjs
// sends X-Request-Id on every answer) is kept, so that an error page rendered in the browser
// after a navigation or a form's submission names the request the server logged, as a page the
// server rendered does.
const fetchFromServer = window.fetch.bind(window);
window.fetch = async (input, init) => {
  const res = await fetchFromServer(input, init);
  const url = new URL(input instanceof Request ? input.url : String(input), window.location.href);
  const id = res.headers.get("X-Request-Id");
  if (id && url.origin === window.location.origin && url.pathname.endsWith(".data"))
    noteDataRequestId(id);
  return res;
};

startTransition(() => {
  hydrateRoot(
    document,
    <StrictMode>
      <HydratedRouter />
    </StrictMode>,
  );
});
