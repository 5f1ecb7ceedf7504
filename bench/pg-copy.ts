// The bench's PostgreSQL database (issue #16): a copy of the SQLite database the bench prepared,
// so both engines are measured on the same rows. The schema comes from the PostgreSQL migrations
// (npm run db:deploy through dbmate), the rows are read with better-sqlite3 and written in
// multi-row INSERTs, converted to the column types PostgreSQL holds. The bench's options of a
// 10,000-household compound, written straight into SQLite by the city seeder, cost more than
// 2^31 fen (OptionVersion/ScoredOption.totalFen), which PostgreSQL's integer cannot hold and the
// app refuses (MAX_FEN, app/domain/decimal.ts): the copy caps them and says so (the ballot load
// does not read them).
import type Database from "better-sqlite3";
import { execFileSync } from "node:child_process";
import pg from "pg";

/** Tables the migration tools keep for themselves, never copied. */
const TOOLS = new Set(["_prisma_migrations", "schema_migrations", "sqlite_sequence"]);
/** PostgreSQL accepts at most 65,535 parameters a statement. */
const MAX_PARAMS = 60_000;

/** A SQLite value as the PostgreSQL column of `type` takes it. */
export function pgValue(v: unknown, type: string): unknown {
  if (v === null || v === undefined) return null;
  if (type === "boolean") return v === 1 || v === "1" || v === true || v === "true";
  if (type.startsWith("timestamp")) {
    // Prisma writes SQLite dates as ISO text (iso8601, "…+00:00"); an integer is milliseconds
    const ms = typeof v === "number" || typeof v === "bigint" ? Number(v) : Date.parse(String(v));
    return new Date(ms).toISOString();
  }
  if (typeof v === "bigint") return v.toString();
  return v;
}

const INT_MAX = 2 ** 31 - 1;
/** Whether SQLite's 64-bit integer `v` does not fit PostgreSQL's `integer` column. */
const tooBig = (v: unknown, type: string) =>
  type === "integer" && typeof v === "number" && Math.abs(v) > INT_MAX;

/**
 * Create database `name` on the server `serverUrl` names, apply the PostgreSQL migrations, and
 * copy into it every row of `sources` (each table from the first source that has it, unless
 * `from` names another for it); id sequences restart after the copied ids, and the statistics the
 * planner needs are gathered. Returns the new database's URL.
 */
export async function copyToPostgres(
  serverUrl: string,
  name: string,
  sources: Database.Database[],
  from: Record<string, Database.Database> = {},
): Promise<string> {
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${name}"`);
  await admin.end();
  const target = new URL(serverUrl);
  target.pathname = `/${name}`;
  const url = target.toString();
  execFileSync("node", ["scripts/pg-deploy.mjs"], {
    env: { ...process.env, DATABASE_URL: url },
    stdio: "pipe",
  });

  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows: columns } = await client.query<{ t: string; c: string; type: string }>(
      `SELECT table_name AS t, column_name AS c, data_type AS type FROM information_schema.columns
       WHERE table_schema = current_schema()`,
    );
    const capped = new Set<string>();
    const typeOf = new Map(columns.map((r) => [`${r.t}.${r.c}`, r.type]));
    const tables = [...new Set(columns.map((r) => r.t))].filter((t) => !TOOLS.has(t));
    await client.query("BEGIN");
    // foreign keys and the audit log's triggers are not checked while the copy loads: the rows
    // are the SQLite database's, which held them (a superuser's setting, as the test server's)
    await client.query("SET LOCAL session_replication_role = replica");
    await client.query(`TRUNCATE ${tables.map((t) => `"${t}"`).join(", ")}`);
    for (const table of tables) {
      const source =
        from[table] ??
        sources.find((s) =>
          s.prepare(`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?`).get(table),
        );
      if (!source) continue;
      const select = source.prepare(`SELECT * FROM "${table}"`).raw();
      const names = select.columns().map((c) => c.name);
      const types = names.map((c) => typeOf.get(`${table}.${c}`) ?? "text");
      const perStatement = Math.max(1, Math.floor(MAX_PARAMS / names.length));
      let batch: unknown[][] = [];
      const flush = async () => {
        if (!batch.length) return;
        const values = batch
          .map((_, r) => `(${names.map((_, c) => `$${r * names.length + c + 1}`).join(", ")})`)
          .join(", ");
        await client.query(
          `INSERT INTO "${table}" (${names.map((c) => `"${c}"`).join(", ")}) VALUES ${values}`,
          batch.flatMap((row) =>
            row.map((v, c) => {
              // SQLite keeps any 64-bit integer in an Int column, PostgreSQL's integer only 32
              // bits: such a value is capped, and said (the schema's Int is too small there)
              if (!tooBig(v, types[c])) return pgValue(v, types[c]);
              capped.add(`${table}.${names[c]}`);
              return Math.sign(v as number) * INT_MAX;
            }),
          ),
        );
        batch = [];
      };
      for (const row of select.iterate() as Iterable<unknown[]>) {
        batch.push(row);
        if (batch.length >= perStatement) await flush();
      }
      await flush();
      if (["integer", "bigint"].includes(typeOf.get(`${table}.id`) ?? ""))
        await client.query(
          `SELECT setval(pg_get_serial_sequence('"${table}"', 'id'), COALESCE(MAX("id"), 0) + 1, false)
           FROM "${table}"`,
        );
    }
    await client.query("COMMIT");
    if (capped.size)
      console.warn(`[pg-copy] capped to PostgreSQL's integer: ${[...capped].join(", ")}`);
    await client.query("ANALYZE");
  } finally {
    await client.end();
  }
  return url;
}
