import type { Logger, LoggerOptions } from "pino";
export function createLog(options?: LoggerOptions): Logger;
