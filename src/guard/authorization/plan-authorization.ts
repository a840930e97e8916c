import type { Inventory } from '../../cloud/inventory.js';
import type { Plan } from '../../plan/plan.js';
import { indexPlanResources, resourcesOfStep } from './step-resources.js';
import type { AuthorizationResult, Authorizer } from './types.js';

/**
 * Asks the authorizer about every step of a plan, as `who` (role and agent): one request per resource
 * the step touches, with the step's effect and the resource's tags (from the inventory for existing
 * resources, from the create call for ones the plan makes). A step is allowed when all its resources
 * are; otherwise its result is the first refusal, which names that resource.
 */
export function authorizePlan(plan: Plan, inventory: Inventory, authorizer: Authorizer, who: { role: string; agent: string }): { stepId: string; result: AuthorizationResult }[] {
  const index = indexPlanResources(plan, inventory);
  return plan.steps.map((step) => {
    const action = `${step.call.service}:${step.call.operation}`;
    const resources = resourcesOfStep(step, index);
    const targets = resources.length > 0 ? resources.map(({ kind, id, tags }) => ({ kind, id, tags })) : [undefined];
    const policies = new Set<string>();
    for (const resource of targets) {
      const result = authorizer.authorize({ role: who.role, agent: who.agent, action, effect: step.effect, resource });
      if (!result.allowed) return { stepId: step.id, result };
      for (const policy of result.policies) policies.add(policy);
    }
    return { stepId: step.id, result: { allowed: true, policies: [...policies] } };
  });
}
