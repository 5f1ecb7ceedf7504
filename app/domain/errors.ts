// A refusal the user can understand: `code` is an i18n key under `errors.`.
export class DomainError extends Error {
  constructor(
    readonly code: string,
    readonly status = 400,
    /** values the message names, e.g. the deadline that passed (ISO dates are shown localised) */
    readonly params?: Record<string, string | number>,
  ) {
    super(code);
    this.name = "DomainError";
  }
}
