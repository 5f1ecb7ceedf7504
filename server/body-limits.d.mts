export type BodyLimit = { name: string; maxBytes: number; maxFiles: number; maxFileBytes: number };
export const ORDINARY: BodyLimit;
export const BODY_LIMITS: (BodyLimit & { pattern: RegExp })[];
export function bodyLimitFor(pathname: string): BodyLimit;
