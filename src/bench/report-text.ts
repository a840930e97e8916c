import type { Modality } from '../agent/router.js';
import type { TaskClass } from '../plan/intent.js';
import type { ClassSummary, SuiteReport } from './report.js';
import { STUDY_TABLE, TASK_CLASSES } from './study-table.js';

const fixed = (value: number | null, digits: number): string => (value === null ? '-' : value.toFixed(digits));

function table(header: readonly string[], body: readonly (readonly string[])[]): string[] {
  const widths = header.map((cell, column) => Math.max(cell.length, ...body.map((row) => row[column]!.length)));
  const line = (row: readonly string[]) => row.map((cell, column) => cell.padEnd(widths[column]!)).join('  ').trimEnd();
  return [line(header), line(widths.map((width) => '-'.repeat(width))), ...body.map(line)];
}

/** One table: a row per modality, two columns per task class. */
function perClass(rows: readonly ClassSummary[], columns: readonly [string, string], cells: (row: ClassSummary) => [string, string], extra: readonly (readonly string[])[] = []): string[] {
  const modalities = [...new Set(rows.map((row) => row.modality))];
  const classes = TASK_CLASSES.filter(({ taskClass }) => rows.some((row) => row.taskClass === taskClass));
  const cell = (modality: Modality, taskClass: TaskClass) => rows.find((row) => row.modality === modality && row.taskClass === taskClass);
  return table(
    ['Agent', ...classes.flatMap(({ title }) => [`${title} ${columns[0]}`, columns[1]])],
    [
      ...modalities.map((modality) => [`cirro ${modality}`, ...classes.flatMap(({ taskClass }) => {
        const found = cell(modality, taskClass);
        return found ? cells(found) : ['-', '-'];
      })]),
      ...extra.map((row) => [row[0]!, ...classes.flatMap(({ taskClass }) => [row[TASK_CLASSES.findIndex((entry) => entry.taskClass === taskClass) * 2 + 1]!, row[TASK_CLASSES.findIndex((entry) => entry.taskClass === taskClass) * 2 + 2]!])]),
    ],
  );
}

/** The study's rows for the modalities in the report, as table rows. */
function studyRows(rows: readonly ClassSummary[]): string[][] {
  const modalities = new Set<string>(rows.map((row) => row.modality));
  return STUDY_TABLE.filter((row) => modalities.has(row.modality)).map((row) => [
    `study: ${row.agent}`, ...TASK_CLASSES.flatMap(({ taskClass }) => [fixed(row.cells[taskClass].successRate, 2), fixed(row.cells[taskClass].meanSteps, 2)]),
  ]);
}

function header(report: SuiteReport): string {
  const how = report.trials.mode === 'trials'
    ? `${report.trials.trials} trial${report.trials.trials === 1 ? '' : 's'} per task (phrasings drawn with seed ${report.trials.seed})`
    : 'every phrasing once';
  const clock = Object.entries(report.clock).map(([modality, speed]) => `${speed}x for ${modality}`).join(', ') || 'as configured';
  const faults = report.faults ? `, fault mode (${Math.round(report.faults.rate * 100)}% of changing calls throttled, ${Math.round((report.faults.rate / 2) * 1000) / 10}% of calls failing with 500, seed ${report.faults.seed})` : '';
  return `cirro bench --suite ${report.suite}: ${report.runs.length} runs, ${how}, brain ${report.brain}, gym clock ${clock}${report.awsCli ? `, AWS CLI ${report.awsCli}` : ''}${faults}`;
}

/** The report as text: Table 1's shape with the study's rows, then calls, time, tokens, pass@k, faults and failures. */
export function formatReport(report: SuiteReport): string {
  const k = report.trials.k;
  const lines = [
    header(report),
    '',
    'Success rate (SR) and mean agent steps of successful runs, per task class (the shape of the study\'s Table 1, its figures below ours):',
    ...perClass(report.rows, ['SR', '#steps'], (row) => [`${fixed(row.successRate, 2)} (${row.successes}/${row.runs})`, fixed(row.meanAgentSteps, 1)], studyRows(report.rows)),
    '',
    'Mean API calls (successful runs) and mean wall seconds per run (the agent\'s run only):',
    ...perClass(report.rows, ['calls', 'seconds'], (row) => [fixed(row.meanApiCalls, 1), fixed(row.meanSeconds, 2)]),
  ];
  if (report.rows.some((row) => row.meanTokens !== null)) {
    lines.push('', 'Mean tokens and cost (US$) per run:', ...perClass(report.rows, ['tokens', 'US$'], (row) => [fixed(row.meanTokens, 0), fixed(row.meanCostUsd, 4)]));
  }
  if (report.trials.mode === 'trials') {
    lines.push('', `pass@${k} (some of ${k} trials passes) and pass^${k} (all ${k} pass), averaged over tasks:`,
      ...perClass(report.rows, [`pass@${k}`, `pass^${k}`], (row) => [fixed(row.passAtK, 2), fixed(row.passHatK, 2)]));
  }
  if (report.baseline) lines.push('', ...faultTable(report.rows, report.baseline));
  lines.push('');
  if (report.failures.length === 0) lines.push('Failures: none.');
  else {
    lines.push(`Failures (${report.failures.length}):`);
    for (const run of report.failures) {
      lines.push(`  ${run.taskId} [${run.modality}]${report.trials.mode === 'trials' ? ` trial ${run.trial + 1}` : ''} "${run.phrasing}": ${run.reason ?? run.decision}`);
      if (run.knownGap) lines.push(`    known gap: ${run.knownGap}`);
    }
  }
  return lines.join('\n');
}

/** Fault mode against the same trials without faults: SR, requests the gym answered, faults, seconds. */
function faultTable(rows: readonly ClassSummary[], baseline: readonly ClassSummary[]): string[] {
  const body = rows.map((row) => {
    const clean = baseline.find((candidate) => candidate.modality === row.modality && candidate.taskClass === row.taskClass);
    const extra = (faulted: number | null, without: number | null | undefined, digits: number) => (faulted === null || without === null || without === undefined ? '-' : `${faulted - without >= 0 ? '+' : ''}${(faulted - without).toFixed(digits)}`);
    return [
      `cirro ${row.modality}`, row.taskClass, fixed(clean?.successRate ?? null, 2), fixed(row.successRate, 2),
      fixed(clean?.meanWireCalls ?? null, 1), fixed(row.meanWireCalls, 1), extra(row.meanWireCalls, clean?.meanWireCalls, 1), fixed(row.meanInjectedFaults, 1),
      fixed(clean?.meanSeconds ?? null, 2), fixed(row.meanSeconds, 2), extra(row.meanSeconds, clean?.meanSeconds, 2),
    ];
  });
  return [
    'Fault mode: the same trials without faults and with them (calls = requests the gym answered per run, retries included):',
    ...table(['Agent', 'Class', 'SR clean', 'SR faults', 'calls clean', 'calls faults', 'extra', 'faults hit', 's clean', 's faults', 'extra s'], body),
  ];
}
