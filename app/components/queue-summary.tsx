import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { Duration } from "./repair-stats";

type Counts = { open: number; overdue: number; escalated: number };
type Ticket = {
  id: number;
  category: string;
  open: boolean;
  minutesLeft: number | null;
  escalationLevel: number;
  status: string;
};

/** A queue's counts in one line: open, past a promise, escalated. */
export function QueueCounts({ counts }: { counts: Counts }) {
  const { t } = useTranslation();
  return (
    <ul className="chips" aria-label={t("repairs.queue.counts")}>
      <li>
        {t("repairs.queue.open")}
        {t("common.colon")}
        <strong>{counts.open}</strong>
      </li>
      <li className={counts.overdue ? "warn" : undefined}>
        {t("repairs.queue.overdue")}
        {t("common.colon")}
        <strong>{counts.overdue}</strong>
      </li>
      <li className={counts.escalated ? "warn" : undefined}>
        {t("repairs.queue.escalated")}
        {t("common.colon")}
        <strong>{counts.escalated}</strong>
      </li>
    </ul>
  );
}

/** The open tickets of a queue, already in order (the late first), as cards a phone can tap. */
export function OpenTickets({ tickets }: { tickets: Ticket[] }) {
  const { t } = useTranslation();
  const open = tickets.filter((x) => x.open);
  if (!open.length) return <p>{t("repairs.queue.none_open")}</p>;
  return (
    <ol className="cards">
      {open.map((x) => {
        const late = x.minutesLeft !== null && x.minutesLeft < 0;
        return (
          <li key={x.id} className="card">
            <Link to={`/repairs/${x.id}`}>
              {t("repairs.ticket.title", { id: x.id })} · {t(`repairs.categories.${x.category}`)}
            </Link>
            <p className={late ? "warn" : undefined}>
              {t(`repairs.statuses.${x.status}`)} · <Duration minutes={x.minutesLeft} />
              {x.escalationLevel > 0 && <> · {t(`repairs.escalation.${x.escalationLevel}`)}</>}
            </p>
          </li>
        );
      })}
    </ol>
  );
}
