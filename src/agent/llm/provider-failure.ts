import type { APICallError, RetryError } from 'ai';
import { LlmError } from './llm-error.js';

/** What an error message says about a provider: its name, where it was called, and how it is configured. */
export interface ProviderHints {
  /** `openai`, `anthropic`, `azure`, `ollama`, … */
  readonly provider: string;
  readonly baseUrl: string;
  /** The variable holding the key (`OPENAI_API_KEY`), or undefined when the provider needs none. */
  readonly keyVariable?: string;
  /** The variable holding the base URL (`OPENAI_BASE_URL`), if the provider reads one. */
  readonly baseUrlVariable?: string;
}

/** The AI SDK's error classes, passed in by the caller that already loaded the SDK (it is loaded lazily). */
export interface AiSdkErrors {
  readonly APICallError: typeof APICallError;
  readonly RetryError: typeof RetryError;
}

/**
 * Turns whatever the AI SDK threw into an `LlmError` a user can act on: rejected keys, rate limits,
 * server failures, unreachable endpoints and unreadable replies each get their own code and fix.
 */
export function describeProviderFailure(error: unknown, hints: ProviderHints, maxRetries: number, { APICallError, RetryError }: AiSdkErrors): LlmError {
  if (LlmError.isLlm(error)) return error;
  const retried = RetryError.isInstance(error);
  const last = retried ? error.lastError : error;
  const attempts = retried ? ` after ${error.errors.length} attempts` : '';
  const name = hints.provider;
  const baseFix = hints.baseUrlVariable ? `check --base-url or ${hints.baseUrlVariable}` : 'check --base-url';

  if (isAbort(last)) return new LlmError('LlmAborted', `${name}: the request was cancelled`, { cause: error });
  if (APICallError.isInstance(last)) {
    const status = last.statusCode;
    const detail = providerMessage(last);
    if (status === undefined) {
      const code = networkCode(last) ?? 'no response';
      return new LlmError('LlmUnreachable', `${name}: cannot reach ${hints.baseUrl} (${code})${attempts}; is the server running? ${baseFix}`, { cause: error });
    }
    if (status === 401 || status === 403) {
      const keyFix = hints.keyVariable ? `check ${hints.keyVariable} or --api-key` : 'pass the key the server expects with --api-key';
      return new LlmError('LlmAuthentication', `${name}: the API key was rejected (HTTP ${status}: ${detail}); ${keyFix}`, { cause: error, status });
    }
    if (status === 429) {
      return new LlmError('LlmRateLimited', `${name}: rate limited (HTTP 429: ${detail})${attempts}; wait a minute and retry, or raise the account's rate limit`, { cause: error, status });
    }
    if (status >= 500) {
      return new LlmError('LlmServerError', `${name}: the provider failed (HTTP ${status}: ${detail})${attempts || ` with ${maxRetries} retries allowed`}; try again later`, { cause: error, status });
    }
    if (status === 404) {
      return new LlmError('LlmRequestRejected', `${name}: not found (HTTP 404: ${detail}) at ${last.url}; check the model name and ${baseFix.replace(/^check /, '')}`, { cause: error, status });
    }
    return new LlmError('LlmRequestRejected', `${name}: the request was rejected (HTTP ${status}: ${detail}); check the model name and its options`, { cause: error, status });
  }
  const message = last instanceof Error ? last.message : String(last);
  return new LlmError('LlmBadResponse', `${name}: the reply could not be read (${message}); is ${hints.baseUrl} a ${name} endpoint?`, { cause: error });
}

/** The provider's own error text, shortened; the SDK already extracts it from the error body. */
function providerMessage(error: APICallError): string {
  const text = error.message || error.responseBody || 'no message';
  return text.length > 300 ? `${text.slice(0, 300)}…` : text;
}

/** The system error code (ECONNREFUSED, ENOTFOUND, …) somewhere in the cause chain. */
function networkCode(error: unknown): string | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && current; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && /^E[A-Z]+/.test(code)) return code;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

function isAbort(error: unknown): boolean {
  return error instanceof Error && (error.name === 'AbortError' || error.name === 'TimeoutError');
}
