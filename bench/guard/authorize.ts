// Time per Cedar authorization, as the gateway pays it on every API call and `cirro ask` on every plan:
// authorize() with the memo off (every call evaluated by the engine), with the memo missing (a request
// never seen before), and with it hitting; and authorizePlan over a 10-step plan, cold and warm.
// Usage: node <dist>/bench/guard/authorize.js [--samples N]
import { cpus, loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { sampleInventory, SAMPLE_IDS } from '../../src/cloud/testing/sample-inventory.js';
import { createAuthorizer } from '../../src/guard/authorization/index.js';
import { authorizePlan } from '../../src/guard/authorization/plan-authorization.js';
import type { AuthorizationRequest, Authorizer } from '../../src/guard/authorization/types.js';
import { instancesNamed, planFor } from '../../src/guard/testing/plan-fixtures.js';
import type { Plan } from '../../src/plan/plan.js';
import { formatTable, percentile } from '../gym/stats.js';

const { values } = parseArgs({ options: { samples: { type: 'string', default: '20000' } } });
const samples = Number(values.samples);
if (!Number.isInteger(samples) || samples < 100) throw new Error(`--samples must be a whole number of at least 100, not ${values.samples}`);

/** A project role and an extra policy, so the set is the size a real project has, not just the built-ins. */
const PROJECT = {
  roles: { deployer: 'permit (principal in Cirro::Role::"deployer", action in [Cirro::Action::"read", Cirro::Action::"create", Cirro::Action::"update"], resource) when { resource.hasTag("team") && resource.getTag("team") == "web" };' },
  policies: '@id("payments-stay") forbid (principal, action in Cirro::Action::"delete", resource) when { resource.hasTag("team") && resource.getTag("team") == "payments" };',
};

function authorizer(cacheSize?: number): Authorizer {
  const created = createAuthorizer({ ...PROJECT, ...(cacheSize !== undefined ? { cacheSize } : {}) });
  if (!created.ok) throw new Error(created.error);
  return created.value;
}

/** Requests the way the gateway sends them: several roles, actions and effects over many tagged resources. */
function requests(count: number, unique: boolean): AuthorizationRequest[] {
  const shapes: [string, string, AuthorizationRequest['effect']][] = [
    ['ec2:DescribeInstances', 'ec2:DescribeInstances', 'read'], ['ec2:CreateTags', 'ec2:CreateTags', 'update-live'],
    ['ec2:TerminateInstances', 'ec2:TerminateInstances', 'delete'], ['ec2:RunInstances', 'ec2:RunInstances', 'create'],
  ];
  const roles = ['operator', 'reader', 'deployer', 'admin'];
  return Array.from({ length: count }, (_, index) => {
    const [action, , effect] = shapes[index % shapes.length]!;
    const resourceIndex = unique ? index : index % 64;
    return {
      role: roles[(index >> 2) % roles.length]!, agent: 'bench', action, effect,
      resource: { kind: 'instance', id: `i-${resourceIndex.toString(16).padStart(17, '0')}`, tags: { Name: `web-${resourceIndex}`, env: resourceIndex % 3 === 0 ? 'prod' : 'dev', team: resourceIndex % 2 ? 'web' : 'payments' } },
    };
  });
}

/** Microseconds per call of `run(i)`, one sample per call, after a warm-up. */
function measure(count: number, run: (index: number) => void): number[] {
  for (let index = 0; index < Math.min(2000, count); index++) run(index);
  const times: number[] = [];
  for (let index = 0; index < count; index++) {
    const start = process.hrtime.bigint();
    run(index);
    times.push(Number(process.hrtime.bigint() - start) / 1000);
  }
  return times.sort((a, b) => a - b);
}

/** A 10-step plan over the sample shop: api-1 switched to spot (9 steps) and web-3 terminated. */
function tenStepPlan(): Plan {
  const spot = planFor({ type: 'set-market', targets: instancesNamed('api-1'), market: 'spot' });
  const terminate = planFor({ type: 'instance-power', action: 'terminate', targets: { kind: 'instance', selector: { by: 'id', id: SAMPLE_IDS.web3 } } });
  const steps = [...spot.steps, ...terminate.steps.map((step, index) => ({ ...step, id: `s${spot.steps.length + index + 1}` }))].slice(0, 10);
  if (steps.length !== 10) throw new Error(`expected a 10-step plan, got ${steps.length} steps`);
  return { ...spot, steps };
}

function row(name: string, times: readonly number[]): string[] {
  return [name, String(times.length), percentile(times, 0.5).toFixed(1), percentile(times, 0.99).toFixed(1)];
}

const createStart = process.hrtime.bigint();
authorizer(0);
const createMs = Number(process.hrtime.bigint() - createStart) / 1e6;

const engine = authorizer(0);
const repeated = requests(samples, false);
const fresh = requests(samples + 2000, true);
const memo = authorizer();
const missing = authorizer();
const rows = [
  row('authorize(), memo off (engine every call)', measure(samples, (index) => engine.authorize(repeated[index]!))),
  row('authorize(), memo miss (new request)', measure(samples, (index) => missing.authorize(fresh[index]!))),
  row('authorize(), memo hit', measure(samples, (index) => memo.authorize(repeated[index % 256]!))),
];
const plan = tenStepPlan();
const inventory = sampleInventory();
const who = { role: 'operator', agent: 'bench' };
const planSamples = Math.max(100, Math.floor(samples / 10));
rows.push(row('authorizePlan, 10 steps, memo off', measure(planSamples, () => authorizePlan(plan, inventory, engine, who))));
rows.push(row('authorizePlan, 10 steps, memo warm', measure(planSamples, () => authorizePlan(plan, inventory, memo, who))));

console.log(`Cedar authorization (cedar-wasm, stateful, preparsed policy set of 6 policies); ${cpus()[0]?.model ?? 'unknown CPU'} ×${cpus().length}, Node ${process.version}, load ${loadavg()[0]!.toFixed(2)}`);
console.log(`createAuthorizer (parse and preparse): ${createMs.toFixed(1)} ms\n`);
console.log(formatTable(['what', 'samples', 'p50 µs', 'p99 µs'], rows));
