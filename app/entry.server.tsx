import { PassThrough } from "node:stream";
import { createReadableStreamFromReadable } from "@react-router/node";
import { isbot } from "isbot";
import type { RenderToPipeableStreamOptions } from "react-dom/server";
import { renderToPipeableStream } from "react-dom/server";
import {
  isRouteErrorResponse,
  ServerRouter,
  type ActionFunctionArgs,
  type AppLoadContext,
  type EntryContext,
  type LoaderFunctionArgs,
} from "react-router";
import { FaultProvider } from "./components/storage-fault";
import { dictionaryOf } from "./i18n/dictionaries.server";
import { languageOf } from "./i18n/language.server";
import { pageDictionary } from "./i18n/page-dictionary.server";
import { LANGUAGES, makeI18n } from "./i18n";
import { writeProbe } from "./models/health.server";
import { keepPersonal } from "./utils/cache.server";
import { NonceProvider } from "./utils/nonce";
import { startBackgroundJobs } from "./utils/background-jobs.server";
import {
  faultOf,
  markFault,
  postedFields,
  RETRY_AFTER_SECONDS,
  storageFaultCode,
} from "./lib/storage-fault.server";

import { configuredTransports } from "./utils/transports.server";
import { log } from "./lib/log.server";
import { requestId } from "./lib/request-scope.server";
import "./utils/backlog-metrics.server";

export { RETRY_AFTER_SECONDS } from "./lib/storage-fault.server";
export { requestScope } from "./lib/request-scope.server";
/** With a read replica, server.mjs lets GETs read from it (decision 045). */
export { DATABASE_REPLICA_URL } from "./db.server";
/** How many write transactions shared each durable COMMIT (decision 021): logged when stopping. */
export { groupCommits } from "./models/hot-sql.server";
/** server.mjs holds the SQLite file open for its life and watches that it is not replaced. */
export { databaseFileReplaced, holdDatabase } from "./models/hot-sql.server";
/** What server.mjs logs with and counts requests in, and what GET /metrics answers. */
export { log };
export {
  httpDuration,
  httpRequests,
  metricsContentType,
  metricsText,
  unavailable,
} from "./lib/metrics.server";

// React Router's default Node entry, plus the CSP nonce on every script it writes.
export const streamTimeout = 5_000;

/** Work beside the requests: the notification sender. server.mjs calls it at start. */
export function startBackgroundWork() {
  return startBackgroundJobs(configuredTransports());
}

/**
 * Every error a loader or action lets escape. A storage fault (disk full, busy past the timeout,
 * read-only or failing storage) is logged with its cause and turns the answer into a 503.
 */
export function handleError(
  error: unknown,
  { request, context }: LoaderFunctionArgs | ActionFunctionArgs,
) {
  if (request.signal.aborted) return;
  // a 4xx the app answered on purpose (no such page, not allowed) is no failure of the server
  if (isRouteErrorResponse(error) && error.status < 500)
    return log.debug({ status: error.status }, "answered with an error page");
  const code = storageFaultCode(error);
  if (!code) return log.error({ err: error }, "request failed");
  if (context) markFault(context, code);
  log.error({ err: error, fault: code }, `storage fault ${code}: nothing was saved`);
}

/**
 * A data request (a JavaScript navigation or submission): never stored for someone signed in
 * (utils/cache.server), and a 503 too when storage refused it.
 */
export async function handleDataRequest(
  response: Response,
  { request, context }: LoaderFunctionArgs,
) {
  const headers = new Headers(response.headers);
  await keepPersonal(request, headers);
  const fault = response.status === 503 || faultOf(context);
  if (fault) headers.set("Retry-After", String(RETRY_AFTER_SECONDS));
  return new Response(response.body, {
    status: fault ? 503 : response.status,
    statusText: fault ? "Service Unavailable" : response.statusText,
    headers,
  });
}

/**
 * What a request still arriving when the stopping server closes its connection is told, before
 * the app has it (server.mjs answers it as plain text): in Chinese, then in English.
 */
export function restartingText(): string {
  return LANGUAGES.map((lang) => {
    const t = makeI18n(lang, dictionaryOf(lang)).t;
    return `${t("error_page.restarting.title")}\n${t("error_page.restarting.body")}\n`;
  }).join("\n");
}

/** Readiness (GET /readyz): a tiny write transaction commits within `ms`. */
export async function checkReady(ms = 2_000): Promise<boolean> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), ms)));
  const probe = writeProbe().then(
    () => true,
    (e: unknown) => {
      log.error({ err: e }, "readiness: the write probe failed");
      return false;
    },
  );
  try {
    return await Promise.race([probe, late]);
  } finally {
    clearTimeout(timer);
  }
}

export default async function handleRequest(
  request: Request,
  status: number,
  headers: Headers,
  routerContext: EntryContext,
  loadContext: AppLoadContext,
) {
  await keepPersonal(request, headers);
  const fault = Boolean(faultOf(loadContext)) || status === 503;
  if (fault) {
    status = 503;
    headers.set("Retry-After", String(RETRY_AFTER_SECONDS));
  }
  if (request.method.toUpperCase() === "HEAD") return new Response(null, { status, headers });
  const nonce = loadContext?.nonce ?? "";
  // an error page may render without the root loader's data: it gets the language from here
  const lang = status >= 400 ? await languageOf(request) : undefined;
  const faultRender = {
    fault,
    fields: fault ? postedFields() : null,
    requestId: status >= 400 ? requestId() : undefined,
    lang,
    dictionary: lang && dictionaryOf(lang),
    browserDictionary:
      lang && pageDictionary(dictionaryOf(lang), new URL(request.url).pathname, null),
    dictionaryOf,
  };
  return new Promise<Response>((resolve, reject) => {
    let shellRendered = false;
    const userAgent = request.headers.get("user-agent");
    const readyOption: keyof RenderToPipeableStreamOptions =
      (userAgent && isbot(userAgent)) || routerContext.isSpaMode ? "onAllReady" : "onShellReady";
    let timeoutId: ReturnType<typeof setTimeout> | undefined = setTimeout(
      () => abort(),
      streamTimeout + 1000,
    );
    const { pipe, abort } = renderToPipeableStream(
      <NonceProvider value={nonce}>
        <FaultProvider value={faultRender}>
          <ServerRouter context={routerContext} url={request.url} nonce={nonce} />
        </FaultProvider>
      </NonceProvider>,
      {
        nonce,
        [readyOption]() {
          shellRendered = true;
          const body = new PassThrough({
            final(callback) {
              clearTimeout(timeoutId);
              timeoutId = undefined;
              callback();
            },
          });
          headers.set("Content-Type", "text/html; charset=utf-8");
          pipe(body);
          resolve(new Response(createReadableStreamFromReadable(body), { headers, status }));
        },
        onShellError: reject,
        onError(error: unknown) {
          status = 500;
          if (shellRendered) log.error({ err: error }, "render failed");
        },
      },
    );
  });
}
