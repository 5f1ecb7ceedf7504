import { useTranslation } from "react-i18next";
import type { Phase } from "~/domain/round-lifecycle";

export function PhaseBadge({ phase }: { phase: Phase }) {
  const { t } = useTranslation();
  return <span className={`phase phase-${phase.toLowerCase()}`}>{t(`phases.${phase}`)}</span>;
}

/** The lifecycle as an ordered list with the current phase marked. */
export function PhaseSteps({ phase, kind = "design" }: { phase: Phase; kind?: string }) {
  const { t } = useTranslation();
  const outcome: Phase = phase === "FAILED" ? "FAILED" : "ADOPTED";
  // a motion or an election goes from its draft straight to voting, and has nothing to build
  const main: Phase[] =
    kind === "design"
      ? ["DRAFT", "ORDERING", "COOKING", "TASTING", "CLOSED", outcome, "CONSTRUCTION"]
      : ["DRAFT", "TASTING", "CLOSED", outcome];
  const current = main.indexOf(phase);
  return (
    <ol className="phase-steps" aria-label={t("round.lifecycle")}>
      {main.map((p, i) => (
        <li
          key={p}
          aria-current={p === phase ? "step" : undefined}
          className={i < current ? "done" : i === current ? "current" : ""}
        >
          {kind !== "design" && p === "TASTING" ? t("matter.voting_phase") : t(`phases.${p}`)}
        </li>
      ))}
    </ol>
  );
}
