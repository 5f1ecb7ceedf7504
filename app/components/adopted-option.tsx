import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { money } from "~/lib/format";
import { HouseholdShare } from "./household-share";

type Option = { id: number; code: string; title: string; totalFen: number };

/** During construction: the option the round adopted and what this household pays of it. */
export function AdoptedOption({
  roundId,
  option,
  shareFen,
}: {
  roundId: number;
  option: Option | undefined;
  shareFen: number;
}) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  if (!option) return null;
  return (
    <section className="card" aria-labelledby={`adopted-${option.id}`}>
      <h3 id={`adopted-${option.id}`}>{t("participate.adopted")}</h3>
      <p>
        <Link to={`/rounds/${roundId}/options/${option.id}`}>
          {option.code} · {option.title}
        </Link>
      </p>
      <p>
        {t("round.option_total", { total: money(option.totalFen, lang) })} ·{" "}
        <strong>
          <HouseholdShare amountFen={shareFen} />
        </strong>
      </p>
    </section>
  );
}
