import type { Route } from "./+types/dictionary";
import { pageDictionaryFile } from "~/i18n/page-dictionary.server";
import { invariantResponse } from "~/utils/invariant";

// A page's dictionary keys for the browser (app/i18n/page-dictionary.server.ts): the same texts
// for everyone, named by their content, so any cache may keep them for a year. A name no page
// has (an old build's, or made up) is not found.

export function loader({ params }: Route.LoaderArgs) {
  const hash = /^([0-9a-f]{16})\.json$/.exec(params.file)?.[1];
  const body = hash ? pageDictionaryFile(params.lang, hash) : null;
  invariantResponse(body !== null, "not found", { status: 404 });
  return new Response(body, {
    headers: {
      "Content-Type": "application/json; charset=utf-8",
      "Cache-Control": "public, max-age=31536000, immutable",
    },
  });
}
