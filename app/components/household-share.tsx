import { useTranslation } from "react-i18next";
import { money } from "~/lib/format";

/**
 * What a household pays towards an option, said plainly: an amount, or that it pays nothing —
 * and, when the residents' part itself is nothing (public money pays it all), that residents pay
 * nothing at all, rather than "¥0.00" beside a rule for sharing it.
 */
export function HouseholdShare({
  amountFen,
  residentsFen,
}: {
  amountFen: number;
  /** the residents' part of the option, when known */
  residentsFen?: number;
}) {
  const { t, i18n } = useTranslation();
  if (residentsFen === 0) return <>{t("participate.share_none_public")}</>;
  if (amountFen === 0) return <>{t("participate.share_none")}</>;
  return <>{t("participate.my_share", { amount: money(amountFen, i18n.language) })}</>;
}
