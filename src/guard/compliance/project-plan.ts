import type { Inventory } from '../../cloud/inventory.js';
import type { Plan } from '../../plan/plan.js';
import { Projection, type ProjectedState, type ResolvedInput, type StepProjection } from './projection.js';
import { EC2_COMPUTE_PROJECTIONS } from './projection-ec2-compute.js';
import { EC2_NETWORK_PROJECTIONS } from './projection-ec2-network.js';
import { ELBV2_PROJECTIONS } from './projection-elbv2.js';

/** How each modelled API call changes the projected state, by operation name. */
const PROJECTIONS: Readonly<Record<string, StepProjection>> = { ...EC2_COMPUTE_PROJECTIONS, ...EC2_NETWORK_PROJECTIONS, ...ELBV2_PROJECTIONS };

/**
 * The state a plan would produce: each changing step's API call applied, in order, to a copy of the
 * inventory. Created resources get placeholder ids (`new:<step>:…`) named by the step's resource ref,
 * and later steps' references to their outputs resolve to those ids. A call the projection does not
 * model still marks the step's resource as touched, so rules look at it.
 */
export function projectPlan(plan: Plan, inventory: Inventory): ProjectedState {
  const projection = new Projection(inventory);
  for (const step of plan.steps) {
    if (step.effect === 'read') continue;
    const input = projection.resolve(step.call.input) as ResolvedInput;
    const apply = PROJECTIONS[step.call.operation];
    if (apply) apply(projection, step, input);
    else for (const id of (step.resource.id ?? '').split(',')) projection.touch(id || undefined);
  }
  return projection.finish();
}

/** True when the projection models what this API operation does to the cloud (so its after-state can be trusted). */
export function isProjected(operation: string): boolean {
  return operation in PROJECTIONS;
}
