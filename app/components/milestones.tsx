import { useTranslation } from "react-i18next";
import { day } from "~/lib/format";

type Milestone = { id: number; kind: string; date: Date | string; note: string; photos: string[] };

/** Construction progress: milestones in date order with their photos. */
export function MilestoneTimeline({ milestones }: { milestones: Milestone[] }) {
  const { t, i18n } = useTranslation();
  if (milestones.length === 0) return null;
  return (
    <section aria-labelledby="progress-heading">
      <h2 id="progress-heading">{t("round.progress")}</h2>
      <ol className="timeline">
        {milestones.map((m) => (
          <li key={m.id}>
            <strong>{t(`milestones.${m.kind}`)}</strong> {day(m.date, i18n.language)} — {m.note}
            {m.photos.map((p, i) => (
              <img
                key={p}
                src={`/uploads/${p}`}
                alt={t("work.photo_alt", { kind: t(`milestones.${m.kind}`), n: i + 1 })}
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
