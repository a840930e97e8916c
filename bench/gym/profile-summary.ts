// Summarizes a V8 .cpuprofile (from node --cpu-prof, e.g. npm run bench:gym -- --profile DIR): the
// functions with the most self time and the most total time, so a hot spot is named without a browser.
// Usage: node <dist>/bench/gym/profile-summary.js FILE.cpuprofile [--top N] [--filter TEXT]
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { formatTable } from './stats.js';

interface ProfileNode {
  readonly id: number;
  readonly callFrame: { readonly functionName: string; readonly url: string; readonly lineNumber: number };
  readonly children?: readonly number[];
}

interface CpuProfile {
  readonly nodes: readonly ProfileNode[];
  readonly samples: readonly number[];
  readonly timeDeltas: readonly number[];
}

/** Self and total share of the samples per function (name, file and line). */
export interface FunctionCost {
  readonly name: string;
  readonly selfPercent: number;
  readonly totalPercent: number;
}

/**
 * Aggregates a profile's samples by function; total counts a function once per stack it is on. Samples
 * are counted rather than weighted by their time deltas: on a busy machine a descheduled process shows a
 * long delta that belongs to no function in particular.
 */
export function functionCosts(profile: CpuProfile): FunctionCost[] {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const parent = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  const self = new Map<string, number>();
  const total = new Map<string, number>();
  const share = 100 / Math.max(1, profile.samples.length);
  profile.samples.forEach((sample) => {
    const ms = share;
    const seen = new Set<string>();
    for (let id: number | undefined = sample, first = true; id !== undefined; id = parent.get(id), first = false) {
      const key = label(byId.get(id)!);
      if (first) self.set(key, (self.get(key) ?? 0) + ms);
      if (!seen.has(key)) total.set(key, (total.get(key) ?? 0) + ms);
      seen.add(key);
    }
  });
  return [...total].map(([name, totalPercent]) => ({ name, selfPercent: self.get(name) ?? 0, totalPercent }));
}

function label(node: ProfileNode): string {
  const frame = node.callFrame;
  const file = frame.url.replace(/^.*\/(dist[^/]*|node_modules)\//, '$1/').replace(/^file:\/\//, '');
  return `${frame.functionName || '(anonymous)'} ${file ? `${file}:${frame.lineNumber + 1}` : ''}`.trim();
}

function main(argv: string[]): void {
  const { values, positionals } = parseArgs({ args: argv, allowPositionals: true, options: { top: { type: 'string' }, filter: { type: 'string' } } });
  const top = Number(values.top ?? 25);
  for (const file of positionals) {
    const costs = functionCosts(JSON.parse(readFileSync(file, 'utf8')) as CpuProfile).filter((cost) => !values.filter || cost.name.includes(values.filter));
    const rows = (sort: 'selfPercent' | 'totalPercent') =>
      [...costs].sort((a, b) => b[sort] - a[sort]).slice(0, top)
        .map((cost) => [`${cost.selfPercent.toFixed(1)}%`, `${cost.totalPercent.toFixed(1)}%`, cost.name]);
    process.stdout.write(`${file}\n\nby self time\n${formatTable(['self', 'total', 'function'], rows('selfPercent'))}\n\n`);
    process.stdout.write(`by total time\n${formatTable(['self', 'total', 'function'], rows('totalPercent'))}\n\n`);
  }
}

if (process.argv[1]?.endsWith('profile-summary.js')) main(process.argv.slice(2));
