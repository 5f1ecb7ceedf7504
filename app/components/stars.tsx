import { useTranslation } from "react-i18next";

/** A 1–5 star choice as a radio group: keyboard-usable, labelled, posts without JavaScript. */
export function StarsInput({
  name,
  legend,
  value,
  idPrefix,
}: {
  name: string;
  legend: string;
  value?: number | null;
  idPrefix: string;
}) {
  const { t } = useTranslation();
  return (
    <fieldset className="stars">
      <legend>{legend}</legend>
      {[1, 2, 3, 4, 5].map((n) => (
        <span key={n} className="star">
          <input
            type="radio"
            id={`${idPrefix}-${n}`}
            name={name}
            value={n}
            defaultChecked={value === n}
            required
          />
          <label htmlFor={`${idPrefix}-${n}`}>{t("stars.n", { count: n })}</label>
        </span>
      ))}
    </fieldset>
  );
}
