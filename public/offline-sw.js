// The service worker of door to door without signal (docs/decisions/035-offline-canvassing.md).
// Registered with the scope /offline only, so it controls the worker's offline page and never a
// resident's page. The page is fetched from the network while there is one and from the cache
// (app/offline/store.ts keepShell) without; scripts and styles, whose names change with every
// build, come from the cache first. Nothing else is answered here: data goes to IndexedDB.
const SHELL_CACHE = "diancai-offline-v1";

self.addEventListener("install", () => self.skipWaiting());
self.addEventListener("activate", (event) => event.waitUntil(self.clients.claim()));

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET") return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (request.mode === "navigate" && url.pathname === "/offline") {
    event.respondWith(
      fetch(request).catch(async () => {
        const cache = await caches.open(SHELL_CACHE);
        const kept = await cache.match("/offline", { ignoreSearch: true, ignoreVary: true });
        return kept ?? Response.error();
      }),
    );
    return;
  }
  if (url.pathname.startsWith("/assets/") || url.pathname === "/offline.webmanifest") {
    event.respondWith(
      caches.match(request, { ignoreVary: true }).then((kept) => kept ?? fetch(request)),
    );
  }
});
