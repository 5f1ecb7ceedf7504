import { useTranslation } from "react-i18next";

type Props = {
  name: string;
  label: string;
  error?: string;
  hint?: string;
} & Omit<React.InputHTMLAttributes<HTMLInputElement>, "name">;

/** A labelled input with its hint and error tied to it for screen readers. */
export function Field({ name, label, error, hint, ...input }: Props) {
  const { t } = useTranslation();
  const described =
    [hint && `${name}-hint`, error && `${name}-error`].filter(Boolean).join(" ") || undefined;
  return (
    <div className="field">
      <label htmlFor={`f-${name}`}>{label}</label>
      {hint && (
        <p id={`${name}-hint`} className="hint">
          {hint}
        </p>
      )}
      <input
        id={`f-${name}`}
        name={name}
        aria-invalid={error ? true : undefined}
        aria-describedby={described}
        {...input}
      />
      {error && (
        <p id={`${name}-error`} className="field-error">
          {t(error)}
        </p>
      )}
    </div>
  );
}
