import type { ServiceContext } from '../../../service.js';
import { cloudFormationStore } from '../engine/stack-events.js';
import { cloudFormationErrors } from '../errors.js';
import type { StackRecord } from '../store.js';

/** A live stack by name, or any stack (deleted ones too) by its id, as AWS looks StackName up. */
export function findStack(context: ServiceContext, nameOrId: string | undefined): StackRecord | undefined {
  if (!nameOrId) return undefined;
  const store = cloudFormationStore(context);
  if (nameOrId.startsWith('arn:')) return store.stacks.get(nameOrId);
  const [id] = store.stacks.lookup('name', nameOrId);
  return id === undefined ? undefined : store.stacks.get(id);
}

/** A stack that must exist; the ValidationError AWS gives otherwise. */
export function requireStack(context: ServiceContext, nameOrId: string | undefined): StackRecord {
  const stack = findStack(context, nameOrId);
  if (!stack) throw cloudFormationErrors.stackNotFound(nameOrId ?? '');
  return stack;
}

/** A copy of a stack to change and put back. */
export function draftOf(stack: StackRecord): StackRecord {
  return structuredClone(stack);
}

/** Whether a stack's status allows an update or change set to start. */
export function isSettled(status: string): boolean {
  return /_COMPLETE$/.test(status) && !['DELETE_COMPLETE', 'ROLLBACK_COMPLETE'].includes(status);
}

/** Stack ids as AWS makes them: `arn:aws:cloudformation:<region>:<account>:stack/<name>/<uuid>`. */
export function stackArn(context: ServiceContext, name: string): string {
  return `arn:aws:cloudformation:${context.region}:${context.accountId}:stack/${name}/${context.ids.uuid()}`;
}

/** Checks a stack name as CreateStack does. */
export function checkStackName(name: string | undefined): string {
  if (!name || !/^[a-zA-Z][-a-zA-Z0-9]{0,127}$/.test(name)) {
    throw cloudFormationErrors.validation(`1 validation error detected: Value '${name ?? ''}' at 'stackName' failed to satisfy constraint: Member must satisfy regular expression pattern: [a-zA-Z][-a-zA-Z0-9]*`);
  }
  return name;
}
