import { z } from "zod";
import { OfflineEntryInput } from "~/domain/offline";
import { DomainError } from "~/domain/errors";
import { isRevoked, registerDevice, syncEntry } from "~/models/offline.server";
import { requireRole } from "~/utils/auth.server";
import { PERSONAL } from "~/utils/cache.server";
import { readForm } from "~/utils/csrf.server";
import { bindCsrf, commitSession, csrfOf, getSession, sessionToken } from "~/utils/session.server";
import { PRIVATE_UPLOAD_DIR, recordingPhotos, storePhotos } from "~/utils/uploads.server";
import type { Route } from "./+types/offline-sync";

// The phone's door to the server (docs/decisions/035-offline-canvassing.md). GET: the session's
// CSRF token, fetched afresh before a sync, since the page the phone kept may be older than the
// session. POST (form, CSRF): register the device, or store one entry made offline; the answer is
// JSON, per entry: stored (the first answer again on a replay) or a conflict and why.

const json = (body: unknown, status = 200) =>
  Response.json(body, { status, headers: { "Cache-Control": PERSONAL } });

const Post = z.discriminatedUnion("intent", [
  z.object({
    intent: z.literal("register"),
    deviceId: z.uuid(),
    label: z.string().trim().max(120).default(""),
  }),
  z.object({ intent: z.literal("entry"), deviceId: z.uuid(), entry: z.string() }),
]);

export async function loader({ request }: Route.LoaderArgs) {
  // a revoked phone's worker was signed out with it (decision 036): the phone, which names its
  // id, is told it is revoked before the session is asked for, so that it erases what it keeps
  const device = z.uuid().safeParse(new URL(request.url).searchParams.get("device"));
  if (device.success && (await isRevoked(device.data)))
    return json({ status: "refused", code: "device_revoked" }, 403);
  await requireRole(request, "community_worker");
  const [session, sid] = await Promise.all([getSession(request), sessionToken(request)]);
  const kept = csrfOf(session, sid);
  const csrf = kept ?? bindCsrf(session, sid);
  const headers = new Headers({ "Cache-Control": PERSONAL });
  if (kept === null) headers.append("Set-Cookie", await commitSession(session));
  return Response.json({ csrf }, { headers });
}

export async function action({ request }: Route.ActionArgs) {
  const account = await requireRole(request, "community_worker");
  const form = await readForm(request);
  const post = Post.safeParse({
    intent: form.get("intent"),
    deviceId: form.get("deviceId"),
    label: form.get("label") ?? undefined,
    entry: form.get("entry") ?? undefined,
  });
  if (!post.success) return json({ status: "refused", code: "invalid" }, 400);
  const input = post.data;
  const { deviceId } = input;
  try {
    if (input.intent === "register") {
      await registerDevice(deviceId, input.label, account);
      return json({ status: "registered", deviceId });
    }
    let raw: unknown;
    try {
      raw = JSON.parse(input.entry);
    } catch {
      return json({ status: "refused", code: "invalid" }, 400);
    }
    const entry = OfflineEntryInput.safeParse(raw);
    if (!entry.success) {
      const id = (raw as { id?: unknown })?.id;
      return json(
        {
          status: "conflict",
          entryId: typeof id === "string" ? id : null,
          conflict: "invalid",
          code: entry.error.issues[0]?.message ?? "errors.invalid",
        },
        400,
      );
    }
    const files = form.getAll("photo").filter((f): f is File => typeof f !== "string");
    if (files.length === 0) return json(await syncEntry(deviceId, entry.data, account));
    // only a paper sheet has a photo: one sent with a visit is neither kept nor audited
    if (entry.data.kind !== "paper")
      return json(
        { status: "conflict", entryId: entry.data.id, conflict: "invalid", code: "errors.invalid" },
        400,
      );
    const photos = await storePhotos(files.slice(0, 1), PRIVATE_UPLOAD_DIR);
    if (typeof photos === "string")
      return json(
        { status: "conflict", entryId: entry.data.id, conflict: "invalid", code: photos },
        400,
      );
    const answer = await recordingPhotos(photos, PRIVATE_UPLOAD_DIR, async () => {
      const a = await syncEntry(deviceId, entry.data, account, photos[0]?.path ?? null);
      // a replay stored its photo the first time: this copy goes
      return { ok: a.status === "stored" && !a.replay, a };
    });
    return json(answer.a);
  } catch (e) {
    if (e instanceof DomainError) return json({ status: "refused", code: e.code }, e.status);
    throw e;
  }
}
