import type { Modality } from '../agent/router.js';
import type { TaskClass } from '../plan/intent.js';
import type { RunRecord } from './harness.js';

/** The study's task classes, in Table 1's order, with its column titles. */
export const TASK_CLASSES: readonly { readonly taskClass: TaskClass; readonly title: string }[] = [
  { taskClass: 'provisioning', title: 'Provisioning' },
  { taskClass: 'update', title: 'Updates' },
  { taskClass: 'monitoring', title: 'Monitoring' },
];

/** One cell of the table: a task class in a modality. */
export interface ClassSummary {
  readonly taskClass: TaskClass;
  readonly modality: Modality;
  readonly runs: number;
  readonly successes: number;
  /** successes / runs (known gaps count as failures: they are). */
  readonly successRate: number;
  /** Mean agent steps over the successful runs, as the study counts them. */
  readonly meanAgentSteps: number | null;
  readonly meanApiCalls: number | null;
  readonly meanSeconds: number | null;
  readonly knownGapRuns: number;
}

/** A whole benchmark's outcome. */
export interface SuiteReport {
  readonly suite: string;
  readonly brain: string;
  /** The gym's clock speed (simulated seconds per real second) per modality. */
  readonly clock: Readonly<Partial<Record<Modality, number>>>;
  readonly awsCli: string | null;
  readonly rows: readonly ClassSummary[];
  readonly failures: readonly RunRecord[];
  readonly runs: readonly RunRecord[];
}

const mean = (values: readonly number[]): number | null => (values.length ? Math.round((values.reduce((sum, value) => sum + value, 0) / values.length) * 100) / 100 : null);

/** Aggregates runs per task class and modality. */
export function summarize(runs: readonly RunRecord[], meta: Pick<SuiteReport, 'suite' | 'brain' | 'clock' | 'awsCli'>): SuiteReport {
  const modalities = [...new Set(runs.map((run) => run.modality))];
  const rows: ClassSummary[] = [];
  for (const modality of modalities) {
    for (const { taskClass } of TASK_CLASSES) {
      const cell = runs.filter((run) => run.modality === modality && run.taskClass === taskClass);
      if (cell.length === 0) continue;
      const good = cell.filter((run) => run.success);
      rows.push({
        taskClass, modality, runs: cell.length, successes: good.length,
        successRate: Math.round((good.length / cell.length) * 1000) / 1000,
        meanAgentSteps: mean(good.map((run) => run.agentSteps)),
        meanApiCalls: mean(good.map((run) => run.apiCalls)),
        meanSeconds: mean(cell.map((run) => run.seconds)),
        knownGapRuns: cell.filter((run) => run.knownGap).length,
      });
    }
  }
  return { ...meta, rows, failures: runs.filter((run) => !run.success), runs };
}

const fixed = (value: number | null, digits: number): string => (value === null ? '-' : value.toFixed(digits));

function table(header: readonly string[], body: readonly (readonly string[])[]): string[] {
  const widths = header.map((cell, column) => Math.max(cell.length, ...body.map((row) => row[column]!.length)));
  const line = (row: readonly string[]) => row.map((cell, column) => cell.padEnd(widths[column]!)).join('  ').trimEnd();
  return [line(header), line(widths.map((width) => '-'.repeat(width))), ...body.map(line)];
}

/** The report as text: Table 1's shape (SR and mean steps), then API calls and wall time, then failures. */
export function formatReport(report: SuiteReport): string {
  const modalities = [...new Set(report.rows.map((row) => row.modality))];
  const classes = TASK_CLASSES.filter(({ taskClass }) => report.rows.some((row) => row.taskClass === taskClass));
  const cell = (modality: Modality, taskClass: TaskClass) => report.rows.find((row) => row.modality === modality && row.taskClass === taskClass);
  const lines = [
    `cirro bench --suite ${report.suite}: ${report.runs.length} runs, brain ${report.brain}, gym clock ${Object.entries(report.clock).map(([modality, speed]) => `${speed}x for ${modality}`).join(', ') || 'as configured'}${report.awsCli ? `, AWS CLI ${report.awsCli}` : ''}`,
    '',
    'Success rate (SR) and mean agent steps of successful runs, per task class (the shape of the study\'s Table 1):',
    ...table(
      ['Agent', ...classes.flatMap(({ title }) => [`${title} SR`, '#steps'])],
      modalities.map((modality) => [`cirro ${modality}`, ...classes.flatMap(({ taskClass }) => {
        const found = cell(modality, taskClass);
        return found ? [`${fixed(found.successRate, 2)} (${found.successes}/${found.runs})`, fixed(found.meanAgentSteps, 1)] : ['-', '-'];
      })]),
    ),
    '',
    'Mean API calls (successful runs) and mean wall seconds per run (ask() only):',
    ...table(
      ['Agent', ...classes.flatMap(({ title }) => [`${title} calls`, 'seconds'])],
      modalities.map((modality) => [`cirro ${modality}`, ...classes.flatMap(({ taskClass }) => {
        const found = cell(modality, taskClass);
        return found ? [fixed(found.meanApiCalls, 1), fixed(found.meanSeconds, 2)] : ['-', '-'];
      })]),
    ),
  ];
  lines.push('');
  if (report.failures.length === 0) lines.push('Failures: none.');
  else {
    lines.push(`Failures (${report.failures.length}):`);
    for (const run of report.failures) {
      lines.push(`  ${run.taskId} [${run.modality}] "${run.phrasing}": ${run.reason ?? run.decision}`);
      if (run.knownGap) lines.push(`    known gap: ${run.knownGap}`);
    }
  }
  return lines.join('\n');
}
