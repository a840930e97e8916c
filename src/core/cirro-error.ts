/** The one error base class: every expected error carries a fixed string `code`. */
export class CirroError extends Error {
  /** Stable marker so errors survive realm and bundle boundaries (`instanceof` does not). */
  readonly cirroError = true;

  constructor(
    readonly code: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'CirroError';
  }

  /** True for any CirroError, including ones made by another copy of this module. */
  static is(value: unknown): value is CirroError {
    return typeof value === 'object' && value !== null && (value as { cirroError?: unknown }).cirroError === true;
  }
}
