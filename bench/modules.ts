// Which JavaScript modules a page makes the browser load: what the HTML preloads or imports, and
// everything those modules import statically. Not every "/assets/….js" string in the HTML: React
// Router's inline route manifest names the modules of routes the page may navigate to ("/" and
// "/rounds/2" on "/rounds/2/participate"), which the browser loads only if it goes there.
import path from "node:path";

const STATIC_IMPORT = /(?:\bfrom|\bimport)\s*["']([^"']+\.js)["']/g;

/** The modules the HTML loads at once: modulepreload links, module scripts, imports in inline scripts. */
export function modulesOfHtml(html: string): string[] {
  const out = new Set<string>();
  for (const m of html.matchAll(/<link\b[^>]*rel="modulepreload"[^>]*>/g)) {
    const href = /href="([^"]+\.js)"/.exec(m[0]);
    if (href) out.add(href[1]);
  }
  for (const m of html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)) {
    const src = /src="([^"]+\.js)"/.exec(m[1]);
    if (src && /type="module"/.test(m[1])) out.add(src[1]);
    // what an inline module imports, statically or with import(): executed as the page loads
    for (const i of m[2].matchAll(STATIC_IMPORT)) out.add(i[1]);
    for (const i of m[2].matchAll(/\bimport\(\s*["']([^"']+\.js)["']\s*\)/g)) out.add(i[1]);
  }
  return [...out];
}

/** `start` and every module they import statically, read with `read` (paths as the server serves them). */
export function moduleClosure(start: string[], read: (file: string) => string): string[] {
  const seen = new Set<string>();
  const queue = [...start];
  while (queue.length) {
    const f = queue.pop()!;
    if (seen.has(f)) continue;
    seen.add(f);
    for (const m of read(f).matchAll(STATIC_IMPORT))
      queue.push(m[1].startsWith("/") ? m[1] : path.posix.join(path.posix.dirname(f), m[1]));
  }
  return [...seen];
}
