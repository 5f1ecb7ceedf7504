import type { Dictionary } from "./index";

// The browser's copies of the page dictionaries it has fetched (app/routes/dictionary.tsx), by
// address. entry.client.tsx fetches the first page's before hydrating; the root's clientLoader
// fetches the next page's before a navigation renders it. The addresses name their content, so
// a copy never goes stale.

const fetched = new Map<string, Dictionary>();

/** Fetches the dictionary at `url` unless it is already here. */
export async function loadPageDictionary(url: string): Promise<void> {
  if (fetched.has(url)) return;
  const res = await fetch(url, { credentials: "same-origin" });
  if (!res.ok) throw new Error(`dictionary ${url}: ${res.status}`);
  fetched.set(url, (await res.json()) as Dictionary);
}

/** The dictionary fetched from `url`, if it has been. */
export function fetchedDictionary(url: string | null | undefined): Dictionary | undefined {
  return url ? fetched.get(url) : undefined;
}
