import { deriveSeed } from './trials.js';

/** Fault mode: the gym throttles and fails a seeded share of calls while the agent runs. */
export interface FaultMode {
  /** The share of changing calls throttled; half of it is the share of all calls failing with a 500. */
  readonly rate: number;
  readonly seed: number;
}

/** What the gym saw while an agent ran. */
export interface WireCount {
  /** AWS API requests the gym answered, every retry included. */
  readonly calls: number;
  /** Of those, the ones a fault rule failed. */
  readonly injected: number;
}

/** The default share of changing calls throttled in fault mode. */
export const DEFAULT_FAULT_RATE = 0.1;

/**
 * The gym's fault rules for one run: `rate` of changing calls throttled (RequestLimitExceeded /
 * Throttling, as AWS throttles), and `rate / 2` of all calls failing with 500 InternalError (a
 * transient server fault), each from its own generator seeded from the run.
 */
export function faultRules(mode: FaultMode, ...run: readonly (string | number)[]): Record<string, unknown>[] {
  return [
    { operation: '*', throttle: true, rate: mode.rate, seed: deriveSeed(mode.seed, 'throttle', ...run), mutatingOnly: true },
    { operation: '*', error: { code: 'InternalError', message: 'We encountered an internal error. Please try again.', status: 500 }, rate: mode.rate / 2, seed: deriveSeed(mode.seed, 'error', ...run) },
  ];
}

/** Clears the gym's fault rules and counts, then adds `rules`. */
export async function armFaults(endpoint: string, rules: readonly Record<string, unknown>[]): Promise<void> {
  await admin(endpoint, 'DELETE', '/_gym/faults');
  for (const rule of rules) await admin(endpoint, 'POST', '/_gym/faults', rule);
}

/** Reads the calls and faults the gym counted since armFaults, and clears its rules. */
export async function disarmFaults(endpoint: string): Promise<WireCount> {
  const { calls, injected } = (await admin(endpoint, 'GET', '/_gym/faults')) as WireCount;
  await admin(endpoint, 'DELETE', '/_gym/faults');
  return { calls, injected };
}

async function admin(endpoint: string, method: string, path: string, body?: unknown): Promise<unknown> {
  const response = await fetch(`${endpoint}${path}`, { method, ...(body === undefined ? {} : { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }) });
  if (!response.ok) throw new Error(`the gym at ${endpoint} refused ${method} ${path}: ${response.status} ${await response.text()}`);
  return response.json();
}
