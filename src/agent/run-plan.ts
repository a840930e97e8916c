import { createCloudClients } from '../cloud/clients.js';
import type { Inventory } from '../cloud/inventory.js';
import { readInventory } from '../cloud/read-inventory.js';
import { checkPlan } from '../guard/check-plan.js';
import { touchedResourceIds } from '../guard/fingerprint.js';
import type { Plan } from '../plan/plan.js';
import { defaultGuard, newPlanId, type AskOptions } from './ask.js';
import { AskReport, EXIT, type AskResult } from './ask-report.js';
import { carryOut, type ApprovedBy } from './carry-out.js';
import { formatCheck } from './check-text.js';
import { formatPlan } from './format.js';
import { chooseModality } from './router.js';

/** What running a ready-made plan needs: where the cloud is and how to run, as for ask, and what to call the run. */
export type RunPlanOptions = Omit<AskOptions, 'request' | 'brain' | 'modality' | 'show' | 'render' | 'graph'> & {
  /** What the run is called in the report and the audit log ("cirro drift --restore"). */
  readonly request: string;
  /** The inventory the plan was made from; read again when absent. */
  readonly inventory?: Inventory;
};

/**
 * Runs a plan that did not come from a request (a drift restore) through everything `cirro ask` puts a
 * plan through: the guard's checks (compliance, authorization, risk), approval (--yes or a terminal
 * prompt; never over a refusal), the audit log, the locks, the gateway bound to the plan, the runner
 * with rollback, and verification. A plan made from a report is not re-planned: if what it touches
 * moved before it runs, it is refused.
 */
export async function runPlanGuarded(plan: Plan, options: RunPlanOptions): Promise<AskResult> {
  const report = new AskReport(options.request, options.onLine);
  report.intent = plan.intent;
  report.plan = plan;
  report.planId = (options.newPlanId ?? newPlanId)();
  const clients = createCloudClients({ endpoint: options.endpoint, region: options.region, ...(options.credentials ? { credentials: options.credentials } : {}), ...(options.gym ? { gym: true } : {}) });
  let inventory = options.inventory;
  if (!inventory) {
    try {
      inventory = await readInventory(clients);
    } catch (error) {
      return report.refuse(`could not read the cloud at ${options.endpoint ?? `AWS (${clients.region})`}: ${(error as Error).message}`, EXIT.failed);
    }
    report.apiCalls += inventory.apiCalls;
  }
  const guard = options.guard ?? defaultGuard(options);
  const check = checkPlan(plan, inventory, guard);
  report.setCheck(check, guard.role);
  const route = chooseModality(plan.intent, 'auto', false);
  report.route = route;
  for (const line of formatPlan(plan)) report.emit(line);
  for (const line of formatCheck(check, guard.role, guard.roleSource)) report.emit(line);
  const touched = touchedResourceIds(plan, inventory);
  options.audit?.append({ type: 'plan', actor: guard.agent, planId: report.planId, resources: touched, data: { request: options.request, summary: plan.summary, steps: plan.steps.map((step) => ({ id: step.id, effect: step.effect, operation: `${step.call.service}:${step.call.operation}` })) } });
  options.audit?.append({ type: check.decision.type === 'refuse' ? 'refusal' : 'decision', actor: guard.agent, planId: report.planId, resources: touched, data: { role: guard.role, decision: check.decision.type, reason: check.decision.reason, decidedBy: check.decision.decidedBy, risk: check.risk.level } });
  if (check.decision.type === 'refuse') {
    const reason = `${check.decision.reason}${check.decision.fix ? `\n  fix: ${check.decision.fix}` : ''}`;
    report.emit('Nothing was changed.');
    return report.finish('refused', 'not-run', EXIT.refused, { reason });
  }
  if (options.dryRun) {
    report.emit('Dry run: nothing was changed.');
    return report.finish('dry-run', 'not-run', EXIT.ok);
  }
  let approvedBy: ApprovedBy = 'low-risk';
  if (check.decision.type === 'needs-approval') {
    if (options.yes) approvedBy = 'yes';
    else if (options.interaction && (await options.interaction.confirm('Apply this plan?'))) approvedBy = 'interactive';
    else {
      const reason = `This plan needs approval (${check.decision.reason}). Nothing was changed; run again with --yes${options.interaction ? '' : ', or from a terminal to be asked'}.`;
      report.emit(reason);
      return report.finish('needs-approval', 'not-run', EXIT.needsApproval, { reason });
    }
    options.audit?.append({ type: 'approval', actor: approvedBy === 'yes' ? 'user (--yes)' : 'user (terminal)', planId: report.planId, resources: touched, data: { reason: check.decision.reason } });
  }
  return carryOut({ intent: plan.intent, plan, inventory, check, planId: report.planId, route, approvedBy }, { options, report, clients, guard, audit: options.audit });
}
