// `npm start` seeds the demo only into an empty database, so restarting keeps what users did.
import Database from "better-sqlite3";
import { execFileSync } from "node:child_process";

const url = process.env.DATABASE_URL ?? "file:./prisma/dev.db";
const file = url.replace(/^file:/, "");
const db = new Database(file, { readonly: true });
const { n } = db.prepare('SELECT COUNT(*) AS n FROM "City"').get();
db.close();
if (n === 0) {
  execFileSync("npx", ["tsx", "prisma/seed.ts"], { stdio: "inherit" });
} else {
  console.log("database already has data; not seeding (npm run db:reset starts over)");
}
