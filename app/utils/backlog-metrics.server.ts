import { outboxBacklog } from "~/models/outbox.server";
import { countOverdueTickets } from "~/models/repair-escalation.server";
import { log } from "~/lib/log.server";
import { databaseGauge } from "~/lib/metrics.server";

// The gauges read from the database when /metrics is scraped: the notification sender's
// backlog and how old its oldest item is, and the repair tickets past a promised time.

const failed = (what: string) => (e: unknown) =>
  log.warn({ err: e }, `metrics: could not read ${what}`);

databaseGauge(
  {
    name: "diancai_outbox_backlog",
    help: "Notifications not yet sent (messages) and events not yet made into messages (events)",
    labelNames: ["kind"] as const,
  },
  async (set) => {
    const b = await outboxBacklog();
    set(b.messages, { kind: "messages" });
    set(b.events, { kind: "events" });
  },
  failed("the outbox backlog"),
);

databaseGauge(
  {
    name: "diancai_outbox_oldest_age_seconds",
    help: "Age of the oldest notification or event the sender has yet to handle (0 when none)",
  },
  async (set) => {
    const { oldest } = await outboxBacklog();
    set(oldest ? Math.max(0, (Date.now() - oldest.getTime()) / 1000) : 0);
  },
  failed("the outbox backlog"),
);

databaseGauge(
  {
    name: "diancai_repair_tickets_overdue",
    help: "Open repair tickets past a promised time (answer or fix)",
  },
  async (set) => set(await countOverdueTickets()),
  failed("overdue repair tickets"),
);
