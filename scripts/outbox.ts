// The notification sender as its own process: `npm run outbox` (every OUTBOX_INTERVAL_MS), or
// `npm run outbox -- --once` to send what is due now and exit. `npm start` runs the same loop
// inside the web server unless OUTBOX=off.
import { deliverDue, queueDeadlineReminders } from "~/models/notification.server";
import { log } from "~/utils/log.server";
import { startOutbox } from "~/utils/outbox.server";
import { configuredTransports } from "~/utils/transports.server";

const transports = configuredTransports();
if (process.argv.includes("--once")) {
  const queued = await queueDeadlineReminders();
  const { sent, failed } = await deliverDue(transports, { limit: 100_000 });
  log.info({ queued, sent, failed }, `outbox: ${queued} queued, ${sent} sent, ${failed} failed`);
} else {
  const stop = startOutbox(transports);
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
