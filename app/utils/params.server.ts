import { z } from "zod";
import { notFound } from "./invariant";

const Id = z.coerce.number().int().positive();

/** A part of the URL (…/export/:file) read with a schema, or a 404 page. */
export function param<S extends z.ZodType>(
  params: Record<string, string | undefined>,
  name: string,
  schema: S,
): z.output<S> {
  const p = schema.safeParse(params[name]);
  return p.success ? p.data : notFound();
}

/** A numeric id from the URL (…/rounds/:roundId), or a 404 page. */
export function idParam(params: Record<string, string | undefined>, name: string): number {
  return param(params, name, Id);
}
