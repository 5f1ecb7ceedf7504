import { useTranslation } from "react-i18next";

/** A form-level error, announced to screen readers when it appears. */
export function FormError({ message }: { message?: string | null }) {
  const { t } = useTranslation();
  if (!message) return null;
  return (
    <p role="alert" className="form-error">
      {t(message)}
    </p>
  );
}
