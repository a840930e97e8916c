import { existsSync, statSync } from 'node:fs';
import { dirname, extname, resolve } from 'node:path';
import type { AgentKind } from '../../bench/agents/create-agent.js';
import { DEFAULT_FAULT_RATE, type FaultMode } from '../../bench/fault-mode.js';
import type { BenchSuite } from '../../bench/task.js';
import type { TrialMode } from '../../bench/trials.js';
import { suggestNames } from '../../cloud/similar-names.js';
import { parseModelSpec } from '../../agent/llm/providers.js';

/** The modalities `cirro bench --modality` accepts. */
export const BENCH_MODALITIES = ['sdk', 'cli', 'iac'] as const;

/** The flags as parseArgs gives them. */
export interface BenchFlags {
  readonly suite?: string | undefined;
  readonly brain?: string | undefined;
  readonly agent?: string | undefined;
  readonly modality?: string | undefined;
  readonly task?: string[] | undefined;
  readonly phrasings?: string | undefined;
  readonly trials?: string | undefined;
  readonly seed?: string | undefined;
  readonly k?: string | undefined;
  readonly 'step-limit'?: string | undefined;
  readonly faults?: boolean | undefined;
  readonly 'fault-rate'?: string | undefined;
  readonly speed?: string | undefined;
  readonly report?: string | undefined;
}

/** What a valid command line asks for. */
export interface BenchOptions {
  readonly suite: BenchSuite;
  readonly brain: string;
  readonly kind: AgentKind;
  readonly modalities: readonly (typeof BENCH_MODALITIES)[number][];
  readonly taskIds: readonly string[];
  readonly trials: TrialMode;
  readonly k: number;
  readonly stepLimit: number;
  readonly faults: FaultMode | null;
  readonly speed: number | undefined;
  readonly report: { readonly path: string; readonly format: 'json' | 'html' } | null;
}

/** Checks every flag; returns the options, or every problem found (each naming the flag and the fix). */
export function parseBenchOptions(flags: BenchFlags, suites: Readonly<Record<string, BenchSuite>>): { options: BenchOptions } | { problems: string[] } {
  const problems: string[] = [];
  const names = [...Object.keys(suites), 'all'];
  const suite = !flags.suite ? undefined : flags.suite === 'all' ? allSuites(suites) : suites[flags.suite];
  if (!flags.suite) problems.push(`--suite is required; the suites are ${names.join(', ')}`);
  else if (!suite) problems.push(`--suite ${flags.suite} is not a suite; the suites are ${names.join(', ')}`);

  const brain = (flags.brain ?? 'embedded').trim();
  // `scripted` is a test facility: the modality agents against a mock provider replying with an oracle.
  if (brain !== 'embedded' && brain !== 'scripted') {
    const parsed = parseModelSpec(brain);
    if (!parsed.success) problems.push(`--brain ${brain}: ${parsed.error.message}; or use --brain embedded`);
  }
  const kind = (flags.agent ?? (brain === 'embedded' ? 'planner' : 'modality')) as AgentKind;
  if (brain === 'scripted' && kind === 'planner') problems.push('--brain scripted plays the modality agents only; drop --agent planner');
  if (!['planner', 'modality'].includes(kind)) problems.push(`--agent ${flags.agent}: use planner (the model proposes Cirro plans) or modality (the model writes SDK programs or CLI commands itself)`);
  else if (brain === 'embedded' && kind === 'modality') problems.push('--agent modality needs a model: the embedded brain only plans; use --brain provider:model, or drop --agent');

  const modalities = (flags.modality ?? 'sdk,cli').split(',').map((item) => item.trim()).filter(Boolean);
  const badModalities = modalities.filter((item) => !(BENCH_MODALITIES as readonly string[]).includes(item));
  if (badModalities.length) problems.push(`--modality ${badModalities.join(',')}: not a modality; use a comma-separated list of ${BENCH_MODALITIES.join(', ')}`);
  if (modalities.length === 0) problems.push(`--modality is empty; use a comma-separated list of ${BENCH_MODALITIES.join(', ')}`);
  if (brain === 'scripted' && modalities.includes('iac')) problems.push('--brain scripted cannot play the iac modality: its oracle writes templates only for new instances, volumes and groups; use --modality sdk,cli');

  const taskIds = (flags.task ?? []).flatMap((item) => item.split(',')).map((item) => item.trim()).filter(Boolean);
  if (suite) {
    for (const id of taskIds.filter((candidate) => !suite.tasks.some((task) => task.id === candidate))) {
      const ids = suite.tasks.map((task) => task.id);
      const near = [...new Set([...ids.filter((candidate) => candidate.includes(id)), ...suggestNames(id, ids, 3)])];
      problems.push(`--task ${id}: the ${suite.name} suite has no such task${near.length ? ` (did you mean ${near.slice(0, 3).join(', ')}?)` : ''}; 'cirro bench --suite ${suite.name} --list' lists them`);
    }
  }

  const phrasings = wholeNumber(flags.phrasings, '--phrasings', 1, 100, problems);
  const trials = wholeNumber(flags.trials, '--trials', 1, 1000, problems);
  const seed = wholeNumber(flags.seed, '--seed', 0, 0xffffffff, problems);
  const k = wholeNumber(flags.k, '--k', 1, 1000, problems);
  if (phrasings !== undefined && trials !== undefined) problems.push('--phrasings and --trials choose runs two ways (each phrasing once, or N seeded draws); give one of them');
  if (seed !== undefined && trials === undefined) problems.push('--seed chooses the phrasings of --trials; give --trials N too');
  if (k !== undefined && trials === undefined) problems.push('--k needs --trials N (pass@k is over a task\'s trials)');
  if (k !== undefined && trials !== undefined && k > trials) problems.push(`--k ${k} is more than --trials ${trials}; pass@k needs k <= trials`);
  const stepLimit = wholeNumber(flags['step-limit'], '--step-limit', 1, 10_000, problems) ?? 100;

  const rateText = flags['fault-rate'];
  const rate = rateText === undefined ? DEFAULT_FAULT_RATE : Number(rateText);
  if (rateText !== undefined && (!Number.isFinite(rate) || rate <= 0 || rate > 0.5)) problems.push(`--fault-rate ${rateText} is not a share above 0 and at most 0.5 (0.1 throttles 10% of changing calls)`);
  const faults = flags.faults || rateText !== undefined ? { rate, seed: seed ?? 1 } : null;

  const speed = wholeNumber(flags.speed, '--speed', 1, 100_000, problems);
  const report = reportTarget(flags.report, problems);
  if (problems.length) return { problems };
  return {
    options: {
      suite: suite!, brain, kind, modalities: modalities as BenchOptions['modalities'], taskIds,
      trials: trials !== undefined ? { type: 'trials', trials, seed: seed ?? 1 } : { type: 'phrasings', phrasingsPerTask: phrasings },
      k: k ?? trials ?? 1, stepLimit, faults, speed, report,
    },
  };
}

/** Every suite's tasks, as one suite. */
function allSuites(suites: Readonly<Record<string, BenchSuite>>): BenchSuite {
  return { name: 'all', description: 'every suite', tasks: Object.values(suites).flatMap((suite) => suite.tasks) };
}

function reportTarget(path: string | undefined, problems: string[]): BenchOptions['report'] {
  if (path === undefined) return null;
  const format = extname(path).toLowerCase() === '.html' ? 'html' : extname(path).toLowerCase() === '.json' ? 'json' : undefined;
  if (!format) {
    problems.push(`--report ${path}: name a .json file (the data) or an .html file (a page with the table and a chart)`);
    return null;
  }
  const folder = dirname(resolve(path));
  if (!existsSync(folder) || !statSync(folder).isDirectory()) {
    problems.push(`--report ${path}: the folder ${folder} does not exist; create it or name another path`);
    return null;
  }
  return { path: resolve(path), format };
}

function wholeNumber(text: string | undefined, flag: string, low: number, high: number, problems: string[]): number | undefined {
  if (text === undefined) return undefined;
  const value = Number(text);
  if (!Number.isInteger(value) || value < low || value > high) {
    problems.push(`${flag} ${text} is not a whole number from ${low} to ${high}`);
    return undefined;
  }
  return value;
}
