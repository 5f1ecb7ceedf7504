// The notification sender as its own process: `npm run outbox` (every OUTBOX_INTERVAL_MS), or
// `npm run outbox -- --once` to send what is due now and exit. `npm start` runs the same loop
// inside the web server unless OUTBOX=off.
import { deliverDue, queueDeadlineReminders } from "~/models/notification.server";
import { startOutbox } from "~/utils/outbox.server";
import { configuredTransports } from "~/utils/transports.server";

const transports = configuredTransports();
if (process.argv.includes("--once")) {
  const queued = await queueDeadlineReminders();
  const { sent, failed } = await deliverDue(transports, { limit: 100_000 });
  console.log(`[diancai] outbox: ${queued} queued, ${sent} sent, ${failed} failed`);
} else {
  startOutbox(transports);
  setInterval(() => {}, 1 << 30);
}
