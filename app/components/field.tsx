import { useTranslation } from "react-i18next";

/** What Conform knows about a field: its name, what was typed before a refused submit, its errors. */
export type FieldMeta = { name: string; initialValue?: unknown; errors?: string[] };

type Common = {
  name?: string;
  meta?: FieldMeta;
  label: string;
  error?: string;
  hint?: string;
  id?: string;
  optional?: boolean;
};

/** A field's name, default value and first error, from Conform's metadata or the plain props. */
function resolve(p: { name?: string; meta?: FieldMeta; error?: string; defaultValue?: unknown }) {
  const name = p.meta?.name ?? p.name ?? "";
  const typed = p.meta?.initialValue;
  return {
    name,
    error: p.meta?.errors?.[0] ?? p.error,
    defaultValue: typeof typed === "string" ? typed : (p.defaultValue as string | undefined),
  };
}

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
}: Omit<Common, "name" | "meta"> & { id: string; children: React.ReactNode }) {
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
  name: plainName,
  meta,
  label,
  error: plainError,
  hint,
  id,
  optional,
  defaultValue: plainDefault,
  ...input
}: Common & Omit<React.InputHTMLAttributes<HTMLInputElement>, "name" | "id">) {
  const { name, error, defaultValue } = resolve({
    name: plainName,
    meta,
    error: plainError,
    defaultValue: plainDefault,
  });
  const fid = id ?? `f-${name}`;
  return (
    <Frame id={fid} label={label} hint={hint} error={error} optional={optional}>
      <input
        id={fid}
        name={name}
        required={!optional}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(fid, hint, error)}
        defaultValue={input.type === "password" ? undefined : defaultValue}
        {...input}
      />
    </Frame>
  );
}

export function TextAreaField({
  name: plainName,
  meta,
  label,
  error: plainError,
  hint,
  id,
  optional,
  defaultValue: plainDefault,
  ...rest
}: Common & Omit<React.TextareaHTMLAttributes<HTMLTextAreaElement>, "name" | "id">) {
  const { name, error, defaultValue } = resolve({
    name: plainName,
    meta,
    error: plainError,
    defaultValue: plainDefault,
  });
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
        defaultValue={defaultValue}
        {...rest}
      />
    </Frame>
  );
}
