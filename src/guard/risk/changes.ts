import { shortId } from '../../cloud/inventory-query.js';
import type { Effect, Step } from '../../plan/plan.js';
import { resourcesOfStep, type PlanResourceIndex, type StepResource } from '../authorization/step-resources.js';

/** One resource one step changes, with what happens to it in words. */
export interface Change {
  readonly step: Step;
  readonly effect: Effect;
  readonly resource: StepResource;
  /** True when the call stops the resource (StopInstances), whatever effect the plan gave the step. */
  readonly stops: boolean;
  /** "terminates", "deletes", "replaces", "stops and starts", "stops", "changes". */
  readonly verb: string;
}

/** Every resource each changing step touches. */
export function changesOf(steps: readonly Step[], index: PlanResourceIndex): Change[] {
  return steps.flatMap((step) => {
    const stops = step.call.operation === 'StopInstances';
    const verb = verbOf(step, stops);
    return resourcesOfStep(step, index).map((resource) => ({ step, effect: step.effect, resource, stops, verb }));
  });
}

function verbOf(step: Step, stops: boolean): string {
  switch (step.effect) {
    case 'delete':
      return step.call.operation === 'TerminateInstances' ? 'terminates' : 'deletes';
    case 'replace':
      return 'replaces';
    case 'update-stop-start':
      return 'stops and starts';
    default:
      return stops ? 'stops' : 'changes';
  }
}

/** How a resource is named in a reason: "web-1 (i-0abc…)", or the kind and id when it has no name. */
export function labelOf(resource: StepResource): string {
  const name = resource.view?.name ?? resource.tags['Name'];
  if (resource.planned) return `new ${resource.kind} ${resource.id}`;
  return name ? `${name} (${shortId(resource)})` : `${resource.kind} ${shortId(resource)}`;
}
