import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";

// Secrets come from the environment; on a demo machine they are made once and kept in DATA_DIR.
export const DATA_DIR = process.env.DATA_DIR ?? path.resolve("data");

let cache: Record<string, string> | undefined;

export function secret(name: "SESSION_SECRET" | "RECEIPT_KEY" | "ID_HASH_KEY"): string {
  const fromEnv = process.env[name];
  if (fromEnv) return fromEnv;
  const file = path.join(DATA_DIR, "secrets.json");
  if (!cache) {
    cache = existsSync(file)
      ? (JSON.parse(readFileSync(file, "utf8")) as Record<string, string>)
      : {};
  }
  if (!cache[name]) {
    cache[name] = randomBytes(32).toString("hex");
    mkdirSync(DATA_DIR, { recursive: true });
    writeFileSync(file, JSON.stringify(cache, null, 2), { mode: 0o600 });
  }
  return cache[name];
}
