import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { countsSnapshot } from "~/domain/roster";

/** The round's staff pages beside the manage and work pages: door-to-door list and outbox. */
export function StaffLinks({ roundId, phase }: { roundId: number; phase: string }) {
  const { t } = useTranslation();
  return (
    <ul className="actions">
      {(phase === "ORDERING" || phase === "TASTING") && (
        <li>
          <Link to={`/rounds/${roundId}/doors`}>{t("round.doors_link")}</Link>
        </li>
      )}
      {countsSnapshot(phase) && (
        <li>
          <Link to={`/rounds/${roundId}/snapshot`}>{t("round.snapshot_link")}</Link>
        </li>
      )}
      {phase !== "DRAFT" && (
        <li>
          <Link to={`/rounds/${roundId}/outbox`}>{t("round.outbox_link")}</Link>
        </li>
      )}
      {phase !== "DRAFT" && (
        <li>
          <Link to={`/rounds/${roundId}/proxies`}>{t("proxies.link")}</Link>
        </li>
      )}
    </ul>
  );
}
