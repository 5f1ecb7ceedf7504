import type { DestinationStream } from "pino";
import { createLog } from "../../server/log.mjs";
import { requestId } from "./request-scope.server";

/** The app's logger, to stdout or a given destination: each line written during a request carries its id. */
export function appLog(destination?: DestinationStream) {
  return createLog(
    {
      mixin() {
        const id = requestId();
        return id ? { reqId: id } : {};
      },
    },
    destination,
  );
}

export const log = appLog();
