import { useTranslation } from "react-i18next";
import { milliToString } from "~/domain/decimal";
import { money } from "~/lib/format";

type Line = {
  position: number;
  item: string;
  unit: string;
  quantityMilli: number;
  unitPriceFen: number;
  amountFen: number;
};

/** A bill of quantities with its total, as a table that prints; with `served`, whom each line serves. */
export function BoqTable({
  lines,
  totalFen,
  caption,
  served,
}: {
  lines: Line[];
  totalFen: number;
  caption: string;
  /** per line, the places it serves, in words */
  served?: string[];
}) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  return (
    <div className="table-wrap" tabIndex={0}>
      <table className="stack-narrow">
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{t("boq.position")}</th>
            <th scope="col">{t("boq.item")}</th>
            <th scope="col">{t("boq.unit")}</th>
            <th scope="col" className="num">
              {t("boq.quantity")}
            </th>
            <th scope="col" className="num">
              {t("boq.unit_price")}
            </th>
            <th scope="col" className="num">
              {t("boq.amount")}
            </th>
            {served && <th scope="col">{t("boq.serves")}</th>}
          </tr>
        </thead>
        <tbody>
          {lines.map((l, i) => (
            <tr key={l.position}>
              <td data-label={t("boq.position")}>{l.position}</td>
              <th scope="row">{l.item}</th>
              <td data-label={t("boq.unit")}>{l.unit}</td>
              <td className="num" data-label={t("boq.quantity")}>
                {milliToString(l.quantityMilli)}
              </td>
              <td className="num" data-label={t("boq.unit_price")}>
                {money(l.unitPriceFen, lang)}
              </td>
              <td className="num" data-label={t("boq.amount")}>
                {money(l.amountFen, lang)}
              </td>
              {served && <td data-label={t("boq.serves")}>{served[i]}</td>}
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr>
            <th scope="row" colSpan={5}>
              {t("boq.total")}
            </th>
            <td className="num" data-label={t("boq.total")}>
              <strong>{money(totalFen, lang)}</strong>
            </td>
            {served && <td className="empty" />}
          </tr>
        </tfoot>
      </table>
    </div>
  );
}

export function FundingTable({
  funding,
  totalFen,
}: {
  funding: { source: string; amountFen: number }[];
  totalFen: number;
}) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  return (
    <div className="table-wrap" tabIndex={0}>
      <table>
        <caption>{t("funding.caption")}</caption>
        <thead>
          <tr>
            <th scope="col">{t("funding.source")}</th>
            <th scope="col" className="num">
              {t("funding.amount")}
            </th>
            <th scope="col" className="num">
              {t("funding.share")}
            </th>
          </tr>
        </thead>
        <tbody>
          {funding.map((f) => (
            <tr key={f.source}>
              <th scope="row">{t(`funding.${f.source}`)}</th>
              <td className="num">{money(f.amountFen, lang)}</td>
              <td className="num">
                {totalFen ? ((f.amountFen * 100) / totalFen).toFixed(1) : "0.0"}%
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
