import type { ClassSummary, SuiteReport } from '../report.js';
import { STUDY_TABLE, TASK_CLASSES } from '../study-table.js';
import { barChart, type Bar } from './bar-chart.js';
import { escapeHtml as e } from './escape-html.js';

const fixed = (value: number | null | undefined, digits: number): string => (value === null || value === undefined ? '–' : value.toFixed(digits));
const title = (taskClass: string): string => TASK_CLASSES.find((entry) => entry.taskClass === taskClass)?.title ?? taskClass;

const STYLE = `
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;margin:2rem auto;max-width:1100px;padding:0 1rem;color:#1f2328}
h1{font-size:1.5rem}h2{font-size:1.15rem;margin-top:2rem}
table{border-collapse:collapse;margin:.5rem 0;font-variant-numeric:tabular-nums}
th,td{border:1px solid #d0d7de;padding:.3rem .55rem;text-align:right;vertical-align:top}
th{background:#f6f8fa}td.text,th.text{text-align:left}
tr.study td{color:#59636e;font-style:italic}
tr.fail td{background:#fff5f5}
dl{display:grid;grid-template-columns:max-content 1fr;gap:.2rem 1rem}dt{font-weight:600}dd{margin:0}
code{font-size:.9em;background:#f6f8fa;padding:.1rem .3rem;border-radius:4px;word-break:break-all}
.note{color:#59636e;font-size:.9em}`;

/** The metrics table's columns: header, metric key (a data attribute tests read) and how to show it. */
const COLUMNS: readonly [string, string, (row: ClassSummary, k: number) => string][] = [
  ['SR', 'successRate', (row) => fixed(row.successRate, 2)],
  ['passed', 'successes', (row) => `${row.successes}/${row.runs}`],
  ['tasks', 'tasks', (row) => String(row.tasks)],
  ['mean steps', 'meanAgentSteps', (row) => fixed(row.meanAgentSteps, 1)],
  ['API calls', 'meanApiCalls', (row) => fixed(row.meanApiCalls, 1)],
  ['gym requests', 'meanWireCalls', (row) => fixed(row.meanWireCalls, 1)],
  ['tokens', 'meanTokens', (row) => fixed(row.meanTokens, 0)],
  ['US$', 'meanCostUsd', (row) => fixed(row.meanCostUsd, 4)],
  ['seconds', 'meanSeconds', (row) => fixed(row.meanSeconds, 2)],
  ['pass@k', 'passAtK', (row) => fixed(row.passAtK, 2)],
  ['pass^k', 'passHatK', (row) => fixed(row.passHatK, 2)],
];

function metricsTable(rows: readonly ClassSummary[], k: number, id: string): string {
  const head = `<tr><th class="text">Agent</th><th class="text">Task class</th>${COLUMNS.map(([name]) => `<th>${e(name.replace(/k$/, String(k)))}</th>`).join('')}</tr>`;
  const body = rows.map((row) => `<tr data-modality="${e(row.modality)}" data-class="${e(row.taskClass)}"><td class="text">cirro ${e(row.modality)}</td><td class="text">${e(title(row.taskClass))}</td>${COLUMNS.map(([, key, show]) => `<td data-metric="${key}">${e(show(row, k))}</td>`).join('')}</tr>`);
  return `<table id="${id}">${head}${body.join('')}</table>`;
}

function studyTable(report: SuiteReport): string {
  const modalities = new Set<string>(report.rows.map((row) => row.modality));
  const head = `<tr><th class="text">Agent</th>${TASK_CLASSES.map(({ title: name }) => `<th>${e(name)} SR</th><th>#steps</th>`).join('')}</tr>`;
  const ours = [...modalities].map((modality) => `<tr><td class="text">cirro ${e(modality)}</td>${TASK_CLASSES.map(({ taskClass }) => {
    const row = report.rows.find((candidate) => candidate.modality === modality && candidate.taskClass === taskClass);
    return `<td>${fixed(row?.successRate, 2)}</td><td>${fixed(row?.meanAgentSteps, 1)}</td>`;
  }).join('')}</tr>`);
  const theirs = STUDY_TABLE.filter((row) => modalities.has(row.modality)).map((row) => `<tr class="study"><td class="text">study: ${e(row.agent)}</td>${TASK_CLASSES.map(({ taskClass }) => `<td>${fixed(row.cells[taskClass].successRate, 2)}</td><td>${fixed(row.cells[taskClass].meanSteps, 2)}</td>`).join('')}</tr>`);
  return `<table id="study">${head}${ours.join('')}${theirs.join('')}</table>`;
}

function chart(report: SuiteReport): string {
  const modalities = [...new Set(report.rows.map((row) => row.modality))];
  const bars: Bar[] = [];
  for (const { taskClass, title: group } of TASK_CLASSES) {
    for (const modality of modalities) {
      const row = report.rows.find((candidate) => candidate.modality === modality && candidate.taskClass === taskClass);
      if (row) bars.push({ group, series: `cirro ${modality}`, value: row.successRate, reference: false });
    }
    for (const row of STUDY_TABLE.filter((candidate) => (modalities as string[]).includes(candidate.modality))) {
      if (report.rows.some((candidate) => candidate.taskClass === taskClass)) bars.push({ group, series: `study: ${row.agent}`, value: row.cells[taskClass].successRate, reference: true });
    }
  }
  return barChart(bars, `Success rate per task class: cirro ${modalities.join(', ')} and the study's agents`);
}

function faultSection(report: SuiteReport): string {
  if (!report.baseline || !report.faults) return '';
  const head = '<tr><th class="text">Agent</th><th class="text">Task class</th><th>SR clean</th><th>SR faults</th><th>gym requests clean</th><th>gym requests faults</th><th>faults hit</th><th>seconds clean</th><th>seconds faults</th></tr>';
  const body = report.rows.map((row) => {
    const clean = report.baseline!.find((candidate) => candidate.modality === row.modality && candidate.taskClass === row.taskClass);
    return `<tr data-modality="${e(row.modality)}" data-class="${e(row.taskClass)}"><td class="text">cirro ${e(row.modality)}</td><td class="text">${e(title(row.taskClass))}</td><td>${fixed(clean?.successRate, 2)}</td><td>${fixed(row.successRate, 2)}</td><td>${fixed(clean?.meanWireCalls, 1)}</td><td>${fixed(row.meanWireCalls, 1)}</td><td>${fixed(row.meanInjectedFaults, 1)}</td><td>${fixed(clean?.meanSeconds, 2)}</td><td>${fixed(row.meanSeconds, 2)}</td></tr>`;
  });
  return `<h2>Fault mode</h2><p>${e(`${Math.round(report.faults.rate * 100)}% of changing calls throttled and ${Math.round(report.faults.rate * 500) / 10}% of all calls failing with 500 InternalError (seed ${report.faults.seed}); the same trials ran without faults first.`)}</p><table id="faults">${head}${body.join('')}</table>`;
}

function runsTable(report: SuiteReport): string {
  const head = '<tr><th class="text">Task</th><th class="text">Class</th><th class="text">Modality</th><th>Trial</th><th class="text">Phrasing</th><th class="text">Result</th><th>Steps</th><th>API calls</th><th>Gym requests</th><th>Seconds</th><th class="text">Why it failed</th></tr>';
  const body = report.runs.map((run) => `<tr class="${run.success ? 'pass' : 'fail'}" data-task="${e(run.taskId)}" data-modality="${e(run.modality)}"><td class="text">${e(run.taskId)}</td><td class="text">${e(run.taskClass)}</td><td class="text">${e(run.modality)}</td><td>${run.trial + 1}</td><td class="text">${e(run.phrasing)}</td><td class="text">${run.success ? 'pass' : run.knownGap ? 'known gap' : 'FAIL'}</td><td>${run.agentSteps}</td><td>${run.apiCalls}</td><td>${fixed(run.wire?.calls, 0)}</td><td>${run.seconds.toFixed(2)}</td><td class="text">${e(run.reason ?? '')}${run.knownGap ? `<br><span class="note">known gap: ${e(run.knownGap)}</span>` : ''}</td></tr>`);
  return `<table id="runs">${head}${body.join('')}</table>`;
}

/**
 * The report as one self-contained HTML page (inline CSS and SVG, no script, nothing fetched): the
 * metrics per task class and modality, the study's Table 1 beside ours, a bar chart of success rates,
 * fault mode against its clean baseline, every run, and how the figures were made. Every value from
 * the run (phrasings, errors, the command line) is escaped.
 */
export function renderHtmlReport(report: SuiteReport): string {
  const k = report.trials.k;
  const how = report.trials.mode === 'trials' ? `${report.trials.trials} trials per task, phrasings drawn with seed ${report.trials.seed}` : 'every phrasing once';
  const context: [string, string][] = [
    ['Suite', report.suite], ['Brain', report.brain], ['Runs', `${report.runs.length} (${how}; pass@${k})`], ['Step limit', String(report.stepLimit)],
    ['Gym clock', Object.entries(report.clock).map(([modality, speed]) => `${speed}x for ${modality}`).join(', ')],
    ...(report.awsCli ? [['AWS CLI', report.awsCli] as [string, string]] : []),
    ['Command', report.context.command ?? '–'], ['Machine', report.context.machine ?? '–'], ['Date', report.context.date ?? '–'],
  ];
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${e(`cirro bench --suite ${report.suite}: ${report.brain}`)}</title><style>${STYLE}</style></head>
<body>
<h1>${e(`cirro bench --suite ${report.suite}`)}</h1>
<dl id="context">${context.map(([name, value]) => `<dt>${e(name)}</dt><dd>${name === 'Command' ? `<code>${e(value)}</code>` : e(value)}</dd>`).join('')}</dl>
<h2>Success rate per task class</h2>
<figure id="chart">${chart(report)}<figcaption class="note">Solid bars: this run. Light bars: the study's Table 1 (Azure, GPT-4-based agents).</figcaption></figure>
<h2>Per task class and modality</h2>
${metricsTable(report.rows, k, 'metrics')}
<p class="note">SR counts every run; mean steps and API calls count successful runs (as the study does); gym requests, tokens, cost and seconds are per run. pass@${k} is the chance that at least one of ${k} trials passes and pass^${k} that all ${k} do (unbiased estimators from each task's trials, averaged over tasks).</p>
<h2>Beside the study's Table 1</h2>
${studyTable(report)}
<p class="note">Only success rates compare directly: the study counts a step as one model action; the embedded brain's step is one executed plan step.</p>
${faultSection(report)}
<h2>Every run</h2>
${runsTable(report)}
</body></html>
`;
}
