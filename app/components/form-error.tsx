import { useTranslation } from "react-i18next";
import { dateTime } from "~/utils/format";

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
    ...values,
  };
  return (
    <p role="alert" className="form-error">
      {t(message, all)}
    </p>
  );
}
