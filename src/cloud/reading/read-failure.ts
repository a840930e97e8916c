import { CirroError } from '../../core/cirro-error.js';
import type { InventoryWarning, ResourceKind } from '../inventory.js';
import { kindsInWords } from '../kind-labels.js';

/** How a failed read is taken: a gap to report and read around, or a reason to stop. */
export type ReadFailure =
  /** The endpoint does not serve this service or operation (a local cloud without ELBv2, say). */
  | { readonly type: 'absent'; readonly code: string }
  /** The credentials may not read this kind; other kinds may still be readable. */
  | { readonly type: 'denied'; readonly code: string }
  /** The resource went away between two calls of one read (a race, not a failure). */
  | { readonly type: 'gone'; readonly code: string }
  | { readonly type: 'fatal'; readonly code: string };

/** Error codes endpoints answer with when they lack an operation or a whole service. */
const ABSENT_CODES = new Set([
  'NotImplemented', 'NotImplementedException', 'UnknownOperationException', 'UnknownOperation', 'InvalidAction',
  'UnsupportedOperation', 'UnsupportedOperationException',
]);

/** Error codes for a caller that may not make this particular call. */
const DENIED_CODES = new Set(['UnauthorizedOperation', 'AccessDenied', 'AccessDeniedException']);

/** Sorts an SDK error into absent, denied, gone (a `*.NotFound`) or fatal. */
export function classifyReadFailure(error: unknown): ReadFailure {
  const failure = error as { name?: string; code?: string; $metadata?: { httpStatusCode?: number } } | undefined;
  const code = failure?.name && failure.name !== 'Error' ? failure.name : failure?.code ?? 'UnknownError';
  const status = failure?.$metadata?.httpStatusCode;
  if (ABSENT_CODES.has(code) || status === 501 || status === 404) return { type: 'absent', code };
  if (DENIED_CODES.has(code)) return { type: 'denied', code };
  if (/NotFound$/.test(code) || /\.NotFound$/.test(code)) return { type: 'gone', code };
  return { type: 'fatal', code };
}

/** A read of the cloud that could not be completed; the message names the call and the way out. */
export class CloudReadError extends CirroError {
  constructor(readonly operation: string, readonly awsCode: string, detail: string, options?: { cause?: unknown }) {
    super('CloudReadFailed', `${operation} failed (${awsCode}): ${detail}${hintFor(awsCode)}`, options);
    this.name = 'CloudReadError';
  }
}

/** Wraps an unexpected read error so callers see which call failed and what to check. */
export function cloudReadError(operation: string, error: unknown): CloudReadError {
  const failure = error as { message?: string } | undefined;
  return new CloudReadError(operation, classifyReadFailure(error).code, failure?.message ?? String(error), { cause: error });
}

function hintFor(code: string): string {
  if (/^(AuthFailure|InvalidClientTokenId|SignatureDoesNotMatch|ExpiredToken|UnrecognizedClientException|InvalidAccessKeyId|CredentialsProviderError)$/.test(code)) {
    return ' (check the AWS credentials: environment, profile, or SSO login)';
  }
  if (/^(ECONNREFUSED|ENOTFOUND|ETIMEDOUT|ECONNRESET|EAI_AGAIN|TimeoutError)$/.test(code)) {
    return ' (is the endpoint up? check --endpoint / AWS_ENDPOINT_URL)';
  }
  return '';
}

/** The warning for kinds left empty (or partly read) because a call was absent or denied. */
export function gapWarning(
  service: 'ec2' | 'elbv2', kinds: readonly ResourceKind[], operation: string | readonly string[], failure: ReadFailure,
  wording: { subject?: string; consequence?: string } = {},
): InventoryWarning {
  const subject = wording.subject ?? kindsInWords(kinds);
  const consequence = wording.consequence ?? 'they are shown as none';
  const signingName = service === 'ec2' ? 'ec2' : 'elasticloadbalancing';
  const calls = (typeof operation === 'string' ? [operation] : operation).map((name) => `${signingName}:${name}`).join(', ');
  const message = failure.type === 'denied'
    ? `${subject} not read: these credentials may not call ${calls} (${failure.code}); ${consequence} until that permission is granted`
    : `${subject} not read: the endpoint does not serve ${calls} (${failure.code}); ${consequence}`;
  return { service, kinds, code: failure.code, message };
}
