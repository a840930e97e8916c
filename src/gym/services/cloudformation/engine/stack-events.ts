import type { ServiceContext } from '../../../service.js';
import type { CloudFormationStore, StackRecord, StackResource } from '../store.js';

/** The timer that moves a stack's running operation one step. */
export const STACK_TICK = 'cloudformation.stack-tick';

/** Simulated time between steps: AWS reports resource events a second or more apart. */
export const TICK_MS = 1000;

/** The CloudFormation store of the context's region. */
export function cloudFormationStore(context: ServiceContext): CloudFormationStore {
  return context.store<CloudFormationStore>('cloudformation');
}

/** Records a stack-level status change (and the event AWS writes for it). */
export function setStackStatus(context: ServiceContext, stack: StackRecord, status: string, reason?: string): void {
  stack.status = status;
  if (reason === undefined) delete stack.reason;
  else stack.reason = reason;
  writeEvent(context, stack, { logicalId: stack.name, physicalId: stack.id, type: 'AWS::CloudFormation::Stack', status, reason });
}

/** Records a resource's status change and its event. */
export function setResourceStatus(context: ServiceContext, stack: StackRecord, resource: StackResource, status: string, reason?: string): void {
  resource.status = status;
  resource.updatedAt = context.now;
  if (reason === undefined) delete resource.reason;
  else resource.reason = reason;
  writeEvent(context, stack, {
    logicalId: resource.logicalId,
    physicalId: resource.physicalId,
    type: resource.type,
    status,
    reason,
    properties: JSON.stringify(resource.properties),
  });
}

/** Writes one event for a resource that may no longer be in the stack (a superseded copy). */
export function writeEvent(
  context: ServiceContext,
  stack: StackRecord,
  event: { logicalId: string; physicalId?: string; type: string; status: string; reason?: string; properties?: string },
): void {
  cloudFormationStore(context).events.put({
    id: context.ids.uuid(),
    stackId: stack.id,
    stackName: stack.name,
    timestamp: context.now,
    logicalId: event.logicalId,
    type: event.type,
    status: event.status,
    // Records are stored as JSON: absent fields are left out rather than kept as undefined.
    ...(event.physicalId !== undefined ? { physicalId: event.physicalId } : {}),
    ...(event.reason !== undefined ? { reason: event.reason } : {}),
    ...(event.properties !== undefined ? { properties: event.properties } : {}),
  });
}

/** Keeps the stack's operation moving: the next step after one tick of simulated time. */
export function scheduleTick(context: ServiceContext, stack: StackRecord): void {
  context.cancel(STACK_TICK, stack.id);
  context.schedule(TICK_MS, STACK_TICK, stack.id);
}

/** The message of a provider failure, as the resource's status reason. */
export function failureReason(error: unknown): string {
  if (error instanceof Error) {
    const code = (error as { code?: string }).code;
    return code && code !== 'ValidationError' ? `${error.message} (Service: ${code})` : error.message;
  }
  return String(error);
}
