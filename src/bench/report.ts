import type { Modality } from '../agent/router.js';
import type { TaskClass } from '../plan/intent.js';
import type { FaultMode } from './fault-mode.js';
import type { RunRecord } from './harness.js';
import { averagePassRates } from './metrics/pass-at-k.js';
import { TASK_CLASSES } from './study-table.js';

export { TASK_CLASSES } from './study-table.js';
export { formatReport } from './report-text.js';

/** One cell of the table: a task class in a modality. */
export interface ClassSummary {
  readonly taskClass: TaskClass;
  readonly modality: Modality;
  readonly tasks: number;
  readonly runs: number;
  readonly successes: number;
  /** successes / runs (known gaps count as failures: they are). */
  readonly successRate: number;
  /** Mean agent steps over the successful runs, as the study counts them. */
  readonly meanAgentSteps: number | null;
  /** Mean API calls the agent counted, over the successful runs. */
  readonly meanApiCalls: number | null;
  /** Mean requests the gym answered per run (every run, retries included). */
  readonly meanWireCalls: number | null;
  /** Mean faults the gym injected per run (fault mode). */
  readonly meanInjectedFaults: number | null;
  /** Mean tokens (input + output) per run; null for brains without a model. */
  readonly meanTokens: number | null;
  /** Mean US dollars per run; null when unknown. */
  readonly meanCostUsd: number | null;
  readonly meanSeconds: number | null;
  /** pass@k averaged over the class's tasks; null when some task ran fewer than k trials. */
  readonly passAtK: number | null;
  /** pass^k ("passes all k") averaged over the class's tasks. */
  readonly passHatK: number | null;
  readonly knownGapRuns: number;
}

/** How the runs were chosen, for the report's header. */
export interface TrialsInfo {
  /** `trials`: N seeded draws per task; `phrasings`: each phrasing once. */
  readonly mode: 'trials' | 'phrasings';
  readonly trials: number | null;
  readonly seed: number | null;
  /** The k of pass@k. */
  readonly k: number;
}

/** A whole benchmark's outcome. */
export interface SuiteReport {
  readonly suite: string;
  readonly brain: string;
  /** The gym's clock speed (simulated seconds per real second) per modality. */
  readonly clock: Readonly<Partial<Record<Modality, number>>>;
  readonly awsCli: string | null;
  readonly trials: TrialsInfo;
  readonly stepLimit: number;
  /** Fault mode's rate and seed; null for a clean run. */
  readonly faults: FaultMode | null;
  /** The command line, the machine and the date, for whoever reads the report later. */
  readonly context: { readonly command: string | null; readonly machine: string | null; readonly date: string | null };
  readonly rows: readonly ClassSummary[];
  /** Fault mode: the same trials without faults, to compare with. */
  readonly baseline: readonly ClassSummary[] | null;
  readonly failures: readonly RunRecord[];
  readonly runs: readonly RunRecord[];
}

/** What summarize() needs besides the runs (all but the first four have defaults). */
export type ReportMeta = Pick<SuiteReport, 'suite' | 'brain' | 'clock' | 'awsCli'> & Partial<Pick<SuiteReport, 'trials' | 'stepLimit' | 'faults' | 'context'>> & {
  readonly baselineRuns?: readonly RunRecord[];
};

const round = (value: number, digits = 2): number => Math.round(value * 10 ** digits) / 10 ** digits;
const mean = (values: readonly number[]): number | null => (values.length ? round(values.reduce((sum, value) => sum + value, 0) / values.length) : null);
const meanOf = (values: readonly (number | null | undefined)[]): number | null => (values.some((value) => value === null || value === undefined) ? null : mean(values as number[]));

/** Aggregates runs per task class and modality. */
export function summarizeRows(runs: readonly RunRecord[], k: number): ClassSummary[] {
  const modalities = [...new Set(runs.map((run) => run.modality))];
  const rows: ClassSummary[] = [];
  for (const modality of modalities) {
    for (const { taskClass } of TASK_CLASSES) {
      const cell = runs.filter((run) => run.modality === modality && run.taskClass === taskClass);
      if (cell.length === 0) continue;
      const good = cell.filter((run) => run.success);
      const taskIds = [...new Set(cell.map((run) => run.taskId))];
      const tallies = taskIds.map((id) => {
        const ofTask = cell.filter((run) => run.taskId === id);
        return { trials: ofTask.length, successes: ofTask.filter((run) => run.success).length };
      });
      const rates = averagePassRates(tallies, k);
      rows.push({
        taskClass, modality, tasks: taskIds.length, runs: cell.length, successes: good.length,
        successRate: round(good.length / cell.length, 3),
        meanAgentSteps: mean(good.map((run) => run.agentSteps)),
        meanApiCalls: mean(good.map((run) => run.apiCalls)),
        meanWireCalls: meanOf(cell.map((run) => run.wire?.calls)),
        meanInjectedFaults: meanOf(cell.map((run) => run.wire?.injected)),
        meanTokens: meanOf(cell.map((run) => (run.tokens ? run.tokens.inputTokens + run.tokens.outputTokens : null))),
        meanCostUsd: meanOf(cell.map((run) => run.costUsd)) === null ? null : round(cell.reduce((sum, run) => sum + run.costUsd!, 0) / cell.length, 5),
        meanSeconds: mean(cell.map((run) => run.seconds)),
        passAtK: rates ? round(rates.passAtK, 3) : null,
        passHatK: rates ? round(rates.passHatK, 3) : null,
        knownGapRuns: cell.filter((run) => run.knownGap).length,
      });
    }
  }
  return rows;
}

/** Aggregates a benchmark's runs into its report. */
export function summarize(runs: readonly RunRecord[], meta: ReportMeta): SuiteReport {
  const { baselineRuns, ...rest } = meta;
  const trials: TrialsInfo = meta.trials ?? { mode: 'phrasings', trials: null, seed: null, k: 1 };
  return {
    stepLimit: 100, faults: null, context: { command: null, machine: null, date: null }, ...rest, trials,
    rows: summarizeRows(runs, trials.k),
    baseline: baselineRuns ? summarizeRows(baselineRuns, trials.k) : null,
    failures: runs.filter((run) => !run.success),
    runs,
  };
}
