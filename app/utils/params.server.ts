import { z } from "zod";

const Id = z.coerce.number().int().positive();

/** A numeric id from the URL (…/rounds/:roundId), or a 404 page. */
export function idParam(params: Record<string, string | undefined>, name: string): number {
  const p = Id.safeParse(params[name]);
  if (!p.success) throw new Response("not found", { status: 404 });
  return p.data;
}
