import type { ServiceName } from '../plan/plan.js';

/** How an executor reaches the cloud: one API call in, its JSON output (API shapes) out. */
export interface CloudTransport {
  readonly modality: 'sdk' | 'cli';
  /** Makes one call; throws CallFailure for an AWS error. */
  call(service: ServiceName, operation: string, input: Record<string, unknown>): Promise<unknown>;
  /** The command a person would run for this call (for progress and reports). */
  describe(service: ServiceName, operation: string, input: Record<string, unknown>): string;
}

/** An AWS error from a call, whichever modality made it. */
export class CallFailure extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status: number | undefined,
    readonly transient: boolean,
  ) {
    super(message);
    this.name = 'CallFailure';
  }
}

const TRANSIENT = new Set([
  'Throttling', 'ThrottlingException', 'RequestLimitExceeded', 'TooManyRequestsException', 'RequestThrottled',
  'InternalError', 'InternalFailure', 'ServiceUnavailable', 'Unavailable', 'RequestTimeout', 'RequestTimeoutException',
]);

/** True for errors worth retrying with backoff: throttling, 5xx and network trouble. */
export function isTransient(code: string, status: number | undefined): boolean {
  return TRANSIENT.has(code) || (status !== undefined && status >= 500) || code === 'NetworkingError' || code === 'ECONNRESET' || code === 'ECONNREFUSED';
}
