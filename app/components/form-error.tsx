import { useTranslation } from "react-i18next";
import { dateTime } from "~/lib/format";

/**
 * A form-level error, announced to screen readers when it appears. `values` are what the message
 * names (e.g. {{seconds}}); `params` come from a DomainError, and a `deadline` among them is shown
 * as a localised date.
 */
export function FormError({
  message,
  values,
  params,
}: {
  message?: string | null;
  values?: Record<string, string | number>;
  params?: Record<string, string | number>;
}) {
  const { t, i18n } = useTranslation();
  if (!message) return null;
  const all = {
    ...params,
    ...(params?.deadline && { deadline: dateTime(String(params.deadline), i18n.language) }),
    // a standing ballot about to be replaced: how and when it was cast
    ...(params?.at && { at: dateTime(String(params.at), i18n.language) }),
    ...(params?.channel && { channel: t(`ballot.channels.${params.channel}`) }),
    ...values,
  };
  return (
    <p role="alert" className="form-error">
      {t(message, all)}
    </p>
  );
}

/** The numbered lines an import refused (roster, register): every one, with its reason. */
export function ImportLineErrors({ lines }: { lines?: { line: number; code: string }[] | null }) {
  const { t } = useTranslation();
  if (!lines || lines.length === 0) return null;
  return (
    <ul className="field-error" aria-label={t("roster.errors")}>
      {lines.map((l) => (
        <li key={`${l.line}-${l.code}`}>
          {t("roster.line_error", { line: l.line, error: t(`errors.${l.code}`) })}
        </li>
      ))}
    </ul>
  );
}
