import { timingSafeEqual } from "node:crypto";
import { readBody } from "./body.server";
import { csrfOf, getSession, sessionToken } from "./session.server";
import { rememberPosted } from "~/lib/storage-fault.server";
import { forbidden } from "./invariant";

// Synchroniser token: the visitor's cookie holds a token made for their session, every form
// posts it back as `csrf`.
export async function requireCsrf(request: Request, form: FormData): Promise<void> {
  const [session, sid] = await Promise.all([getSession(request), sessionToken(request)]);
  const expected = csrfOf(session, sid);
  const given = form.get("csrf");
  const ok =
    typeof expected === "string" &&
    typeof given === "string" &&
    expected.length === given.length &&
    timingSafeEqual(Buffer.from(expected), Buffer.from(given));
  if (!ok) forbidden("csrf");
}

/**
 * A browser names the page a submission comes from (Origin); one from another site is refused
 * before its body is read. React Router checks this for page routes only; every action calls
 * readForm, so resource routes (/sign-out, /text-size) are checked too. A request without Origin
 * is no browser's cross-site submission (browsers send it with every cross-site POST).
 */
export function requireSameOrigin(request: Request): void {
  const origin = request.headers.get("Origin");
  if (origin !== null && origin !== new URL(request.url).origin) forbidden("origin");
}

/**
 * Check the submission's origin, read the form within its route's size limits, then check its
 * CSRF token, as every action starts.
 */
export async function readForm(request: Request): Promise<FormData> {
  requireSameOrigin(request);
  const form = await readBody(request);
  rememberPosted(form);
  await requireCsrf(request, form);
  return form;
}
