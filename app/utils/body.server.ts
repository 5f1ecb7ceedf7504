import {
  MaxFileSizeExceededError,
  MaxFilesExceededError,
  parseFormData,
} from "@mjackson/form-data-parser";
import { bodyLimitFor } from "../../server/body-limits.mjs";
import { invariantResponse } from "./invariant";

// A form body read within its route's limits (server/body-limits.mjs): the bytes are counted
// while they stream, so an oversized body is refused after its limit, never buffered whole;
// multipart is parsed as a stream with a cap per file and on the number of files. Anything
// that is not a form (JSON, broken multipart) is a 400, never a 500.

class TooLarge extends Error {}

function refuse(status: 400 | 413): never {
  invariantResponse(false, status === 413 ? "too large" : "bad request", {
    status,
    statusText: status === 413 ? "Payload Too Large" : "Bad Request",
  });
}

function counted(body: ReadableStream<Uint8Array>, maxBytes: number) {
  let seen = 0;
  return body.pipeThrough(
    new TransformStream<Uint8Array, Uint8Array>({
      transform(chunk, controller) {
        seen += chunk.byteLength;
        if (seen > maxBytes) controller.error(new TooLarge());
        else controller.enqueue(chunk);
      },
    }),
    // stop reading without tearing down the connection, so the 413 page can still be sent
    { preventCancel: true },
  );
}

async function text(stream: ReadableStream<Uint8Array>): Promise<string> {
  const chunks: Uint8Array[] = [];
  const reader = stream.getReader();
  for (let r = await reader.read(); !r.done; r = await reader.read()) chunks.push(r.value);
  return new TextDecoder("utf-8", { fatal: true }).decode(Buffer.concat(chunks));
}

class HasNul extends Error {}

/**
 * No text field may hold U+0000: nobody types it, and PostgreSQL cannot store it in text (SQLite
 * would), so the same input must be refused on both engines before it reaches a model.
 */
function withoutNul(form: FormData): FormData {
  for (const [, v] of form) if (typeof v === "string" && v.includes("\u0000")) throw new HasNul();
  return form;
}

/** The request's form, or a 400/413 Response thrown before more than the limit is read. */
export async function readBody(request: Request): Promise<FormData> {
  const limit = bodyLimitFor(new URL(request.url).pathname);
  const type = (request.headers.get("Content-Type") ?? "").toLowerCase();
  const multipart = type.startsWith("multipart/form-data");
  if (!multipart && !type.startsWith("application/x-www-form-urlencoded")) refuse(400);
  const declared = Number(request.headers.get("Content-Length") ?? 0);
  if (declared > limit.maxBytes) refuse(413);
  if (!request.body) return new FormData();
  const body = counted(request.body, limit.maxBytes);
  try {
    if (!multipart) {
      const form = new FormData();
      for (const [k, v] of new URLSearchParams(await text(body))) form.append(k, v);
      return withoutNul(form);
    }
    const copy = new Request(request.url, {
      method: request.method,
      headers: request.headers,
      body,
      duplex: "half",
    } as RequestInit);
    return withoutNul(
      await parseFormData(copy, {
        maxFiles: limit.maxFiles,
        maxFileSize: limit.maxFileBytes || 64 * 1024,
      }),
    );
  } catch (e) {
    if (e instanceof TooLarge || e instanceof MaxFileSizeExceededError) refuse(413);
    if (e instanceof MaxFilesExceededError) refuse(413);
    refuse(400);
  }
}
