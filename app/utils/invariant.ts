// A refused request in one line, as the Epic Stack's invariantResponse: the condition must hold,
// or the loader or action stops with a Response (400 unless told) that the error boundary shows.

export function invariantResponse(
  condition: unknown,
  message: string | (() => string),
  init?: ResponseInit,
): asserts condition {
  if (!condition)
    throw new Response(typeof message === "function" ? message() : message, {
      status: 400,
      ...init,
    });
}

/** Stops with a 404 page: what was asked for is not there (or not the asker's to see). */
export function notFound(message = "not found"): never {
  invariantResponse(false, message, { status: 404 });
}

/** Stops with a 403 page: the asker may not do this. */
export function forbidden(message = "forbidden"): never {
  invariantResponse(false, message, { status: 403, statusText: "Forbidden" });
}
