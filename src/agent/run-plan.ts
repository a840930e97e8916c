import { createCloudClients } from '../cloud/clients.js';
import type { Inventory } from '../cloud/inventory.js';
import { readInventory } from '../cloud/read-inventory.js';
import { checkPlan } from '../guard/check-plan.js';
import type { Plan } from '../plan/plan.js';
import { defaultGuard, newPlanId, type AskOptions } from './ask.js';
import { AskReport, EXIT, type AskResult } from './ask-report.js';
import { carryOut } from './carry-out.js';
import { decideOnPlan } from './approval.js';
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
  const approvedBy = await decideOnPlan(plan, inventory, check, guard, report, options);
  if (typeof approvedBy !== 'string') return approvedBy;
  return carryOut({ intent: plan.intent, plan, inventory, check, planId: report.planId, route, approvedBy }, { options, report, clients, guard, audit: options.audit });
}
