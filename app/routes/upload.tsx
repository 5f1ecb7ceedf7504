import { readFile } from "node:fs/promises";
import path from "node:path";
import { UPLOAD_DIR } from "~/utils/uploads.server";
import { invariantResponse, notFound } from "~/utils/invariant";
import type { Route } from "./+types/upload";

const TYPES: Record<string, string> = { jpg: "image/jpeg", png: "image/png", webp: "image/webp" };

// Stored photos have random hex names; anything else is not ours to serve.
export async function loader({ params }: Route.LoaderArgs) {
  const m = /^([0-9a-f]{32})\.(jpg|png|webp)$/.exec(params.name ?? "");
  invariantResponse(m, "not found", { status: 404 });
  try {
    const body = await readFile(path.join(UPLOAD_DIR, m[0]));
    return new Response(body, {
      headers: {
        "Content-Type": TYPES[m[2]],
        "Cache-Control": "public, max-age=31536000, immutable",
        "X-Content-Type-Options": "nosniff",
      },
    });
  } catch {
    notFound();
  }
}
