import { deliverDue, queueDeadlineReminders, type Transports } from "~/models/notification.server";
import { escalateOverdue } from "~/models/repair.server";
import { log } from "./log.server";

/**
 * The sender's loop: queue the deadline reminders that fell due, then send what is pending.
 * One tick at a time; a tick's error is logged and the next tick tries again. The function it
 * returns stops the loop: a message being sent is finished (never cut off, which would leave it
 * "sending" for a manual resend), no further one is started, and the returned promise settles
 * when the sender is idle.
 */
export function startOutbox(
  transports: Transports,
  intervalMs = Number(process.env.OUTBOX_INTERVAL_MS ?? 30_000),
) {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const stopping = new AbortController();
  let running: Promise<void> = Promise.resolve();
  const tick = async () => {
    try {
      await queueDeadlineReminders();
      await escalateOverdue(); // overdue repair tickets go to the community, then the street office
      await deliverDue(transports, { signal: stopping.signal });
    } catch (e) {
      log.error({ err: e }, "outbox: a round of sending failed");
    }
    if (!stopping.signal.aborted) timer = setTimeout(() => (running = tick()), intervalMs).unref();
  };
  running = tick();
  return async () => {
    stopping.abort();
    clearTimeout(timer);
    await running;
  };
}
