// `npm start` seeds the demo only into an empty database, so restarting keeps what users did.
import Database from "better-sqlite3";
import { execFileSync } from "node:child_process";
import pg from "pg";

const url = process.env.DATABASE_URL ?? "file:./prisma/dev.db";

async function cities() {
  if (/^postgres(ql)?:\/\//.test(url)) {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    const { rows } = await client.query('SELECT COUNT(*) AS n FROM "City"');
    await client.end();
    return Number(rows[0].n);
  }
  const db = new Database(url.replace(/^file:/, ""), { readonly: true });
  const { n } = db.prepare('SELECT COUNT(*) AS n FROM "City"').get();
  db.close();
  return n;
}

if ((await cities()) === 0) {
  execFileSync("npx", ["tsx", "prisma/seed.ts"], { stdio: "inherit" });
} else {
  console.log("database already has data; not seeding (npm run db:reset starts over)");
}
