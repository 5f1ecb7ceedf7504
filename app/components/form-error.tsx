import { useTranslation } from "react-i18next";

/** A form-level error, announced to screen readers when it appears. */
export function FormError({
  message,
  values,
}: {
  message?: string | null;
  /** values the message names, e.g. {{seconds}} */
  values?: Record<string, string | number>;
}) {
  const { t } = useTranslation();
  if (!message) return null;
  return (
    <p role="alert" className="form-error">
      {t(message, values)}
    </p>
  );
}
