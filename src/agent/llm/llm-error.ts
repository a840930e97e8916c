import { CirroError } from '../../core/cirro-error.js';

/** What went wrong talking to a model; stable strings callers can branch on. */
export type LlmErrorCode =
  | 'LlmConfiguration'
  | 'LlmAuthentication'
  | 'LlmRateLimited'
  | 'LlmServerError'
  | 'LlmRequestRejected'
  | 'LlmUnreachable'
  | 'LlmBadResponse'
  | 'LlmAborted';

/** A model call or model choice that failed; the message names the provider, the problem and the fix. */
export class LlmError extends CirroError {
  /** The provider's HTTP status, when the provider answered. */
  readonly status: number | undefined;

  constructor(
    readonly llmCode: LlmErrorCode,
    message: string,
    options: { cause?: unknown; status?: number } = {},
  ) {
    super(llmCode, message, { cause: options.cause });
    this.name = 'LlmError';
    this.status = options.status;
  }

  /** True for an LlmError from any copy of this module. */
  static isLlm(value: unknown): value is LlmError {
    return CirroError.is(value) && typeof (value as { llmCode?: unknown }).llmCode === 'string';
  }
}
