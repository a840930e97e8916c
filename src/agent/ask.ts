import { randomBytes } from 'node:crypto';
import { createCloudClients, type CloudClients, type CloudCredentials } from '../cloud/clients.js';
import { allResources, type Inventory } from '../cloud/inventory.js';
import { readInventory } from '../cloud/read-inventory.js';
import { buildPlan } from '../plan/builder.js';
import type { Intent } from '../plan/intent.js';
import type { PlanOutcome } from '../plan/draft.js';
import type { Plan } from '../plan/plan.js';
import type { AuditLog } from '../guard/audit/types.js';
import { checkPlan, type PlanCheck } from '../guard/check-plan.js';
import { fingerprintPlan, touchedResourceIds } from '../guard/fingerprint.js';
import { savePendingPlan } from '../guard/pending-plans.js';
import type { Answer } from './answer.js';
import { AskReport, EXIT, type AskResult } from './ask-report.js';
import type { Brain, ScopeVerdict, Understanding } from './brain/brain.js';
import { carryOut, type ApprovedPlan } from './carry-out.js';
import { decideOnPlan } from './approval.js';
import { cloudReadFailure, readFailureText } from './read-failure-text.js';
import { formatCheck } from './check-text.js';
import { setUpGuard, type AgentGuard } from './guard-setup.js';
import { planContextFor } from './plan-context.js';
import { awsCliAvailable, chooseModality, type Modality, type RouteChoice, type RouteFacts } from './router.js';
import { formatIacRendering, renderIac, type IacRendering } from './iac/render-iac.js';
import { formatIacPlan } from './iac/iac-text.js';
import { groupStackName, readStackSituation, stackByTag } from './iac/stack-situation.js';
import { formatPlan } from './format.js';

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
  /** Also print the plan as an SDK program, a CLI script, or (iac) the stack's template diff. */
  readonly show?: 'sdk' | 'cli' | 'iac';
  readonly interaction?: Interaction;
  /** Each line of human text as it is produced (progress included). */
  readonly onLine?: (line: string) => void;
  readonly graph?: (inventory: Inventory, format: 'text' | 'dot' | 'json', rootIds: readonly string[] | undefined) => Answer;
  readonly render?: (plan: Plan, as: 'sdk' | 'cli', options: { endpoint?: string; region: string }) => string;
  /** Shortens waits (tests). */
  readonly pollMs?: readonly [number, number];
  /** The aws binary for the CLI modality (default $CIRRO_AWS_CLI, else `aws` on PATH). */
  readonly awsCli?: string;
  /** Keys to sign with (the ones a gateway issued); default: the gym's dummy keys or the standard chain. */
  readonly credentials?: CloudCredentials;
  /** Role, project policy and authorizer; default: the built-in policies, operator on a gym, reader elsewhere. */
  readonly guard?: AgentGuard;
  readonly audit?: AuditLog;
  /** The gateway the endpoint belongs to, to bind it to the plan while it runs (plan-bound mode). */
  readonly gateway?: { bindPlan(binding: { planId: string; calls: { service: string; operation: string; resourceIds: string[] }[]; expiresAt: Date }): Promise<() => Promise<void>> };
  /** Where plans that need approval are saved for `cirro approve` (not saved when absent). */
  readonly pendingDirectory?: string;
  /** Where resource locks live; without it, no locking (single-process use in tests). */
  readonly locksDirectory?: string;
  readonly lockTimeoutMs?: number;
  /** The cloud's own endpoint when `endpoint` is a gateway in front of it (recorded with pending plans). */
  readonly upstreamEndpoint?: string;
  /** Plan ids (tests pin them). */
  readonly newPlanId?: () => string;
}

export { EXIT, type AskResult, type Decision } from './ask-report.js';

/** The default guard for callers that pass none: built-in rules, operator on a gym, reader elsewhere. */
export function defaultGuard(options: Pick<AskOptions, 'gym' | 'endpoint'>): AgentGuard {
  const setUp = setUpGuard({ projectDirectory: process.cwd(), gym: options.gym === true, environment: {} });
  if (!setUp.ok) throw new Error(`the built-in guard failed to load: ${setUp.error}`);
  return setUp.value;
}

/** Understands a request, plans it, checks it, gets approval, runs it, verifies it, and answers. */
export async function ask(options: AskOptions): Promise<AskResult> {
  const report = new AskReport(options.request, options.onLine);
  const clients = createCloudClients({ endpoint: options.endpoint, region: options.region, ...(options.credentials ? { credentials: options.credentials } : {}), ...(options.gym ? { gym: true } : {}) });
  let prepared: Prepared | AskResult;
  try {
    prepared = await prepare(options, report, clients);
  } catch (error) {
    // Until carry-out nothing has changed: a read that failed after every retry stops the run as a failed result.
    const failure = cloudReadFailure(error);
    if (!failure) throw error;
    const reason = readFailureText('the cloud', options.endpoint ?? `AWS (${clients.region})`, failure, 'Nothing was changed.');
    report.emit(reason);
    return report.finish('failed', 'not-run', EXIT.failed, { reason });
  }
  if ('exitCode' in prepared) return prepared;
  const { approved, guard } = prepared;
  return carryOut(approved, { options, report, clients, guard, audit: options.audit, replan: (again, fresh) => replanFor(again, fresh, clients, report) });
}

/** An approved plan ready to carry out, with the guard that approved it. */
interface Prepared {
  readonly approved: ApprovedPlan;
  readonly guard: AgentGuard;
}

/** Everything before carrying out: reads, understands, plans, checks, routes and gets approval; changes nothing. */
async function prepare(options: AskOptions, report: AskReport, clients: CloudClients): Promise<Prepared | AskResult> {
  const inventory = await readInventory(clients);
  report.apiCalls += inventory.apiCalls;
  for (const warning of inventory.warnings ?? []) report.emit(`warning: ${warning.message}`);

  // A model-backed brain sees the inventory and may try its intents against the builder (errors go back to it).
  // The plan built to check the intent the brain settles on is the plan used: it is not built (and its reads made) twice.
  let tried: { intent: Intent; outcome: PlanOutcome } | undefined;
  const tryIntent = async (candidate: Intent) => {
    tried = { intent: candidate, outcome: await planFor(candidate, inventory, clients, (count) => (report.apiCalls += count)) };
    return problemOf(tried.outcome);
  };
  const brainContext = { resources: knownResources(inventory), inventory, tryIntent };
  let understanding = await options.brain.understand(options.request, brainContext);
  for (let round = 0; understanding.type === 'clarify' && options.interaction && round < 2; round++) {
    const reply = understanding.options?.length
      ? await options.interaction.choose(understanding.question, understanding.options)
      : await options.interaction.ask(understanding.question);
    if (!reply) break;
    understanding = await options.brain.understand(`${options.request} ${reply}`, brainContext);
  }
  if (understanding.type === 'not-understood') return report.refuse(understanding.message);
  if (understanding.type === 'answer') {
    report.emit(understanding.text);
    return report.finish('executed', 'succeeded', EXIT.ok, { answer: { text: understanding.text, data: null } });
  }
  if (understanding.type === 'clarify') {
    return report.refuse(`${understanding.question}${understanding.options?.length ? ` (${understanding.options.join(', ')})` : ''}\nNothing was changed; ask again with the answer in the request.`);
  }
  let intent = understanding.intent;
  report.intent = intent;
  report.emit(`Understood: ${understanding.understood}`);
  for (const note of understanding.notes) report.emit(`  note: ${note}`);

  let outcome = tried?.intent === intent ? tried.outcome : await planFor(intent, inventory, clients, (count) => (report.apiCalls += count));
  for (let round = 0; outcome.type === 'clarify' && options.interaction && round < 3; round++) {
    const choice = await options.interaction.choose(outcome.question, outcome.candidates);
    if (!choice) break;
    intent = pin(intent, outcome.candidates, choice);
    report.intent = intent;
    outcome = await planFor(intent, inventory, clients, (count) => (report.apiCalls += count));
  }
  if (outcome.type === 'clarify') return report.refuse(`${outcome.question}\n${outcome.candidates.map((candidate) => `  - ${candidate}`).join('\n')}\nNothing was changed; name one of them by id.`);
  if (outcome.type === 'not-found' || outcome.type === 'invalid') return report.refuse(outcome.message);
  const plan = outcome.plan;
  report.plan = plan;
  report.planId = (options.newPlanId ?? newPlanId)();
  const guard = options.guard ?? defaultGuard(options);
  const check = withScope(checkPlan(plan, inventory, guard), await options.brain.review?.(options.request, plan, inventory));
  report.setCheck(check, guard.role);
  const facts = await routeFacts(plan, inventory, clients);
  let route = chooseModality(intent, options.modality, options.modality === 'cli' || options.awsCli !== undefined || awsCliAvailable(), facts);
  let iac: IacRendering | undefined;
  if (route.modality === 'iac') {
    const rendered = await renderIac(plan, inventory, clients, report.planId);
    if (rendered.success) iac = rendered.value;
    else route = { modality: 'sdk', reason: `${route.reason}; but it cannot go through CloudFormation (${rendered.error}), so the SDK runs it` };
  }
  report.apiCalls += facts.apiCalls + (iac?.apiCalls ?? 0);
  report.route = route;
  const shown = iac ? { ...plan, advisories: iac.plan.advisories } : facts.stack && route.modality !== 'iac' ? { ...plan, advisories: [...plan.advisories, driftAdvisory(facts.stack)] } : plan;
  report.plan = shown;
  for (const line of iac ? formatIacPlan(iac, shown) : formatPlan(shown)) report.emit(line);
  for (const line of formatCheck(check, guard.role, guard.roleSource)) report.emit(line);
  report.emit(`Modality: ${route.modality} (${route.reason})`);
  if (options.show === 'iac') {
    for (const line of iac ? formatIacRendering(iac) : [`--show iac: this plan runs through the ${route.modality === 'cli' ? 'AWS CLI' : 'SDK'}, not CloudFormation (${route.reason})`]) report.emit(line);
  } else if (options.show && options.render) {
    report.emit(`--- plan as ${options.show === 'sdk' ? 'an AWS SDK program' : 'an AWS CLI script'} ---`);
    report.emit(options.render(plan, options.show, { endpoint: options.endpoint, region: clients.region }));
    report.emit('---');
  }
  const approvedBy = await decideOnPlan(plan, inventory, check, guard, report, {
    ...options,
    savePending: () => options.pendingDirectory
      ? savePendingPlan(options.pendingDirectory, { request: options.request, plan, endpoint: options.upstreamEndpoint ?? options.endpoint, region: clients.region, gym: options.gym === true, modality: route.modality, role: guard.role, reason: check.decision.reason, decidedBy: check.decision.decidedBy, risk: check.risk.level, fingerprint: fingerprintPlan(plan, inventory) }, new Date(), () => report.planId!).id
      : undefined,
  });
  if (typeof approvedBy !== 'string') return approvedBy;
  return { approved: { intent, plan, inventory, check, planId: report.planId, route, approvedBy, ...(iac ? { rendered: iac.plan } : {}) }, guard };
}

/** A fresh plan for the same intent, or why there is none. */
async function replanFor(intent: Intent, inventory: Inventory, clients: CloudClients, report: AskReport): Promise<Plan | string> {
  const outcome = await planFor(intent, inventory, clients, (count) => (report.apiCalls += count));
  return outcome.type === 'plan' ? outcome.plan : outcome.type === 'clarify' ? outcome.question : outcome.message;
}

/** What the router needs beyond the intent: whether the plan replaces something, and which stack manages what it touches. */
async function routeFacts(plan: Plan, inventory: Inventory, clients: CloudClients): Promise<RouteFacts & { apiCalls: number }> {
  const replaces = plan.steps.some((step) => step.effect === 'replace');
  const deletes = plan.steps.some((step) => step.effect === 'delete');
  const touched = touchedResourceIds(plan, inventory);
  const tagged = stackByTag(inventory, touched);
  if (tagged || !(replaces || deletes) || touched.length === 0) return { replaces, deletes, ...(tagged ? { stack: tagged } : {}), apiCalls: 0 };
  // Resources a stack adopted by import carry no CloudFormation tag: ask Cirro's stack for their group (replacements and deletions only, so questions stay cheap).
  const group = groupStackName(inventory, touched);
  const situation = await readStackSituation(clients, group);
  const managed = situation.success && touched.some((id) => situation.value.members.has(id));
  return { replaces, deletes, ...(managed ? { stack: group } : {}), apiCalls: situation.success ? situation.value.apiCalls : 1 };
}

function driftAdvisory(stack: string) {
  return { level: 'warning' as const, message: `stack ${stack} manages resources this plan changes outside CloudFormation: the stack will drift from the cloud (run with --modality iac to change them through the stack instead)` };
}

/** A new plan id: what the audit log and `cirro plans` call it. */
export function newPlanId(): string {
  return `plan-${randomBytes(4).toString('hex')}`;
}

async function planFor(intent: Intent, inventory: Inventory, clients: CloudClients, count: (calls: number) => void): Promise<PlanOutcome> {
  const context = await planContextFor(intent, inventory, clients);
  count(context.apiCalls);
  return buildPlan(intent, context);
}

/** Why an intent cannot be planned, or undefined when it can. */
function problemOf(outcome: PlanOutcome): string | undefined {
  if (outcome.type === 'plan') return undefined;
  if (outcome.type === 'clarify') return `${outcome.question} (${outcome.candidates.join('; ')}); select one by id`;
  return outcome.message;
}

/** A plan that goes beyond the request is refused whatever the guard said: the scope check decides. */
function withScope(check: PlanCheck, scope: ScopeVerdict | undefined): PlanCheck {
  if (!scope || scope.type === 'within') return check;
  return { ...check, decision: { type: 'refuse', reason: scope.reason, fix: scope.fix, decidedBy: { kind: 'scope', id: scope.ruleId } } };
}

/** The names and ids the brain may hear. */
function knownResources(inventory: Inventory) {
  return allResources(inventory).map((resource) => ({ kind: resource.kind, id: resource.id, name: resource.name, ...(resource.kind === 'instance' ? { instanceType: resource.instanceType } : {}) }));
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

/** For tests: what a brain made of a request (re-exported type). */
export type { Understanding };
