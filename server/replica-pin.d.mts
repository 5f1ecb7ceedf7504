import type { IncomingMessage, ServerResponse } from "node:http";
export const PIN_COOKIE: string;
export function pinSeconds(env?: Record<string, string | undefined>): number;
export function pinnedToLeader(cookieHeader: string | undefined | null): boolean;
export function mayReadReplica(method: string, cookieHeader: string | undefined | null): boolean;
export function pinCookie(seconds: number, secure: boolean): string;
export function pinAfterWrites(
  req: IncomingMessage,
  res: ServerResponse,
  wrote: () => boolean,
  cookie: string,
): void;
