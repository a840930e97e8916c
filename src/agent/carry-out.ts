import { allResources, type Inventory } from '../cloud/inventory.js';
import { GYM_CREDENTIALS, type CloudClients } from '../cloud/clients.js';
import { readInventory } from '../cloud/read-inventory.js';
import { cliTransport } from '../exec/cli-transport.js';
import { runPlan, type ProgressEvent } from '../exec/runner.js';
import { sdkTransport } from '../exec/sdk-transport.js';
import { verifyPlan } from '../exec/verify.js';
import type { AuditLog } from '../guard/audit/types.js';
import { checkPlan, type PlanCheck } from '../guard/check-plan.js';
import { changesSince, fingerprintPlan, idsInCall, looksLikeResourceId, touchedResourceIds } from '../guard/fingerprint.js';
import { acquireResourceLocks } from '../guard/locks/index.js';
import type { Intent } from '../plan/intent.js';
import type { ApiCall, Plan } from '../plan/plan.js';
import { resolveTargets } from '../plan/resolve.js';
import { answerQuery } from './answer.js';
import type { AskOptions } from './ask.js';
import { EXIT, type AskReport, type AskResult } from './ask-report.js';
import { formatCheck } from './check-text.js';
import { describeFailure, rollbackProgressLine } from './failure-text.js';
import type { AgentGuard } from './guard-setup.js';
import { inventoryFromOutputs } from './outputs-inventory.js';
import { formatPlan } from './format.js';
import { renderIac } from './iac/render-iac.js';
import { cloudReadFailure, readFailureText } from './read-failure-text.js';
import type { RouteChoice } from './router.js';

/** How the plan came to be approved; decides what happens when the cloud moved under it. */
export type ApprovedBy = 'low-risk' | 'yes' | 'interactive' | 'approve-command';

/** A plan that passed its checks and approval, with what it was made from. */
export interface ApprovedPlan {
  readonly intent: Intent;
  readonly plan: Plan;
  readonly inventory: Inventory;
  readonly check: PlanCheck;
  readonly planId: string;
  readonly route: RouteChoice;
  readonly approvedBy: ApprovedBy;
  /** For the iac modality: the plan of CloudFormation calls that carries `plan` out (rendered again when absent). */
  readonly rendered?: Plan;
}

/** The parts of ask's options that carrying out uses. */
export type CarryOutOptions = Pick<AskOptions, 'endpoint' | 'region' | 'gym' | 'credentials' | 'awsCli' | 'gateway' | 'pollMs' | 'graph' | 'locksDirectory' | 'lockTimeoutMs' | 'interaction'>;

/** What carrying out needs besides the plan. */
export interface CarryOutContext {
  readonly options: CarryOutOptions;
  readonly report: AskReport;
  readonly clients: CloudClients;
  readonly guard: AgentGuard;
  readonly audit: AuditLog | undefined;
  /**
   * Re-plans an intent against a fresh inventory (when the cloud moved under the plan). Absent for
   * `cirro approve`: a person approved that exact plan, so a moved cloud refuses it instead.
   */
  readonly replan?: (intent: Intent, inventory: Inventory) => Promise<Plan | string>;
}

/**
 * Runs an approved plan: takes the locks on what it touches, makes sure the cloud did not move under it
 * (re-planning or refusing if it did), binds the gateway to it, runs it with rollback, and verifies.
 */
export async function carryOut(approved: ApprovedPlan, context: CarryOutContext): Promise<AskResult> {
  const { report, options } = context;
  const lockIds = approved.plan.steps.some((step) => step.effect !== 'read') ? touchedResourceIds(approved.plan, approved.inventory) : [];
  const held = lockIds.length && options.locksDirectory
    ? await acquireResourceLocks(options.locksDirectory, lockIds, {
      owner: `cirro ask ${approved.planId}`,
      timeoutMs: options.lockTimeoutMs ?? 10 * 60 * 1000,
      onWait: (holder) => report.emit(`Waiting: ${holder.owner} (pid ${holder.pid}) is changing the same resources`),
    })
    : undefined;
  if (held && !held.ok) return report.refuse(`Not run: ${held.error}. Nothing was changed; try again when it is done.`, EXIT.failed);
  try {
    let current = approved;
    // Under the locks, what the plan touches is read again: another process (or a person) may have changed
    // it after the plan was made and before the locks were taken, and a plan is never applied blind.
    if (lockIds.length > 0 && options.locksDirectory) {
      const fresh = await revalidate(approved, context, held?.ok === true && held.value.waitedMs > 0).catch((error: unknown) => readFailed(error, context, 'what the plan touches', 'Nothing was changed.'));
      if ('exitCode' in fresh) return fresh;
      current = fresh;
    }
    return await execute(current, context);
  } finally {
    if (held?.ok) held.value.release();
  }
}

/** Re-reads the cloud; if what the plan touches changed, re-plans and re-checks, or refuses. */
async function revalidate(approved: ApprovedPlan, context: CarryOutContext, waited: boolean): Promise<ApprovedPlan | AskResult> {
  const { report } = context;
  const fingerprint = fingerprintPlan(approved.plan, approved.inventory);
  // Only the kinds the plan touches are read to compare; the whole cloud is read again only to re-plan.
  const kinds = [...new Set(allResources(approved.inventory).filter((resource) => resource.id in fingerprint.resources).map((resource) => resource.kind))];
  const touchedNow = await readInventory(context.clients, { kinds });
  report.apiCalls += touchedNow.apiCalls;
  const changes = changesSince(fingerprint, touchedNow);
  if (changes.length === 0) return approved;
  const described = changes.map((change) => `${change.name ? `${change.name} (${change.id})` : change.id}: ${change.what}`).join('; ');
  if (!context.replan) {
    return report.refuse(`Refused: the cloud changed under plan ${approved.planId} since it was made (${described}). Nothing was changed; ask again to plan against the cloud as it is now.`);
  }
  report.emit(`The cloud changed ${waited ? 'while this plan waited for another Cirro process' : 'since this plan was made'} (${described}); planning again.`);
  const fresh = await readInventory(context.clients);
  report.apiCalls += fresh.apiCalls;
  const replanned = await context.replan(approved.intent, fresh);
  if (typeof replanned === 'string') return report.refuse(`${replanned}\nNothing was changed.`);
  const check = checkPlan(replanned, fresh, context.guard);
  report.plan = replanned;
  report.setCheck(check, context.guard.role);
  for (const line of [...formatPlan(replanned), ...formatCheck(check, context.guard.role, context.guard.roleSource)]) report.emit(line);
  const touched = touchedResourceIds(replanned, fresh);
  context.audit?.append({ type: 'plan', actor: context.guard.agent, planId: approved.planId, resources: touched, data: { replanned: true, summary: replanned.summary, changes: described } });
  context.audit?.append({ type: check.decision.type === 'refuse' ? 'refusal' : 'decision', actor: context.guard.agent, planId: approved.planId, resources: touched, data: { role: context.guard.role, decision: check.decision.type, reason: check.decision.reason, decidedBy: check.decision.decidedBy, risk: check.risk.level } });
  if (check.decision.type === 'refuse') return report.refuse(`${check.decision.reason}${check.decision.fix ? `\n  fix: ${check.decision.fix}` : ''}\nNothing was changed.`);
  const stillApproved = check.decision.type === 'allow' || approved.approvedBy === 'yes'
    || (approved.approvedBy === 'interactive' && (await context.options.interaction?.confirm('Apply the new plan?')) === true);
  if (!stillApproved) return report.refuse(`The new plan needs approval (${check.decision.reason}). Nothing was changed; ask again with --yes to apply it.`, EXIT.needsApproval);
  const { rendered: _stale, ...rest } = approved;
  return { ...rest, plan: replanned, inventory: fresh, check };
}

async function execute(approved: ApprovedPlan, context: CarryOutContext): Promise<AskResult> {
  const { report, options, clients } = context;
  const { intent, planId } = approved;
  let plan = approved.plan;
  if (approved.route.modality === 'iac') {
    const rendered = approved.rendered ?? await renderAgain(approved, context).catch((error: unknown) => readFailed(error, context, 'the stack the plan changes', 'Nothing was changed.'));
    if (typeof rendered === 'object' && 'exitCode' in rendered) return rendered;
    if (typeof rendered === 'string') return report.refuse(`Not run: the plan cannot go through CloudFormation now (${rendered}). Nothing was changed; ask again, or with --modality sdk.`, EXIT.failed);
    plan = rendered;
  }
  const sdk = () => sdkTransport({ endpoint: options.endpoint, region: clients.region, ...(options.credentials ? { credentials: options.credentials } : { useGymCredentials: options.gym }) });
  const transport = approved.route.modality !== 'cli'
    ? sdk()
    : cliTransport({ endpoint: options.endpoint, region: clients.region, ...(options.awsCli ? { binary: options.awsCli } : {}), environment: cliCredentials(options) });
  const unbind = options.gateway && plan.steps.some((step) => step.effect !== 'read')
    ? await options.gateway.bindPlan({ planId, calls: declaredCalls(plan, approved.inventory), expiresAt: new Date(Date.now() + 60 * 60 * 1000) })
    : undefined;
  let run;
  try {
    run = await runPlan(plan, transport, {
      onProgress: (event) => report.emit(progressLine(event)),
      onJournal: (entry) => context.audit?.append({ type: 'call', actor: context.guard.agent, planId, resources: idsInCall(entry.call, looksLikeResourceId), data: { step: entry.stepId, action: entry.action, operation: `${entry.call.service}:${entry.call.operation}`, result: 'done', ...(entry.inverse ? { inverse: entry.inverse } : {}), ...(entry.irreversible ? { irreversible: entry.irreversible } : {}) } }),
      ...(options.pollMs ? { pollMs: options.pollMs } : {}),
      ...(transport.modality === 'cli' ? { undoTransport: sdk() } : {}),
    });
  } finally {
    await unbind?.();
  }
  if (run.status !== 'succeeded') {
    const failure = describeFailure(run);
    for (const line of failure.lines) report.emit(line);
    context.audit?.append({ type: 'rollback', actor: context.guard.agent, planId, data: { status: run.status, reason: failure.reason, rollback: run.rollback ?? null, stuck: run.stuck ?? null } });
    return report.finish('failed', failure.status, EXIT.failed, { report: run, reason: failure.reason });
  }
  if (intent.type === 'query') {
    const answerInventory = inventoryFromOutputs(plan, run.outputs, approved.inventory);
    const ids = queryTargetIds(approved.inventory, intent);
    const graph = (source: Inventory) => options.graph?.(source, intent.format ?? 'text', ids) ?? { text: allResources(source).map((resource) => `${resource.kind} ${resource.id}`).join('\n'), data: null };
    const answer = answerQuery(intent, answerInventory, intent.targets?.kind === 'instance' ? ids : undefined, graph);
    report.emit(answer.text);
    return report.finish('executed', 'succeeded', EXIT.ok, { report: run, answer: answer.data });
  }
  let fresh: Inventory;
  try {
    fresh = await readInventory(clients, { includeTerminated: true });
  } catch (error) {
    // The plan has run: a failed read now must not hide that the cloud changed, nor pass for verified.
    const consequence = `The plan ran (${approved.plan.summary}; ${run.agentSteps} step${run.agentSteps === 1 ? '' : 's'} done), so the cloud has changed, but the change is NOT verified; ask again (e.g. a question about what it touched) to see the cloud as it is now.`;
    const failure = cloudReadFailure(error);
    if (!failure) throw error;
    const reason = readFailureText('the cloud to verify the plan', options.endpoint ?? `AWS (${clients.region})`, failure, consequence);
    report.emit(reason);
    context.audit?.append({ type: 'verification', actor: context.guard.agent, planId, data: { ok: false, checks: 0, failed: [], error: failure.detail } });
    return report.finish('executed', 'verification-failed', EXIT.failed, { report: run, reason });
  }
  report.apiCalls += fresh.apiCalls;
  const verification = verifyPlan(approved.plan, fresh);
  for (const check of verification.checks) report.emit(`${check.ok ? 'verified' : 'NOT verified'}: ${check.description}${check.detail ? ` (${check.detail})` : ''}`);
  context.audit?.append({ type: 'verification', actor: context.guard.agent, planId, data: { ok: verification.ok, checks: verification.checks.length, failed: verification.checks.filter((check) => !check.ok).map((check) => check.description) } });
  report.emit(verification.ok ? `Done in ${report.seconds()} s: ${approved.plan.summary}.` : 'The plan ran, but the cloud does not show everything it should; see above.');
  return report.finish('executed', verification.ok ? 'succeeded' : 'verification-failed', verification.ok ? EXIT.ok : EXIT.failed, { report: run, verification });
}

/** A read that failed after its retries, as a failed result (`consequence` says what it means for the cloud); a bug is thrown on. */
function readFailed(error: unknown, context: CarryOutContext, what: string, consequence: string): AskResult {
  const failure = cloudReadFailure(error);
  if (!failure) throw error;
  const reason = readFailureText(what, context.options.endpoint ?? `AWS (${context.clients.region})`, failure, consequence);
  context.report.emit(reason);
  return context.report.finish('failed', 'not-run', EXIT.failed, { reason });
}

/** Renders the plan as a stack change again (after a re-plan, or for `cirro approve`). */
async function renderAgain(approved: ApprovedPlan, context: CarryOutContext): Promise<Plan | string> {
  const rendered = await renderIac(approved.plan, approved.inventory, context.clients, approved.planId);
  if (!rendered.success) return rendered.error;
  context.report.apiCalls += rendered.value.apiCalls;
  return rendered.value.plan;
}

/** The mutating calls (and their undo calls) a plan may make, for the gateway's plan-bound mode. */
export function declaredCalls(plan: Plan, inventory: Inventory): { service: string; operation: string; resourceIds: string[] }[] {
  const known = new Set(allResources(inventory).map((resource) => resource.id));
  const declare = (call: ApiCall) => ({ service: call.service, operation: call.operation, resourceIds: idsInCall(call, (value) => known.has(value)) });
  return plan.steps.filter((step) => step.effect !== 'read').flatMap((step) => [declare(step.call), ...(step.inverse ? [declare(step.inverse)] : [])]);
}

function cliCredentials(options: CarryOutOptions): NodeJS.ProcessEnv {
  if (options.credentials && typeof options.credentials === 'object' && 'accessKeyId' in options.credentials) {
    return { AWS_ACCESS_KEY_ID: options.credentials.accessKeyId, AWS_SECRET_ACCESS_KEY: options.credentials.secretAccessKey, AWS_SESSION_TOKEN: undefined, AWS_PROFILE: undefined };
  }
  return options.gym && !process.env['AWS_ACCESS_KEY_ID'] ? { AWS_ACCESS_KEY_ID: GYM_CREDENTIALS.accessKeyId, AWS_SECRET_ACCESS_KEY: GYM_CREDENTIALS.secretAccessKey } : {};
}

function queryTargetIds(inventory: Inventory, intent: Extract<Intent, { type: 'query' }>): string[] | undefined {
  if (!intent.targets) return undefined;
  const resolved = resolveTargets(inventory, intent.targets, 'read');
  return resolved.type === 'found' ? resolved.resources.map((resource) => resource.id) : undefined;
}

function progressLine(event: ProgressEvent): string {
  switch (event.type) {
    case 'step-start': return `[${event.index + 1}/${event.total}] ${event.step.action}`;
    case 'step-done': return `      done (${event.seconds.toFixed(1)} s)`;
    case 'waiting': return `      waiting for ${event.description} (${Math.round(event.seconds)} s)`;
    case 'retry': return `      ${event.code}: retrying in ${event.delayMs} ms (attempt ${event.attempt + 1})`;
    default: return rollbackProgressLine(event) ?? `      ${event.type}`;
  }
}
