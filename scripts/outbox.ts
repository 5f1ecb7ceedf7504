// The background jobs (utils/background-jobs.server.ts: reminders, repair escalation, sending) as
// their own process: `npm run outbox` (every OUTBOX_INTERVAL_MS), or `npm run outbox -- --once`
// to run each once and exit. `npm start` runs the same loop
// inside the web server unless OUTBOX=off.
import { log } from "~/lib/log.server";
import { runBackgroundJobs, startBackgroundJobs } from "~/utils/background-jobs.server";
import { configuredTransports } from "~/utils/transports.server";

const transports = configuredTransports();
if (process.argv.includes("--once")) {
  // every background job once (the repair escalation too), sending all that is due
  const done = await runBackgroundJobs(transports, { limit: 100_000 });
  log.info(done, "outbox: every background job ran once");
} else {
  const stop = startBackgroundJobs(transports);
  const alive = setInterval(() => {}, 1 << 30);
  // a planned stop lets the message being sent finish, then exits
  for (const signal of ["SIGTERM", "SIGINT"] as const)
    process.once(signal, () => {
      log.info(`outbox: ${signal}, finishing the message in hand`);
      void stop().then(() => {
        clearInterval(alive);
        process.exit(0);
      });
    });
}
