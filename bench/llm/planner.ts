// The LLM planner benchmark: the tokens Cirro sends a model for each of the study's tasks, and the time
// Cirro itself spends per model turn (prompt building, trimming, parsing, validation), the model excluded.
// Usage: node <dist>/bench/llm/planner.js [--iterations N] [--json FILE] (npm run bench:llm runs it); the figures go into docs/benchmarks.md.
import { writeFileSync } from 'node:fs';
import { cpus, release, totalmem } from 'node:os';
import { parseArgs } from 'node:util';
import type { BrainContext } from '../../src/agent/brain/brain.js';
import { EmbeddedBrain } from '../../src/agent/brain/embedded-brain.js';
import { estimateTokens } from '../../src/agent/llm/planner/estimate-tokens.js';
import { inventoryView } from '../../src/agent/llm/planner/inventory-view.js';
import { LlmBrain } from '../../src/agent/llm/planner/llm-brain.js';
import { firstMessage, plannerTools, SYSTEM_PROMPT } from '../../src/agent/llm/planner/prompt.js';
import { ScriptedChatModel } from '../../src/agent/llm/testing/scripted-chat-model.js';
import { studySuite } from '../../src/bench/suites/study.js';
import { allResources, type InstanceView, type Inventory, type SecurityGroupView, type VolumeView } from '../../src/cloud/inventory.js';
import { sampleInventory } from '../../src/cloud/testing/sample-inventory.js';

const TARGET_TOKENS = 4000;
const INVENTORY_BUDGET = 1600;

/** The sample shop grown to `size` live resources: more instances, each with a disk, and a group per ten. */
function accountOf(size: number): Inventory {
  const base = sampleInventory();
  const instances: InstanceView[] = [...base.instances];
  const volumes: VolumeView[] = [...base.volumes];
  const groups: SecurityGroupView[] = [...base.securityGroups];
  const template = base.instances.find((instance) => instance.name === 'web-1')!;
  const templateGroup = base.securityGroups.find((group) => group.groupName === 'web-sg')!;
  const live = (inventory: Inventory) => allResources(inventory).filter((resource) => !(resource.kind === 'instance' && resource.state === 'terminated')).length;
  for (let index = 1; live({ ...base, instances, volumes, securityGroups: groups }) < size; index++) {
    const id = `i-0${index.toString(16).padStart(16, '7')}`;
    const name = `app-${index}`;
    const root = `vol-0${index.toString(16).padStart(16, '8')}`;
    instances.push({ ...template, id, name, tags: { Name: name, team: 'shop' }, privateIpAddress: `10.0.1.${(index % 250) + 2}`, publicIpAddress: undefined, volumes: [{ volumeId: root, device: '/dev/xvda', deleteOnTermination: true }] });
    volumes.push({ kind: 'volume', id: root, name: undefined, tags: {}, sizeGiB: 8, volumeType: 'gp3', iops: 3000, state: 'in-use', availabilityZone: 'us-east-1a', encrypted: true, attachment: { instanceId: id, device: '/dev/xvda', state: 'attached', deleteOnTermination: true } });
    if (index % 10 === 0) groups.push({ ...templateGroup, id: `sg-0${index.toString(16).padStart(16, '9')}`, name: `app-sg-${index / 10}`, groupName: `app-sg-${index / 10}` });
  }
  return { ...base, instances, volumes, securityGroups: groups };
}

function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { iterations: { type: 'string' }, json: { type: 'string' }, help: { type: 'boolean' } } });
  if (values.help) {
    process.stdout.write('Usage: npm run bench:llm -- [--iterations N] [--json FILE]\n');
    return;
  }
  const iterations = Number(values.iterations ?? 200);
  const inventory = accountOf(100);
  const resources = allResources(inventory).filter((resource) => !(resource.kind === 'instance' && resource.state === 'terminated'));
  const view = inventoryView(inventory, INVENTORY_BUDGET);
  const fixed = estimateTokens(SYSTEM_PROMPT) + estimateTokens(JSON.stringify(plannerTools()));
  const rows = studySuite.tasks.map((task) => {
    const tokens = task.phrasings.map((phrasing) => fixed + estimateTokens(firstMessage(view.text, phrasing)));
    const longest = task.phrasings[tokens.indexOf(Math.max(...tokens))]!;
    return { task: task.id, taskClass: task.taskClass, phrasings: task.phrasings.length, maxTokens: Math.max(...tokens), prompt: `${SYSTEM_PROMPT}\n${JSON.stringify(plannerTools())}\n${firstMessage(view.text, longest)}` };
  });
  const worst = Math.max(...rows.map((row) => row.maxTokens));

  // Cirro's time per model turn, with an in-memory model that answers at once: what is left is Cirro's.
  const context: BrainContext = { resources: resources.map((resource) => ({ kind: resource.kind, id: resource.id, name: resource.name })), inventory };
  const promptMs: number[] = [];
  const proposeMs: number[] = [];
  const readMs: number[] = [];
  const reviewMs: number[] = [];
  const reference = new EmbeddedBrain();
  for (let index = 0; index < iterations; index++) {
    let started = performance.now();
    firstMessage(inventoryView(inventory, INVENTORY_BUDGET).text, 'resize web-1 to t3.large');
    plannerTools();
    promptMs.push(performance.now() - started);
    const proposing = new ScriptedChatModel([{ toolCalls: [{ name: 'propose_plan', arguments: { intent: { type: 'resize', targets: { kind: 'instance', selector: { by: 'name', name: 'web-1' } }, instanceType: 't3.large' } } }] }]);
    started = performance.now();
    await new LlmBrain({ model: proposing, reference }).understand('resize web-1 to t3.large', context);
    proposeMs.push(performance.now() - started);
    const reading = new ScriptedChatModel([{ toolCalls: [{ name: 'query_inventory', arguments: { kind: 'instance' } }] }, { toolCalls: [{ name: 'answer', arguments: { text: 'many' } }] }]);
    started = performance.now();
    await new LlmBrain({ model: reading, reference }).understand('which instances are there?', context);
    readMs.push((performance.now() - started) / 2);
  }
  const plan = { intent: { type: 'resize' as const, targets: { kind: 'instance' as const, selector: { by: 'name' as const, name: 'web-1' } }, instanceType: 't3.large' }, summary: 'resize web-1', steps: [{ id: 's1', action: 'change web-1', effect: 'update-stop-start' as const, resource: { kind: 'instance' as const, id: inventory.instances[0]!.id }, call: { service: 'ec2' as const, operation: 'ModifyInstanceAttribute', input: { InstanceId: inventory.instances[0]!.id } }, dependsOn: [] }], advisories: [], postconditions: [] };
  const brain = new LlmBrain({ model: new ScriptedChatModel([]), reference });
  for (let index = 0; index < iterations; index++) {
    const started = performance.now();
    await brain.review('resize web-1 to t3.large', plan, inventory);
    reviewMs.push(performance.now() - started);
  }
  report({ iterations, rows, worst, view, resources: resources.length, fixed, promptMs, proposeMs, readMs, reviewMs, json: values.json });
}

function report(figures: { iterations: number; rows: { task: string; taskClass: string; phrasings: number; maxTokens: number; prompt: string }[]; worst: number; view: ReturnType<typeof inventoryView>; resources: number; fixed: number; promptMs: number[]; proposeMs: number[]; readMs: number[]; reviewMs: number[]; json: string | undefined }): void {
  const ms = (values: number[]) => `p50 ${percentile(values, 50).toFixed(2)} ms, p90 ${percentile(values, 90).toFixed(2)} ms`;
  const lines = [
    `Machine: ${cpus()[0]?.model ?? 'unknown'} x${cpus().length}, ${Math.round(totalmem() / 2 ** 30)} GiB, Linux ${release()}, Node ${process.version}`,
    `Account: ${figures.resources} live resources; inventory view ${figures.view.tokens} tokens (budget ${INVENTORY_BUDGET}), omitted: ${JSON.stringify(figures.view.omitted)}`,
    `System prompt + tool schemas: ${figures.fixed} tokens`,
    '',
    'Prompt tokens per study task (the longest phrasing; estimated, see estimate-tokens.ts):',
    ...figures.rows.map((row) => `  ${row.task.padEnd(32)} ${row.taskClass.padEnd(13)} ${String(row.maxTokens).padStart(5)}`),
    `Largest: ${figures.worst} tokens (target under ${TARGET_TOKENS}: ${figures.worst < TARGET_TOKENS ? 'met' : 'MISSED'})`,
    '',
    `Cirro's time per model turn, model excluded (${figures.iterations} iterations):`,
    `  prompt building (inventory view + message + tool schemas): ${ms(figures.promptMs)}`,
    `  propose turn (parse, zod, name resolution, intent text):   ${ms(figures.proposeMs)}`,
    `  read turn (query_inventory over 100 resources, trim, frame): ${ms(figures.readMs)}`,
    `  scope check on the plan (embedded reading, names):          ${ms(figures.reviewMs)}`,
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
  if (figures.json) writeFileSync(figures.json, JSON.stringify(figures, null, 2));
  if (figures.worst >= TARGET_TOKENS) process.exitCode = 1;
}

await main();
