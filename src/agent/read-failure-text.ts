import { CloudReadError } from '../cloud/reading/read-failure.js';

/** Error codes that mean "busy or briefly broken": worth trying again later, nothing is wrong with the request. */
const TRANSIENT_CODES = /^(Throttling|ThrottlingException|RequestLimitExceeded|RequestThrottled|TooManyRequestsException|SlowDown|InternalError|InternalFailure|ServiceUnavailable|Unavailable|RequestTimeout|TimeoutError|ECONNRESET|ECONNREFUSED|EPIPE|ETIMEDOUT|EHOSTUNREACH|ENETUNREACH|EAI_AGAIN)$/;

/** A failed read of the cloud, as the agent reports it. */
export interface CloudReadFailure {
  /** The API call that failed, when known (`DescribeSecurityGroups failed (InternalError): …`). */
  readonly detail: string;
  /** Throttling, a 5xx or a dropped connection: the cloud, not the request, was the problem. */
  readonly transient: boolean;
  /** How many attempts the SDK made before giving up, when it says. */
  readonly attempts: number | undefined;
}

/**
 * Recognizes an error from reading the cloud (a CloudReadError, an AWS SDK service error, a network
 * error); undefined for anything else, which is a bug and is thrown on.
 */
export function cloudReadFailure(error: unknown): CloudReadFailure | undefined {
  if (!(error instanceof Error)) return undefined;
  const sdk = (error instanceof CloudReadError ? error.cause : error) as { name?: string; code?: string; $metadata?: { httpStatusCode?: number; attempts?: number } } | undefined;
  const isSdkError = sdk?.$metadata !== undefined;
  const code = error instanceof CloudReadError ? error.awsCode : sdk?.code ?? sdk?.name ?? 'UnknownError';
  const isNetworkError = typeof sdk?.code === 'string' && /^E[A-Z_]+$/.test(sdk.code);
  if (!(error instanceof CloudReadError) && !isSdkError && !isNetworkError && code !== 'TimeoutError') return undefined;
  const status = sdk?.$metadata?.httpStatusCode;
  return {
    detail: error instanceof CloudReadError ? error.message : `${code}: ${error.message}`,
    transient: TRANSIENT_CODES.test(code) || (status !== undefined && status >= 500 && status !== 501) || status === 429,
    attempts: sdk?.$metadata?.attempts,
  };
}

/**
 * The sentence for a read that finally failed: what could not be read, from where, the AWS error,
 * and what to do. `consequence` says what this means for the cloud ("Nothing was changed.").
 */
export function readFailureText(what: string, where: string, failure: CloudReadFailure, consequence: string): string {
  const tried = failure.attempts && failure.attempts > 1 ? ` after ${failure.attempts} attempts` : '';
  const advice = failure.transient
    ? `The cloud kept throttling or failing the call${tried}; try again in a minute.`
    : 'Check the endpoint, region and credentials, then try again.';
  return `Stopped: could not read ${what} from ${where}: ${failure.detail}. ${consequence} ${advice}`;
}
