import { seededRandom } from '../core/random.js';
import type { BenchTask } from './task.js';

/** One run of a task to make: which trial, and the phrasing it asks with. */
export interface TrialPlan {
  readonly trial: number;
  readonly phrasingIndex: number;
}

/** How a task's runs are chosen. */
export type TrialMode =
  /** `trials` runs, each with a phrasing drawn from the task's set (seeded). */
  | { readonly type: 'trials'; readonly trials: number; readonly seed: number }
  /** Each phrasing once, at most `phrasingsPerTask` of them, rotating which from task to task. */
  | { readonly type: 'phrasings'; readonly phrasingsPerTask: number | undefined };

/**
 * A seed for one thing (a task's phrasings, a run's faults) derived from the run's seed and names
 * (FNV-1a), so a task draws the same phrasings whichever other tasks run with it.
 */
export function deriveSeed(seed: number, ...parts: readonly (string | number)[]): number {
  let hash = 0x811c9dc5;
  for (const character of `${seed}:${parts.join(':')}`) {
    hash ^= character.codePointAt(0)!;
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash;
}

/** The runs of one task, in order. */
export function planTrials(task: BenchTask, taskIndex: number, mode: TrialMode): TrialPlan[] {
  const available = task.phrasings.length;
  if (mode.type === 'trials') {
    const random = seededRandom(deriveSeed(mode.seed, 'phrasing', task.id));
    return Array.from({ length: mode.trials }, (_, trial) => ({ trial, phrasingIndex: random.integer(available) }));
  }
  return pickPhrasings(available, mode.phrasingsPerTask, taskIndex).map((phrasingIndex, trial) => ({ trial, phrasingIndex }));
}

/** The phrasing indexes a task runs: all, or `count` of them starting at a slot that rotates with the task. */
export function pickPhrasings(available: number, count: number | undefined, taskIndex: number): number[] {
  const take = Math.min(available, count ?? available);
  return Array.from({ length: take }, (_, offset) => (taskIndex + offset) % available).sort((a, b) => a - b);
}
