import { queueDeadlineReminders } from "~/models/notification.server";
import { deliverDue, type Transports } from "~/models/outbox.server";
import { escalateOverdue } from "~/models/repair-escalation.server";
import { log } from "~/lib/log.server";

// Every job that runs in the background, in one place: the web server runs them in a loop
// (entry.server.tsx, unless OUTBOX=off), `npm run outbox` in a process of its own, and
// `npm run outbox -- --once` once. Each is safe to run at any time and in several processes.

/** The background jobs, in the order a tick runs them; each one's failure is its own. */
export const BACKGROUND_JOBS = [
  // deadline reminders that fell due go to the outbox
  { name: "deadline_reminders", run: () => queueDeadlineReminders() },
  // overdue repair tickets go to the community, then the street office
  { name: "repair_escalation", run: () => escalateOverdue() },
  // what is pending is sent (a planned stop lets the message in hand finish)
  {
    name: "outbox",
    run: (transports: Transports, opts: { signal?: AbortSignal; limit?: number }) =>
      deliverDue(transports, opts),
  },
] as const;

/** One tick: every job once. A job that fails is logged and the next job still runs. */
export async function runBackgroundJobs(
  transports: Transports,
  opts: { signal?: AbortSignal; limit?: number } = {},
) {
  const done: Record<string, unknown> = {};
  for (const job of BACKGROUND_JOBS) {
    if (opts.signal?.aborted) break;
    try {
      done[job.name] = await job.run(transports, opts);
    } catch (e) {
      log.error({ err: e, job: job.name }, `background job ${job.name} failed`);
    }
  }
  return done;
}

/**
 * The loop: one tick at a time, the next `intervalMs` after the last ended. The function it
 * returns stops the loop: a message being sent is finished (never cut off, which would leave it
 * "sending" for a manual resend), no further job is started, and the returned promise settles
 * when the loop is idle.
 */
export function startBackgroundJobs(
  transports: Transports,
  intervalMs = Number(process.env.OUTBOX_INTERVAL_MS ?? 30_000),
) {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const stopping = new AbortController();
  let running: Promise<void> = Promise.resolve();
  const tick = async () => {
    await runBackgroundJobs(transports, { signal: stopping.signal });
    if (!stopping.signal.aborted) timer = setTimeout(() => (running = tick()), intervalMs).unref();
  };
  running = tick();
  return async () => {
    stopping.abort();
    clearTimeout(timer);
    await running;
  };
}
