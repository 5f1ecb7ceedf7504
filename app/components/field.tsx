import { useTranslation } from "react-i18next";

type Common = {
  name: string;
  label: string;
  error?: string;
  hint?: string;
  id?: string;
  optional?: boolean;
};

function describedBy(id: string, hint?: string, error?: string) {
  return [hint && `${id}-hint`, error && `${id}-error`].filter(Boolean).join(" ") || undefined;
}

function Frame({
  id,
  label,
  hint,
  error,
  optional,
  children,
}: Omit<Common, "name"> & { id: string; children: React.ReactNode }) {
  const { t } = useTranslation();
  return (
    <div className="field">
      <label htmlFor={id}>
        {label}
        {optional && <span className="muted"> {t("common.optional")}</span>}
      </label>
      {hint && (
        <p id={`${id}-hint`} className="hint">
          {hint}
        </p>
      )}
      {children}
      {error && (
        <p id={`${id}-error`} className="field-error">
          {t(error)}
        </p>
      )}
    </div>
  );
}

/** A labelled input with its hint and error tied to it for screen readers. */
export function Field({
  name,
  label,
  error,
  hint,
  id,
  optional,
  ...input
}: Common & Omit<React.InputHTMLAttributes<HTMLInputElement>, "name" | "id">) {
  const fid = id ?? `f-${name}`;
  return (
    <Frame id={fid} label={label} hint={hint} error={error} optional={optional}>
      <input
        id={fid}
        name={name}
        required={!optional}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(fid, hint, error)}
        {...input}
      />
    </Frame>
  );
}

export function TextAreaField({
  name,
  label,
  error,
  hint,
  id,
  optional,
  ...rest
}: Common & Omit<React.TextareaHTMLAttributes<HTMLTextAreaElement>, "name" | "id">) {
  const fid = id ?? `f-${name}`;
  return (
    <Frame id={fid} label={label} hint={hint} error={error} optional={optional}>
      <textarea
        id={fid}
        name={name}
        rows={3}
        required={!optional}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(fid, hint, error)}
        {...rest}
      />
    </Frame>
  );
}
