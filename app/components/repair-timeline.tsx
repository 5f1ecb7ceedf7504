import { useTranslation } from "react-i18next";
import { dateTime } from "~/lib/format";

type Event = {
  id: number;
  kind: string;
  note: string | null;
  at: Date | string;
  photos: { path: string }[];
};

/** A ticket's steps in order, with their notes and photos: what the reporter follows. */
export function RepairTimeline({ events }: { events: Event[] }) {
  const { t, i18n } = useTranslation();
  return (
    <section aria-labelledby="timeline-heading">
      <h2 id="timeline-heading">{t("repairs.ticket.timeline")}</h2>
      <ol className="timeline">
        {events.map((e) => (
          <li key={e.id}>
            <strong>{t(`repairs.events.${e.kind}`)}</strong> {dateTime(e.at, i18n.language)}
            {e.note && <> — {e.note}</>}
            {e.photos.map((p, i) => (
              <img
                key={p.path}
                src={`/uploads/${p.path}`}
                alt={t("repairs.ticket.photo_alt", {
                  step: t(`repairs.events.${e.kind}`),
                  n: i + 1,
                })}
                className="photo"
                loading="lazy"
              />
            ))}
          </li>
        ))}
      </ol>
    </section>
  );
}
