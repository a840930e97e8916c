// Time the guard adds to every plan before it runs: checkPlan (compliance on the projected state, Cedar
// authorization per step and resource, risk), over every representative request of every intent type on
// the sample shop inventory, with the authorizer's memo cold (a new process) and warm.
// Usage: node <dist>/bench/guard/checks.js [--rounds N]
import { cpus, loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { sampleInventory } from '../../src/cloud/testing/sample-inventory.js';
import { createAuthorizer } from '../../src/guard/authorization/index.js';
import { checkPlan } from '../../src/guard/check-plan.js';
import { DEFAULT_POLICY_FILE } from '../../src/guard/policy-file/index.js';
import { planFor } from '../../src/guard/testing/plan-fixtures.js';
import type { Plan } from '../../src/plan/plan.js';
import { REPRESENTATIVE_REQUESTS } from '../../src/plan/testing/representative-requests.js';
import { formatTable, percentile } from '../gym/stats.js';

const { values } = parseArgs({ options: { rounds: { type: 'string', default: '200' } } });
const rounds = Number(values.rounds);
if (!Number.isInteger(rounds) || rounds < 10) throw new Error(`--rounds must be a whole number of at least 10, not ${values.rounds}`);

const inventory = sampleInventory();
const plans: Plan[] = [];
for (const intent of Object.values(REPRESENTATIVE_REQUESTS).flat()) {
  try {
    plans.push(planFor(intent, inventory));
  } catch {
    // A representative request that does not plan on this inventory (asks a question) is skipped.
  }
}
const changing = plans.filter((plan) => plan.steps.some((step) => step.effect !== 'read'));

function measure(cacheSize: number | undefined): number[] {
  const authorizer = createAuthorizer(cacheSize === undefined ? {} : { cacheSize });
  if (!authorizer.ok) throw new Error(authorizer.error);
  const options = { policy: DEFAULT_POLICY_FILE, authorizer: authorizer.value, role: 'operator', agent: 'bench' };
  const samples: number[] = [];
  for (let round = 0; round < rounds; round++) {
    for (const plan of changing) {
      const started = performance.now();
      checkPlan(plan, inventory, options);
      samples.push((performance.now() - started) * 1000);
    }
  }
  return samples;
}

measure(undefined); // warm the engine (WebAssembly compilation) before anything is timed
const cold = measure(0);
const warm = measure(undefined);
const steps = changing.map((plan) => plan.steps.length);
const row = (name: string, samples: number[]) => {
  const sorted = [...samples].sort((a, b) => a - b);
  return [name, percentile(sorted, 0.5).toFixed(0), percentile(sorted, 0.99).toFixed(0)];
};
process.stdout.write(`checkPlan over ${changing.length} changing plans (${Math.min(...steps)}-${Math.max(...steps)} steps) on a ${Object.values(inventory).filter(Array.isArray).flat().length}-resource inventory, ${rounds} rounds\n`);
process.stdout.write(`machine: ${cpus().length} x ${cpus()[0]?.model ?? 'cpu'}, load ${loadavg().map((load) => load.toFixed(1)).join(' ')}, node ${process.version}\n\n`);
process.stdout.write(`${formatTable(['checkPlan', 'p50 µs', 'p99 µs'], [row('authorizer memo off', cold), row('authorizer memo warm', warm)])}\n`);
