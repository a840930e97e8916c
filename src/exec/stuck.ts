/** A call as the detector sees it: which operation, with what input. */
export interface WatchedCall {
  readonly service: string;
  readonly operation: string;
  readonly input: unknown;
}

/**
 * How a call went: it succeeded (a poll says what it observed; `mutating` overrides the guess from the
 * operation's name), or it failed with an AWS error code.
 */
export type CallOutcome =
  | { readonly ok: true; readonly observed?: string; readonly mutating?: boolean }
  | { readonly code: string; readonly message?: string };

/** Why a run is stuck, and where it stood, for the person who takes over. */
export interface StuckSignal {
  readonly reason: string;
  readonly summary: string;
}

/** When to call a run stuck. */
export interface StuckDetectorOptions {
  /** The same call failing the same way this many times (default 3). */
  readonly maxRepeats?: number;
  /** No successful change and nothing new observed for this long (default 300 s). */
  readonly stallSeconds?: number;
  /** Milliseconds from any fixed origin (default performance.now). */
  readonly now?: () => number;
}

/** Watches the calls of a run (a plan, or an LLM agent's loop) and says when it is going nowhere. */
export interface StuckDetector {
  /** Records one call's outcome; returns a signal when the run is stuck, undefined while it is not. */
  record(call: WatchedCall, outcome: CallOutcome): StuckSignal | undefined;
}

const READ_OPERATION = /^(Describe|Get|List)/;

/** A stuck detector: repeated identical failures, or a stall with no progress. */
export function createStuckDetector(options: StuckDetectorOptions = {}): StuckDetector {
  const maxRepeats = options.maxRepeats ?? 3;
  const stallMs = (options.stallSeconds ?? 300) * 1000;
  const now = options.now ?? (() => performance.now());
  const failures = new Map<string, number>();
  let lastProgress = now();
  let changes = 0;
  let lastObserved: string | undefined;
  let lastError: string | undefined;
  const summary = (): string => [
    `${changes} change${changes === 1 ? '' : 's'} made`,
    `last error: ${lastError ?? 'none'}`,
    ...(lastObserved !== undefined ? [`last seen: ${lastObserved || 'nothing'}`] : []),
  ].join('; ');
  return {
    record(call, outcome) {
      const at = now();
      if ('ok' in outcome) {
        const mutating = outcome.mutating ?? !READ_OPERATION.test(call.operation);
        const changed = outcome.observed !== undefined && outcome.observed !== lastObserved;
        if (outcome.observed !== undefined) lastObserved = outcome.observed;
        if (mutating) changes++;
        if (mutating || changed) lastProgress = at;
      } else {
        lastError = `${outcome.code} from ${call.operation}${outcome.message ? ` (${outcome.message})` : ''}`;
        const key = `${call.service} ${call.operation} ${stableJson(call.input)} ${outcome.code}`;
        const count = (failures.get(key) ?? 0) + 1;
        failures.set(key, count);
        if (count >= maxRepeats) return { reason: `${call.operation} failed with ${outcome.code} ${count} times with the same input`, summary: summary() };
      }
      if (at - lastProgress >= stallMs) {
        const seconds = (at - lastProgress) / 1000;
        return { reason: `no progress for ${seconds < 10 ? seconds.toFixed(1) : Math.round(seconds)} s (nothing changed and nothing new observed)`, summary: summary() };
      }
      return undefined;
    },
  };
}

/** JSON with object keys sorted, so the same input always gives the same text. */
function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  if (value && typeof value === 'object') {
    return `{${Object.keys(value).sort().map((key) => `${JSON.stringify(key)}:${stableJson((value as Record<string, unknown>)[key])}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'undefined';
}
