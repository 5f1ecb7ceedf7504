// A refusal the user can understand: `code` is an i18n key under `errors.`.
export class DomainError extends Error {
  constructor(
    readonly code: string,
    readonly status = 400,
  ) {
    super(code);
    this.name = "DomainError";
  }
}
