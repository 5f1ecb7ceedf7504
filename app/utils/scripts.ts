// Pages that need no script ship none: a route whose handle is NO_SCRIPTS is rendered without
// React Router's <Scripts/> and <ScrollRestoration/> (no modules, no hydration, no inline data).
// Its links and forms are plain HTML and work as they do with JavaScript off.
export const NO_SCRIPTS = { scripts: false } as const;

/** Whether the page being rendered loads scripts: not when any matched route says NO_SCRIPTS. */
export function pageWantsScripts(matches: readonly { handle?: unknown }[]): boolean {
  return !matches.some(
    (m) =>
      typeof m.handle === "object" &&
      m.handle !== null &&
      (m.handle as { scripts?: unknown }).scripts === false,
  );
}
