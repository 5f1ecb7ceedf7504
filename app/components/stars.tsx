import { useTranslation } from "react-i18next";

/**
 * A 1–5 star choice as a radio group: keyboard-usable, labelled, posts without JavaScript.
 * `hint` says what the stars mean (beside them, read with the group); `error` marks the group.
 */
export function StarsInput({
  name,
  legend,
  value,
  idPrefix,
  hint,
  error,
}: {
  name: string;
  legend: string;
  value?: number | string | null;
  idPrefix: string;
  hint?: string;
  error?: string;
}) {
  const { t } = useTranslation();
  const described =
    [hint && `${idPrefix}-hint`, error && `${idPrefix}-error`].filter(Boolean).join(" ") ||
    undefined;
  return (
    <fieldset
      className="stars"
      aria-describedby={described}
      aria-invalid={error ? true : undefined}
    >
      <legend>{legend}</legend>
      {hint && (
        <p id={`${idPrefix}-hint`} className="hint star-meaning">
          {hint}
        </p>
      )}
      <div className="star-choices">
        {[1, 2, 3, 4, 5].map((n) => (
          // the label holds the radio: the whole star, box and words, is one target of at
          // least the tap size (44 px, 60 px in 大字版)
          <label key={n} className="star" htmlFor={`${idPrefix}-${n}`}>
            <input
              type="radio"
              id={`${idPrefix}-${n}`}
              name={name}
              value={n}
              defaultChecked={value != null && Number(value) === n}
              required
            />
            <span>{t("stars.n", { count: n })}</span>
          </label>
        ))}
      </div>
      {error && (
        <p id={`${idPrefix}-error`} className="field-error">
          {t(error)}
        </p>
      )}
    </fieldset>
  );
}
