import { createLog } from "../../server/log.mjs";
import { requestId } from "./request-scope.server";

/** The app's logger: JSON lines, each written while a request is handled carries its id. */
export const log = createLog({
  mixin() {
    const id = requestId();
    return id ? { reqId: id } : {};
  },
});
