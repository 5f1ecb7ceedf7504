import { useTranslation } from "react-i18next";
import { dateTime } from "~/utils/format";

/** A form-level error, announced to screen readers when it appears; a `deadline` is shown localised. */
export function FormError({
  message,
  params,
}: {
  message?: string | null;
  params?: Record<string, string | number>;
}) {
  const { t, i18n } = useTranslation();
  if (!message) return null;
  const values = params?.deadline
    ? { ...params, deadline: dateTime(String(params.deadline), i18n.language) }
    : params;
  return (
    <p role="alert" className="form-error">
      {t(message, values)}
    </p>
  );
}
