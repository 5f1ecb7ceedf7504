import { deliverDue, queueDeadlineReminders, type Transports } from "~/models/notification.server";
import { escalateOverdue } from "~/models/repair.server";

/**
 * The sender's loop: queue the deadline reminders that fell due, then send what is pending.
 * One tick at a time; a tick's error is logged and the next tick tries again.
 */
export function startOutbox(
  transports: Transports,
  intervalMs = Number(process.env.OUTBOX_INTERVAL_MS ?? 30_000),
) {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let stopped = false;
  const tick = async () => {
    try {
      await queueDeadlineReminders();
      await escalateOverdue(); // overdue repair tickets go to the community, then the street office
      await deliverDue(transports);
    } catch (e) {
      console.error("[diancai] outbox:", e);
    }
    if (!stopped) timer = setTimeout(() => void tick(), intervalMs).unref();
  };
  void tick();
  return () => {
    stopped = true;
    clearTimeout(timer);
  };
}
