import type { RetryErrorInfo, RetryStrategyV2, RetryToken } from '@smithy/types';

/** How hard the agent's clients try again when the cloud throttles or fails a call. */
export interface CloudRetryOptions {
  /** Attempts per call, the first included. Default 8. */
  readonly maxAttempts?: number;
  /** No retry starts once this many milliseconds have passed since the call's first attempt. Default 20 s. */
  readonly budgetMs?: number;
  /** Base of the exponential backoff for server errors and connection failures. Default 100 ms. */
  readonly baseDelayMs?: number;
  /** Base for throttling, which needs the cloud to cool down longer. Default 500 ms. */
  readonly throttlingBaseDelayMs?: number;
  /** No single wait is longer. Default 5 s. */
  readonly maxDelayMs?: number;
  /** Jitter source in [0, 1) (tests and seeded runs pass their own). Default Math.random. */
  readonly random?: () => number;
  /** Milliseconds since some origin (tests pass their own). Default performance.now. */
  readonly now?: () => number;
  /** Waits (tests pass their own). Default setTimeout. */
  readonly sleep?: (milliseconds: number) => Promise<void>;
}

/** Retries a client may spend: a failed attempt costs, a success refunds, so a cloud that is down is not hammered. */
const RETRY_CAPACITY = 500;
const RETRY_COST = 5;
const CONNECTION_RETRY_COST = 10;
const SUCCESS_REFUND = 1;

/** A token per call: how many retries it has had, when it began, and what its last retry cost. */
class CloudRetryToken implements RetryToken {
  constructor(readonly retries: number, readonly startedAt: number, readonly cost: number | undefined) {}
  getRetryCount(): number {
    return this.retries;
  }
  /** The strategy waits itself before handing a token back, so the middleware adds no delay. */
  getRetryDelay(): number {
    return 0;
  }
  getRetryCost(): number | undefined {
    return this.cost;
  }
}

/**
 * The agent's retry strategy for AWS SDK v3 clients: throttling, 5xx and connection failures (what the
 * SDK classes as THROTTLING or TRANSIENT) are tried again up to `maxAttempts` times with full-jitter
 * exponential backoff (throttling from a longer base), within a time budget per call and a retry
 * capacity per client, as AWS recommends. Other errors (a bad request, denied access) are not retried.
 */
export function cloudRetryStrategy(options: CloudRetryOptions = {}): RetryStrategyV2 & { readonly maxAttempts: number } {
  const maxAttempts = options.maxAttempts ?? 8;
  const budgetMs = options.budgetMs ?? 20_000;
  const baseDelayMs = options.baseDelayMs ?? 100;
  const throttlingBaseDelayMs = options.throttlingBaseDelayMs ?? 500;
  const maxDelayMs = options.maxDelayMs ?? 5_000;
  const random = options.random ?? Math.random;
  const now = options.now ?? (() => performance.now());
  const sleep = options.sleep ?? ((milliseconds: number) => new Promise<void>((resolve) => setTimeout(resolve, milliseconds)));
  let capacity = RETRY_CAPACITY;
  return {
    maxAttempts,
    async acquireInitialRetryToken() {
      return new CloudRetryToken(0, now(), undefined);
    },
    async refreshRetryTokenForRetry(token, errorInfo: RetryErrorInfo) {
      const previous = token as CloudRetryToken;
      const retryable = errorInfo.errorType === 'THROTTLING' || errorInfo.errorType === 'TRANSIENT';
      const cost = errorInfo.errorType === 'TRANSIENT' && isConnectionFailure(errorInfo.error) ? CONNECTION_RETRY_COST : RETRY_COST;
      if (!retryable || previous.retries + 1 >= maxAttempts || capacity < cost) throw new Error('no retry: not retryable, out of attempts, or out of retry capacity');
      const base = errorInfo.errorType === 'THROTTLING' ? throttlingBaseDelayMs : baseDelayMs;
      let delay = Math.floor(random() * Math.min(maxDelayMs, base * 2 ** previous.retries));
      const hint = errorInfo.retryAfterHint?.getTime();
      if (hint !== undefined) delay = Math.max(delay, Math.min(hint - Date.now(), maxDelayMs));
      if (now() - previous.startedAt + delay > budgetMs) throw new Error(`no retry: the ${budgetMs} ms budget for this call would run out`);
      capacity -= cost;
      await sleep(delay);
      return new CloudRetryToken(previous.retries + 1, previous.startedAt, cost);
    },
    recordSuccess(token) {
      capacity = Math.min(RETRY_CAPACITY, capacity + ((token as CloudRetryToken).cost ?? SUCCESS_REFUND));
    },
  };
}

function isConnectionFailure(error: unknown): boolean {
  const code = (error as { code?: string } | undefined)?.code;
  return code !== undefined && /^(ECONNRESET|ECONNREFUSED|EPIPE|ETIMEDOUT|EHOSTUNREACH|ENETUNREACH|ENOTFOUND|EAI_AGAIN)$/.test(code);
}
