import type { LoadResult } from './load.js';
import { formatTable } from './stats.js';

/** One server's figures for one scenario. */
export interface ServerFigures extends LoadResult {
  /** Resident memory of the server at the end of the scenario, in MiB. */
  readonly residentMegabytes: number;
  /** Instances in the server's world, when the scenario built one (fewer than planned if its budget ran out). */
  readonly instances?: number;
  /** How the figures were taken when not by the usual load (a server too slow to load). */
  readonly note?: string;
}

/** One scenario's figures for every server that ran it. */
export interface ScenarioResult {
  readonly id: string;
  readonly operation: string;
  readonly world: string;
  readonly largeWorld: boolean;
  readonly servers: Readonly<Record<string, ServerFigures>>;
}

/** Cold starts of one server. */
export interface ColdStartResult {
  readonly medianMs: number;
  readonly runsMs: readonly number[];
  /** Median resident memory right after the first DescribeVpcs, in MiB. */
  readonly residentMegabytes: number;
}

/** A goal the issue sets, and whether this run met it. */
export interface TargetResult {
  readonly name: string;
  readonly goal: string;
  readonly measured: string;
  readonly met: boolean;
}

/** How a run was driven. */
export interface BenchSettings {
  readonly seconds: number;
  readonly warmupSeconds: number;
  readonly concurrency: number;
  readonly coldStarts: number;
  readonly largeInstances: number;
  readonly populateBudgetSeconds: number;
}

/** Everything one benchmark run measured (the --json output). */
export interface BenchResult {
  readonly format: 'cirro-gym-bench/1';
  readonly date: string;
  readonly machine: Readonly<Record<string, string | number>>;
  readonly settings: BenchSettings;
  readonly servers: Readonly<Record<string, string>>;
  readonly motoUnavailable: string | undefined;
  readonly coldStart: Readonly<Record<string, ColdStartResult>>;
  readonly scenarios: readonly ScenarioResult[];
  readonly targets: readonly TargetResult[];
}

/** moto's figures on this kind of machine as the issue quotes them; used only when moto cannot run here. */
export const MOTO_REFERENCE: Readonly<Record<string, number>> = {
  'describe-vpcs': 455,
  'run-instances': 152,
  'describe-instances': 9,
};

const SPEEDUP_GOAL = 5;
const COLD_START_GOAL_MS = 300;
const LOOKUP_P50_GOAL_MS = 5;

/** Checks the run against the issue's goals: cold start, throughput relative to moto, and the indexed lookup. */
export function evaluateTargets(coldStart: BenchResult['coldStart'], scenarios: readonly ScenarioResult[]): TargetResult[] {
  const targets: TargetResult[] = [];
  const gymStart = coldStart['gym'];
  if (gymStart) {
    targets.push({
      name: 'gym cold start to first answer',
      goal: `< ${COLD_START_GOAL_MS} ms`,
      measured: `${gymStart.medianMs.toFixed(0)} ms`,
      met: gymStart.medianMs < COLD_START_GOAL_MS,
    });
  }
  for (const scenario of scenarios) {
    const gym = scenario.servers['gym'];
    if (!gym) continue;
    if (scenario.largeWorld) {
      targets.push({
        name: `${scenario.operation} p50 (${scenario.world})`,
        goal: `< ${LOOKUP_P50_GOAL_MS} ms`,
        measured: `${gym.p50Ms.toFixed(2)} ms`,
        met: gym.errors === 0 && gym.p50Ms < LOOKUP_P50_GOAL_MS,
      });
      continue;
    }
    const moto = scenario.servers['moto'];
    const measuredMoto = moto && moto.requests > 0 ? moto : undefined;
    const baseline = measuredMoto ? measuredMoto.requestsPerSecond : MOTO_REFERENCE[scenario.id];
    if (baseline === undefined) continue;
    const speedup = gym.requestsPerSecond / baseline;
    targets.push({
      name: `${scenario.operation} throughput vs moto`,
      goal: `≥ ${SPEEDUP_GOAL}x ${measuredMoto ? 'moto (this run)' : 'moto (reference figure)'}`,
      measured: `${speedup.toFixed(1)}x (${fixed(gym.requestsPerSecond)} vs ${fixed(baseline)} req/s)`,
      met: gym.errors === 0 && speedup >= SPEEDUP_GOAL,
    });
  }
  return targets;
}

/** The human-readable report: throughput and latency per scenario, start and memory, then the goals. */
export function renderReport(result: BenchResult): string {
  const names = Object.keys(result.servers);
  const header = ['scenario', 'world'];
  for (const name of names) header.push(`${name} req/s`, `${name} p50`, `${name} p99`);
  if (names.includes('moto')) header.push('gym/moto');
  const rows = result.scenarios.map((scenario) => {
    const row = [scenario.operation, scenario.world];
    for (const name of names) {
      const figures = scenario.servers[name];
      row.push(
        figures ? `${fixed(figures.requestsPerSecond)}${figures.errors > 0 ? ` (${figures.errors} errors)` : ''}` : '-',
        figures ? `${figures.p50Ms.toFixed(2)} ms` : '-',
        figures ? `${figures.p99Ms.toFixed(2)} ms` : '-',
      );
    }
    const gym = scenario.servers['gym'];
    const moto = scenario.servers['moto'];
    // A ratio only compares like with like: the same world, both under the same load.
    const comparable = gym && moto && moto.requestsPerSecond > 0 && !gym.note && !moto.note && gym.instances === moto.instances;
    if (names.includes('moto')) row.push(comparable ? `${(gym.requestsPerSecond / moto.requestsPerSecond).toFixed(1)}x` : '-');
    return row;
  });
  const large = result.scenarios.find((scenario) => scenario.largeWorld);
  const startRows = names.map((name) => {
    const start = result.coldStart[name];
    const largeFigures = large?.servers[name];
    const memory = largeFigures?.residentMegabytes;
    const smaller = largeFigures?.instances !== undefined && largeFigures.instances < result.settings.largeInstances;
    return [
      name,
      start ? `${start.medianMs.toFixed(0)} ms` : '-',
      start ? `${Math.min(...start.runsMs).toFixed(0)}-${Math.max(...start.runsMs).toFixed(0)} ms` : '-',
      start ? `${start.residentMegabytes.toFixed(0)} MB` : '-',
      memory === undefined ? '-' : `${memory.toFixed(0)} MB${smaller ? ` (${largeFigures!.instances!.toLocaleString('en-US')} instances)` : ''}`,
    ];
  });
  const largeLabel = `RSS with ${result.settings.largeInstances.toLocaleString('en-US')} instances`;
  const sections = [
    `Throughput and latency (${result.settings.concurrency} requests in flight, ${result.settings.warmupSeconds} s warm-up, ${result.settings.seconds} s measured)`,
    formatTable(header, rows),
    '',
    `Cold start (median of ${result.settings.coldStarts}) and resident memory`,
    formatTable(['server', 'first answer', 'range', 'RSS after first call', largeLabel], startRows),
    '',
    'Targets',
    formatTable(['goal', 'target', 'measured', 'met'], result.targets.map((target) => [target.name, target.goal, target.measured, target.met ? 'yes' : 'NO'])),
  ];
  for (const scenario of result.scenarios) {
    for (const [name, figures] of Object.entries(scenario.servers)) {
      if (figures.note) sections.push('', `${name} ${scenario.operation}: ${figures.note}`);
    }
    const sizes = Object.entries(scenario.servers).filter(([, figures]) => figures.instances !== undefined);
    const largest = Math.max(...sizes.map(([, figures]) => figures.instances!));
    for (const [name, figures] of sizes) {
      if (figures.instances! < largest) {
        sections.push('', `${name} ran ${scenario.operation} in a world of ${figures.instances!.toLocaleString('en-US')} instances, not ${largest.toLocaleString('en-US')}: building it took longer than the populate budget.`);
      }
    }
  }
  if (result.motoUnavailable) sections.push('', `moto was not measured: ${result.motoUnavailable}`);
  return `${sections.join('\n')}\n`;
}

function fixed(value: number): string {
  return value >= 100 ? value.toFixed(0) : value.toFixed(1);
}
