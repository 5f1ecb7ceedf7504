// A worker thread that reads one uploaded table (server/table-parse.mjs) and posts the result:
// the parsing runs off the event loop, and app/utils/tables.server.ts ends this thread when it
// goes over its time or memory budget.
import { parentPort, workerData } from "node:worker_threads";
import { readTableFile } from "./table-parse.mjs";

const { bytes, name, options } = workerData;
parentPort.postMessage(await readTableFile(new Uint8Array(bytes), name, options));
