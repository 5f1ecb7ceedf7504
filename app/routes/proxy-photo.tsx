import { readFile } from "node:fs/promises";
import path from "node:path";
import { proxyPhoto } from "~/models/proxy.server";
import { requireAccount } from "~/utils/auth.server";
import { notFoundOnDomainError } from "~/utils/errors.server";
import { idParam } from "~/utils/params.server";
import { PRIVATE_UPLOAD_DIR } from "~/utils/uploads.server";
import { invariantResponse, notFound } from "~/utils/invariant";
import type { Route } from "./+types/proxy-photo";

// The photo of a proxy's signed authorisation form: personal data, so never under /uploads; the
// round's own staff only, and never cached by a shared cache.
export async function loader({ request, params }: Route.LoaderArgs) {
  const account = await requireAccount(request);
  const photo = await notFoundOnDomainError(() =>
    proxyPhoto(idParam(params, "roundId"), idParam(params, "proxyId"), account),
  );
  invariantResponse(/^[0-9a-f]{32}\.(jpg|png|webp)$/.test(photo.path), "not found", {
    status: 404,
  });
  try {
    const body = await readFile(path.join(PRIVATE_UPLOAD_DIR, photo.path));
    return new Response(body, {
      headers: {
        "Content-Type": photo.mime,
        "Cache-Control": "private, no-store",
        "X-Content-Type-Options": "nosniff",
      },
    });
  } catch {
    notFound();
  }
}
