import type { DestinationStream, Logger, LoggerOptions } from "pino";
export function createLog(options?: LoggerOptions, destination?: DestinationStream): Logger;
