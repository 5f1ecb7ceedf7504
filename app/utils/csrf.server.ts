import { timingSafeEqual } from "node:crypto";
import { readBody } from "./body.server";
import { getSession } from "./session.server";
import { rememberPosted } from "./storage-fault.server";

// Synchroniser token: the session holds a token, every form posts it back as `csrf`.
export async function requireCsrf(request: Request, form: FormData): Promise<void> {
  const session = await getSession(request);
  const expected = session.get("csrf");
  const given = form.get("csrf");
  const ok =
    typeof expected === "string" &&
    typeof given === "string" &&
    expected.length === given.length &&
    timingSafeEqual(Buffer.from(expected), Buffer.from(given));
  if (!ok) throw new Response("csrf", { status: 403, statusText: "Forbidden" });
}

/** Read the form within its route's size limits, then check its CSRF token, as every action starts. */
export async function readForm(request: Request): Promise<FormData> {
  const form = await readBody(request);
  rememberPosted(form);
  await requireCsrf(request, form);
  return form;
}
