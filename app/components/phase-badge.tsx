import { useTranslation } from "react-i18next";
import type { Phase } from "~/domain/round-lifecycle";

export function PhaseBadge({ phase }: { phase: Phase }) {
  const { t } = useTranslation();
  return <span className={`phase phase-${phase.toLowerCase()}`}>{t(`phases.${phase}`)}</span>;
}

/** The lifecycle as an ordered list with the current phase marked. */
export function PhaseSteps({ phase }: { phase: Phase }) {
  const { t } = useTranslation();
  const main: Phase[] = [
    "DRAFT",
    "ORDERING",
    "COOKING",
    "TASTING",
    "CLOSED",
    phase === "FAILED" ? "FAILED" : "ADOPTED",
    "CONSTRUCTION",
  ];
  const current = main.indexOf(phase);
  return (
    <ol className="phase-steps" aria-label={t("round.lifecycle")}>
      {main.map((p, i) => (
        <li
          key={p}
          aria-current={p === phase ? "step" : undefined}
          className={i < current ? "done" : i === current ? "current" : ""}
        >
          {t(`phases.${p}`)}
        </li>
      ))}
    </ol>
  );
}
