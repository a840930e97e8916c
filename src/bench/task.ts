import type { AgentAnswer } from './agents/bench-agent.js';
import type { Modality } from '../agent/router.js';
import type { TaskClass } from '../plan/intent.js';
import type { BenchCloud } from './bench-cloud.js';

/** What a task's set-up made, by name (ids and ARNs its check needs). */
export type Fixture = Readonly<Record<string, string>>;

/** Why a task is expected to fail for now; shown in every report that includes it. */
export interface KnownGap {
  readonly reason: string;
  /** The modalities it fails in (default: all). */
  readonly modalities?: readonly Modality[];
  /** The phrasings it fails for, by index (default: all). */
  readonly phrasings?: readonly number[];
}

/** One task of a suite: a world to start from, ways people ask for it, and how to tell it was done. */
export interface BenchTask {
  /** Stable, kebab-case (`update-convert-to-spot`); `cirro bench --task` takes it. */
  readonly id: string;
  readonly taskClass: TaskClass;
  /** One line a report shows. */
  readonly title: string;
  /** At least three, varied: different verbs, word order, detail. */
  readonly phrasings: readonly string[];
  /** Builds the starting world with the SDK directly (never Cirro's code). */
  readonly setup?: (cloud: BenchCloud) => Promise<Fixture>;
  /**
   * Judges the cloud afterwards (or the answer, for questions) with the SDK directly; returns the
   * problems found, empty when the task was done.
   */
  readonly check: (cloud: BenchCloud, fixture: Fixture, result: AgentAnswer) => Promise<readonly string[]>;
  readonly knownGap?: KnownGap;
}

/** A named list of tasks. */
export interface BenchSuite {
  readonly name: string;
  readonly description: string;
  readonly tasks: readonly BenchTask[];
}

/** Collects the problems a check finds. */
export class Findings {
  readonly problems: string[] = [];

  /** Records `problem` unless `condition` holds. */
  expect(condition: boolean, problem: string): this {
    if (!condition) this.problems.push(problem);
    return this;
  }
}

/** True when a known gap covers this modality and phrasing. */
export function gapApplies(gap: KnownGap | undefined, modality: Modality, phrasingIndex: number): boolean {
  if (!gap) return false;
  return (!gap.modalities || gap.modalities.includes(modality)) && (!gap.phrasings || gap.phrasings.includes(phrasingIndex));
}
