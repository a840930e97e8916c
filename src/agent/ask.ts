import { createCloudClients, GYM_CREDENTIALS, type CloudClients } from '../cloud/clients.js';
import type { Inventory } from '../cloud/inventory.js';
import { allResources } from '../cloud/inventory.js';
import { readInventory } from '../cloud/read-inventory.js';
import { buildPlan } from '../plan/builder.js';
import type { PlanOutcome } from '../plan/draft.js';
import type { Intent } from '../plan/intent.js';
import { changesCloud, type Plan } from '../plan/plan.js';
import { resolveTargets } from '../plan/resolve.js';
import { cliTransport } from '../exec/cli-transport.js';
import { runPlan, type ProgressEvent, type RunReport } from '../exec/runner.js';
import { sdkTransport } from '../exec/sdk-transport.js';
import { verifyPlan, type Verification } from '../exec/verify.js';
import { answerQuery, type Answer } from './answer.js';
import type { Brain, Understanding } from './brain/brain.js';
import { inventoryFromOutputs } from './outputs-inventory.js';
import { planContextFor } from './plan-context.js';
import { awsCliAvailable, chooseModality, type Modality, type RouteChoice } from './router.js';
import { formatPlan } from './format.js';
import { describeFailure } from './failure-text.js';

/** How `cirro ask` talks to a person at a terminal; absent when there is none. */
export interface Interaction {
  confirm(question: string): Promise<boolean>;
  /** Picks one of the options; undefined when the person declines. */
  choose(question: string, options: readonly string[]): Promise<string | undefined>;
  /** A free-text answer to a clarifying question. */
  ask(question: string): Promise<string>;
}

/** Everything `cirro ask` needs. */
export interface AskOptions {
  readonly request: string;
  readonly brain: Brain;
  readonly modality: Modality | 'auto';
  readonly endpoint?: string;
  readonly region?: string;
  /** The endpoint is a gym: sign with dummy credentials when none are configured. */
  readonly gym?: boolean;
  readonly yes?: boolean;
  readonly dryRun?: boolean;
  readonly show?: 'sdk' | 'cli';
  readonly interaction?: Interaction;
  /** Each line of human text as it is produced (progress included). */
  readonly onLine?: (line: string) => void;
  readonly graph?: (inventory: Inventory, format: 'text' | 'dot' | 'json', rootIds: readonly string[] | undefined) => Answer;
  readonly render?: (plan: Plan, as: 'sdk' | 'cli', options: { endpoint?: string; region: string }) => string;
  /** Shortens waits (tests). */
  readonly pollMs?: readonly [number, number];
  /** The aws binary for the CLI modality (default $CIRRO_AWS_CLI, else `aws` on PATH). */
  readonly awsCli?: string;
}

/** The decision `cirro ask` reached. */
export type Decision = 'executed' | 'dry-run' | 'needs-approval' | 'refused' | 'failed';

/** The outcome of one `cirro ask`, as --json prints it. */
export interface AskResult {
  readonly request: string;
  readonly intent: Intent | null;
  readonly plan: { readonly summary: string | null; readonly steps: readonly { id: string; action: string; effect: string; resource: unknown; dependsOn: readonly string[] }[] };
  readonly advisories: readonly { level: string; message: string }[];
  readonly decision: Decision;
  readonly modality: { readonly name: Modality; readonly reason: string } | null;
  readonly outcome: { readonly status: 'succeeded' | 'failed' | 'not-run' | 'verification-failed'; readonly agentSteps: number; readonly apiCalls: number; readonly seconds: number };
  readonly verification: Verification | null;
  readonly answer: unknown;
  readonly text: string;
  /** Why it stopped, for refusals and failures (also in text). */
  readonly reason: string | null;
  readonly exitCode: number;
}

/** Exit codes: 0 done and verified; 1 failed; 2 not understood or refused; 3 needs approval. */
export const EXIT = { ok: 0, failed: 1, refused: 2, needsApproval: 3 } as const;

/** Understands a request, plans it, shows it, gets approval, runs it, verifies it, and answers. */
export async function ask(options: AskOptions): Promise<AskResult> {
  const started = performance.now();
  const lines: string[] = [];
  const emit = (line: string) => {
    lines.push(line);
    options.onLine?.(line);
  };
  let apiCalls = 0;
  let intent: Intent | null = null;
  let plan: Plan | undefined;
  let route: RouteChoice | undefined;
  const finish = (decision: Decision, status: AskResult['outcome']['status'], exitCode: number, extra: { report?: RunReport; verification?: Verification; answer?: unknown; reason?: string } = {}): AskResult => ({
    request: options.request,
    intent,
    plan: { summary: plan?.summary ?? null, steps: (plan?.steps ?? []).map((step) => ({ id: step.id, action: step.action, effect: step.effect, resource: step.resource, dependsOn: step.dependsOn })) },
    advisories: plan?.advisories ?? [],
    decision,
    modality: route ? { name: route.modality, reason: route.reason } : null,
    outcome: { status, agentSteps: extra.report?.agentSteps ?? 0, apiCalls: apiCalls + (extra.report?.apiCalls ?? 0), seconds: round((performance.now() - started) / 1000) },
    verification: extra.verification ?? null,
    answer: extra.answer ?? null,
    text: lines.join('\n'),
    reason: extra.reason ?? null,
    exitCode,
  });
  const refuse = (reason: string, exitCode: number = EXIT.refused) => {
    emit(reason);
    return finish('refused', 'not-run', exitCode, { reason });
  };

  const clients = createCloudClients({ endpoint: options.endpoint, region: options.region, ...(options.gym ? { gym: true } : {}) });
  let inventory: Inventory;
  try {
    inventory = await readInventory(clients);
  } catch (error) {
    const reason = `could not read the cloud at ${options.endpoint ?? `AWS (${clients.region})`}: ${(error as Error).message}`;
    emit(reason);
    return finish('failed', 'not-run', EXIT.failed, { reason });
  }
  apiCalls += inventory.apiCalls;
  for (const warning of inventory.warnings ?? []) emit(`warning: ${warning.message}`);

  let understanding = await options.brain.understand(options.request, { resources: knownResources(inventory) });
  for (let round = 0; understanding.type === 'clarify' && options.interaction && round < 2; round++) {
    const reply = understanding.options?.length
      ? await options.interaction.choose(understanding.question, understanding.options)
      : await options.interaction.ask(understanding.question);
    if (!reply) break;
    understanding = await options.brain.understand(`${options.request} ${reply}`, { resources: knownResources(inventory) });
  }
  if (understanding.type === 'not-understood') return refuse(understanding.message);
  if (understanding.type === 'clarify') {
    return refuse(`${understanding.question}${understanding.options?.length ? ` (${understanding.options.join(', ')})` : ''}\nNothing was changed; ask again with the answer in the request.`);
  }
  intent = understanding.intent;
  emit(`Understood: ${understanding.understood}`);
  for (const note of understanding.notes) emit(`  note: ${note}`);

  let outcome = await planFor(intent, inventory, clients, (count) => (apiCalls += count));
  for (let round = 0; outcome.type === 'clarify' && options.interaction && round < 3; round++) {
    const choice = await options.interaction.choose(outcome.question, outcome.candidates);
    if (!choice) break;
    intent = pin(intent, outcome.candidates, choice);
    outcome = await planFor(intent, inventory, clients, (count) => (apiCalls += count));
  }
  if (outcome.type === 'clarify') return refuse(`${outcome.question}\n${outcome.candidates.map((candidate) => `  - ${candidate}`).join('\n')}\nNothing was changed; name one of them by id.`);
  if (outcome.type === 'not-found') return refuse(outcome.message);
  if (outcome.type === 'invalid') return refuse(outcome.message);
  plan = outcome.plan;
  const changing = changesCloud(plan);
  route = chooseModality(intent, options.modality, options.modality === 'cli' || options.awsCli !== undefined || awsCliAvailable());
  for (const line of formatPlan(plan)) emit(line);
  emit(`Modality: ${route.modality} (${route.reason})`);
  if (options.show && options.render) {
    emit(`--- plan as ${options.show === 'sdk' ? 'an AWS SDK program' : 'an AWS CLI script'} ---`);
    emit(options.render(plan, options.show, { endpoint: options.endpoint, region: clients.region }));
    emit('---');
  }
  if (options.dryRun) {
    emit('Dry run: nothing was changed.');
    return finish('dry-run', 'not-run', EXIT.ok);
  }
  if (changing && !options.yes) {
    if (!options.interaction) {
      const reason = 'This plan changes the cloud and needs approval: run again with --yes, or from a terminal to be asked.';
      emit(reason);
      return finish('needs-approval', 'not-run', EXIT.needsApproval, { reason });
    }
    if (!(await options.interaction.confirm('Apply this plan?'))) return refuse('Not applied: you declined. Nothing was changed.', EXIT.refused);
  }

  const transport = route.modality === 'sdk'
    ? sdkTransport({ endpoint: options.endpoint, region: clients.region, useGymCredentials: options.gym })
    : cliTransport({ endpoint: options.endpoint, region: clients.region, ...(options.awsCli ? { binary: options.awsCli } : {}), environment: options.gym && !process.env['AWS_ACCESS_KEY_ID'] ? { AWS_ACCESS_KEY_ID: GYM_CREDENTIALS.accessKeyId, AWS_SECRET_ACCESS_KEY: GYM_CREDENTIALS.secretAccessKey } : {} });
  const report = await runPlan(plan, transport, { onProgress: (event) => emit(progressLine(event, transport.describe.bind(transport))), ...(options.pollMs ? { pollMs: options.pollMs } : {}) });
  if (report.status !== 'succeeded') {
    const failure = describeFailure(report);
    for (const line of failure.lines) emit(line);
    return finish('failed', 'failed', EXIT.failed, { report, reason: failure.reason });
  }
  if (intent.type === 'query') {
    const answerInventory = inventoryFromOutputs(plan, report.outputs, inventory);
    const ids = intent.targets?.kind === 'instance' ? targetIds(inventory, intent) : undefined;
    const graph = (source: Inventory) => options.graph?.(source, intent!.type === 'query' ? intent!.format ?? 'text' : 'text', intent!.type === 'query' && intent!.targets ? targetIds(inventory, intent!) : undefined) ?? { text: allResources(source).map((resource) => `${resource.kind} ${resource.id}`).join('\n'), data: null };
    const answer = answerQuery(intent, answerInventory, ids, graph);
    emit(answer.text);
    return finish('executed', 'succeeded', EXIT.ok, { report, answer: answer.data });
  }
  const fresh = await readInventory(clients, { includeTerminated: true });
  apiCalls += fresh.apiCalls;
  const verification = verifyPlan(plan, fresh);
  for (const check of verification.checks) emit(`${check.ok ? 'verified' : 'NOT verified'}: ${check.description}${check.detail ? ` (${check.detail})` : ''}`);
  emit(verification.ok ? `Done in ${round((performance.now() - started) / 1000)} s: ${plan.summary}.` : 'The plan ran, but the cloud does not show everything it should; see above.');
  return finish('executed', verification.ok ? 'succeeded' : 'verification-failed', verification.ok ? EXIT.ok : EXIT.failed, { report, verification });
}

async function planFor(intent: Intent, inventory: Inventory, clients: CloudClients, count: (calls: number) => void): Promise<PlanOutcome> {
  const context = await planContextFor(intent, inventory, clients);
  count(context.apiCalls);
  return buildPlan(intent, context);
}

/** The names and ids the brain may hear. */
function knownResources(inventory: Inventory) {
  return allResources(inventory).map((resource) => ({ kind: resource.kind, id: resource.id, name: resource.name, ...(resource.kind === 'instance' ? { instanceType: resource.instanceType } : {}) }));
}

function targetIds(inventory: Inventory, intent: Extract<Intent, { type: 'query' }>): string[] | undefined {
  if (!intent.targets) return undefined;
  const resolved = resolveTargets(inventory, intent.targets, 'read');
  return resolved.type === 'found' ? resolved.resources.map((resource) => resource.id) : undefined;
}

/** Replaces a name that matched several resources with the id the person picked. */
function pin(intent: Intent, candidates: readonly string[], choice: string): Intent {
  const id = choice.split(' ')[0]!;
  const names = new Set(candidates.map((candidate) => candidate.split(' ')[1]).filter(Boolean));
  const walk = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(walk);
    if (value && typeof value === 'object') {
      const record = value as Record<string, unknown>;
      if (record['by'] === 'name' && names.has(String(record['name']))) return { by: 'id', id };
      return Object.fromEntries(Object.entries(record).map(([key, item]) => [key, walk(item)]));
    }
    return value;
  };
  return walk(intent) as Intent;
}

function progressLine(event: ProgressEvent, describe: (service: 'ec2' | 'elbv2' | 'sts', operation: string, input: Record<string, unknown>) => string): string {
  switch (event.type) {
    case 'step-start': return `[${event.index + 1}/${event.total}] ${event.step.action}`;
    case 'step-done': return `      done (${event.seconds.toFixed(1)} s)`;
    case 'waiting': return `      waiting for ${event.description} (${Math.round(event.seconds)} s)`;
    case 'retry': return `      ${event.code}: retrying in ${event.delayMs} ms (attempt ${event.attempt + 1})`;
  }
  void describe;
}

function round(seconds: number): number {
  return Math.round(seconds * 1000) / 1000;
}

/** For tests: what a brain made of a request (re-exported type). */
export type { Understanding };
