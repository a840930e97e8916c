import { CirroError } from '../core/cirro-error.js';

/** An error as an AWS service returns it: a code, a message, an HTTP status and who is at fault. */
export class AwsError extends CirroError {
  readonly status: number;
  readonly sender: boolean;

  constructor(code: string, message: string, options: { status?: number; sender?: boolean; cause?: unknown } = {}) {
    super(code, message, { cause: options.cause });
    this.name = 'AwsError';
    this.status = options.status ?? 400;
    this.sender = options.sender ?? this.status < 500;
  }

  /** True for an AwsError from any copy of this module. */
  static isAws(value: unknown): value is AwsError {
    return CirroError.is(value) && typeof (value as { status?: unknown }).status === 'number';
  }
}
