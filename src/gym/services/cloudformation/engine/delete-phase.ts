import type { ServiceContext } from '../../../service.js';
import type { Stabilization } from '../providers/provider.js';
import type { DeleteEntry, StackOperation, StackRecord } from '../store.js';
import { providerOf, stackProviderContext } from './prepared-version.js';
import { failureReason, setResourceStatus, writeEvent } from './stack-events.js';

type DeleteOperation = Extract<StackOperation, { phase: 'delete' }>;

/** How a step of a delete phase ended: still running, or finished (with the entries that failed). */
export type DeleteOutcome = 'running' | { readonly finished: true; readonly failed: readonly string[] };

/**
 * One step of deleting resources in reverse dependency order: polls deletions in progress, then starts
 * every entry nothing left depends on. DeletionPolicy Retain skips the delete and keeps the resource.
 */
export function deleteStep(context: ServiceContext, stack: StackRecord, operation: DeleteOperation): DeleteOutcome {
  const failed = operation.entries.filter((entry) => entry.state === 'deleted' && isFailed(stack, entry)).map((entry) => entry.logicalId);
  const providerContext = stackProviderContext(context, stack);
  for (const entry of operation.entries.filter((candidate) => candidate.state === 'deleting')) {
    let state: Stabilization;
    try {
      state = providerOf(entry.type).deleteStabilized?.(providerContext, entry.physicalId!) ?? 'done';
    } catch (error) {
      state = { failed: failureReason(error) };
    }
    if (state === 'pending') continue;
    entry.state = 'deleted';
    if (state === 'done') report(context, stack, entry, 'DELETE_COMPLETE');
    else {
      report(context, stack, entry, 'DELETE_FAILED', state.failed);
      failed.push(entry.logicalId);
    }
  }
  for (const entry of operation.entries) {
    if (entry.state !== 'waiting' || blocked(operation.entries, entry)) continue;
    if (entry.physicalId === undefined) entry.state = 'deleted';
    else if (entry.retain) {
      entry.state = 'deleted';
      report(context, stack, entry, 'DELETE_SKIPPED');
    } else startDelete(context, stack, entry, failed);
  }
  return operation.entries.every((entry) => entry.state === 'deleted') ? { finished: true, failed } : 'running';
}

function startDelete(context: ServiceContext, stack: StackRecord, entry: DeleteEntry, failed: string[]): void {
  report(context, stack, entry, 'DELETE_IN_PROGRESS');
  try {
    providerOf(entry.type).delete(stackProviderContext(context, stack), entry.physicalId!, entry.properties);
    entry.state = 'deleting';
  } catch (error) {
    entry.state = 'deleted';
    report(context, stack, entry, 'DELETE_FAILED', failureReason(error));
    failed.push(entry.logicalId);
  }
}

function isFailed(stack: StackRecord, entry: DeleteEntry): boolean {
  return !entry.superseded && stack.resources[entry.logicalId]?.status === 'DELETE_FAILED';
}

/** Whether another entry still to be deleted depends on this one. */
function blocked(entries: readonly DeleteEntry[], entry: DeleteEntry): boolean {
  return entries.some((other) => other !== entry && other.state !== 'deleted' && !other.superseded && other.dependencies.includes(entry.logicalId));
}

function report(context: ServiceContext, stack: StackRecord, entry: DeleteEntry, status: string, reason?: string): void {
  const resource = stack.resources[entry.logicalId];
  if (!entry.superseded && resource) setResourceStatus(context, stack, resource, status, reason);
  else writeEvent(context, stack, { logicalId: entry.logicalId, physicalId: entry.physicalId, type: entry.type, status, reason, properties: JSON.stringify(entry.properties) });
}

/** Entries that delete every resource of a stack (DeleteStack, or rolling back a failed create). */
export function allResourceEntries(stack: StackRecord, honourRetain: boolean): DeleteEntry[] {
  // A rolled-back stack's resources are already gone: deleting the stack only removes the stack.
  return Object.values(stack.resources).filter((resource) => resource.status !== 'DELETE_COMPLETE').map((resource) => ({
    logicalId: resource.logicalId,
    type: resource.type,
    ...(resource.physicalId !== undefined ? { physicalId: resource.physicalId } : {}),
    properties: resource.properties,
    dependencies: resource.dependencies,
    retain: honourRetain && (resource.deletionPolicy === 'Retain' || resource.deletionPolicy === 'RetainExceptOnCreate'),
    superseded: false,
    state: 'waiting' as const,
  }));
}

/** Entries an update's cleanup deletes: resources the new version dropped, and the copies replacements superseded. */
export function cleanupEntries(stack: StackRecord, kept: readonly string[], honourRetain: boolean): DeleteEntry[] {
  const entries: DeleteEntry[] = [];
  for (const resource of Object.values(stack.resources)) {
    if (resource.replaced) {
      entries.push({ logicalId: resource.logicalId, type: resource.type, physicalId: resource.replaced.physicalId, properties: resource.replaced.properties, dependencies: [], retain: false, superseded: true, state: 'waiting' });
    }
    if (!kept.includes(resource.logicalId)) {
      entries.push({
        logicalId: resource.logicalId,
        type: resource.type,
        ...(resource.physicalId !== undefined ? { physicalId: resource.physicalId } : {}),
        properties: resource.properties,
        dependencies: resource.dependencies,
        retain: honourRetain && resource.deletionPolicy === 'Retain',
        superseded: false,
        state: 'waiting',
      });
    }
  }
  return entries;
}
