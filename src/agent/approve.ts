import { createCloudClients } from '../cloud/clients.js';
import type { Inventory } from '../cloud/inventory.js';
import { readInventory } from '../cloud/read-inventory.js';
import { checkPlan } from '../guard/check-plan.js';
import { changesSince, touchedResourceIds } from '../guard/fingerprint.js';
import type { PendingPlan } from '../guard/pending-plans.js';
import { defaultGuard, type AskOptions } from './ask.js';
import { AskReport, EXIT, type AskResult } from './ask-report.js';
import { carryOut } from './carry-out.js';
import { cloudReadFailure, readFailureText } from './read-failure-text.js';
import { formatCheck } from './check-text.js';
import { formatPlan } from './format.js';

/** What approving needs: where the cloud is and how to run, as for ask (no request or brain). */
export type ApproveOptions = Omit<AskOptions, 'request' | 'brain' | 'modality' | 'yes' | 'dryRun' | 'show' | 'interaction'>;

/**
 * Runs a pending plan a person approved: re-reads the cloud, refuses if anything the plan touches
 * changed since it was made, checks it again under today's policies, and carries it out.
 */
export async function approvePending(pending: PendingPlan, options: ApproveOptions): Promise<AskResult> {
  const report = new AskReport(pending.request, options.onLine);
  report.planId = pending.id;
  report.intent = pending.plan.intent;
  report.plan = pending.plan;
  if (Date.parse(pending.expiresAt) < Date.now()) {
    return report.refuse(`Refused: plan ${pending.id} expired at ${pending.expiresAt}; the cloud has had too long to move. Nothing was changed; ask again.`);
  }
  const clients = createCloudClients({ endpoint: options.endpoint, region: pending.region, ...(options.credentials ? { credentials: options.credentials } : {}), ...(options.gym ? { gym: true } : {}) });
  let inventory: Inventory;
  try {
    inventory = await readInventory(clients);
  } catch (error) {
    const failure = cloudReadFailure(error);
    if (!failure) throw error;
    const reason = readFailureText('the cloud', pending.endpoint ?? `AWS (${pending.region})`, failure, 'Nothing was changed.');
    report.emit(reason);
    return report.finish('failed', 'not-run', EXIT.failed, { reason });
  }
  report.apiCalls += inventory.apiCalls;
  const changes = changesSince(pending.fingerprint, inventory);
  for (const line of formatPlan(pending.plan)) report.emit(line);
  if (changes.length > 0) {
    const described = changes.map((change) => `${change.name ? `${change.name} (${change.id})` : change.id}: ${change.what}`).join('; ');
    options.audit?.append({ type: 'refusal', actor: 'user (cirro approve)', planId: pending.id, resources: changes.map((change) => change.id), data: { reason: 'changed under the plan', changes: described } });
    return report.refuse(`Refused: the cloud changed under plan ${pending.id} since it was made (${described}). Nothing was changed; ask again to plan against the cloud as it is now.`);
  }
  const guard = options.guard ?? defaultGuard(options);
  const check = checkPlan(pending.plan, inventory, guard);
  report.setCheck(check, guard.role);
  for (const line of formatCheck(check, guard.role, guard.roleSource)) report.emit(line);
  if (check.decision.type === 'refuse') {
    report.emit('Nothing was changed.');
    return report.finish('refused', 'not-run', EXIT.refused, { reason: check.decision.reason });
  }
  const route = { modality: pending.modality === 'cli' ? 'cli' as const : 'sdk' as const, reason: 'as planned' };
  report.route = route;
  options.audit?.append({ type: 'approval', actor: 'user (cirro approve)', planId: pending.id, resources: touchedResourceIds(pending.plan, inventory), data: { reason: pending.reason } });
  report.emit(`Approved ${pending.id}; the cloud is as the plan expects.`);
  return carryOut(
    { intent: pending.plan.intent, plan: pending.plan, inventory, check, planId: pending.id, route, approvedBy: 'approve-command' },
    {
      options,
      report, clients, guard, audit: options.audit,
    },
  );
}
