import type { ServiceContext, TimerHandler } from '../../../service.js';
import type { StackOutput, StackRecord, StackVersion } from '../store.js';
import { resolveValue } from '../template/index.js';
import { applyStep } from './apply-phase.js';
import { allResourceEntries, cleanupEntries, deleteStep } from './delete-phase.js';
import { prepareVersion, stackResolution, type PreparedVersion } from './prepared-version.js';
import { cloudFormationStore, scheduleTick, setStackStatus } from './stack-events.js';

/** Starts creating a stack whose current version is set: CREATE_IN_PROGRESS, then one step per tick. */
export function startCreate(context: ServiceContext, stack: StackRecord): void {
  setStackStatus(context, stack, 'CREATE_IN_PROGRESS', 'User Initiated');
  stack.operation = { phase: 'apply', kind: 'create', done: [] };
  scheduleTick(context, stack);
}

/** Starts updating a stack to a new version; the version it leaves is kept for a rollback. */
export function startUpdate(context: ServiceContext, stack: StackRecord, version: StackVersion): void {
  stack.previous = stack.current!;
  stack.current = version;
  stack.updatedAt = context.now;
  setStackStatus(context, stack, 'UPDATE_IN_PROGRESS', 'User Initiated');
  stack.operation = { phase: 'apply', kind: 'update', done: [] };
  scheduleTick(context, stack);
}

/** Starts deleting every resource of a stack in reverse dependency order. */
export function startDelete(context: ServiceContext, stack: StackRecord): void {
  setStackStatus(context, stack, 'DELETE_IN_PROGRESS', 'User Initiated');
  stack.operation = { phase: 'delete', kind: 'delete', entries: allResourceEntries(stack, true) };
  scheduleTick(context, stack);
}

/** The timer handler: moves a stack's operation one step and schedules the next while it runs. */
export const stackTick: TimerHandler = (context, timer) => {
  const store = cloudFormationStore(context);
  const record = store.stacks.get(timer.target);
  if (!record?.operation) return;
  const stack = structuredClone(record);
  step(context, stack);
  store.stacks.put(stack);
  if (stack.operation) scheduleTick(context, stack);
};

function step(context: ServiceContext, stack: StackRecord): void {
  const operation = stack.operation!;
  if (operation.phase === 'apply') {
    const version = operation.kind === 'update-rollback' ? stack.previous! : stack.current!;
    const target = prepareVersion(context, stack, version);
    const outcome = applyStep(context, stack, target, operation);
    if (outcome === 'running') return;
    if (outcome === 'done') {
      const problem = finishOutputs(context, stack, target);
      if (problem === undefined) return finishApply(context, stack, target, operation.kind);
      return failApply(context, stack, operation.kind, [], problem);
    }
    return failApply(context, stack, operation.kind, outcome.failed);
  }
  const outcome = deleteStep(context, stack, operation);
  if (outcome === 'running') return;
  finishDelete(context, stack, operation.kind, outcome.failed);
}

function finishApply(context: ServiceContext, stack: StackRecord, target: PreparedVersion, kind: 'create' | 'update' | 'update-rollback'): void {
  if (kind === 'create') {
    delete stack.operation;
    setStackStatus(context, stack, 'CREATE_COMPLETE');
    return completeChangeSet(context, stack);
  }
  const kept = Object.keys(target.graph.dependencies);
  if (kind === 'update-rollback') stack.current = stack.previous!;
  setStackStatus(context, stack, kind === 'update' ? 'UPDATE_COMPLETE_CLEANUP_IN_PROGRESS' : 'UPDATE_ROLLBACK_COMPLETE_CLEANUP_IN_PROGRESS');
  stack.operation = { phase: 'delete', kind: kind === 'update' ? 'update-cleanup' : 'update-rollback-cleanup', entries: cleanupEntries(stack, kept, kind === 'update') };
}

function failApply(context: ServiceContext, stack: StackRecord, kind: 'create' | 'update' | 'update-rollback', failed: readonly string[], problem?: string): void {
  for (const resource of Object.values(stack.resources)) delete resource.pending;
  if (kind === 'create') {
    const reason = problem ?? `The following resource(s) failed to create: [${failed.join(', ')}]. `;
    if (stack.disableRollback) {
      delete stack.operation;
      setStackStatus(context, stack, 'CREATE_FAILED', reason);
      return completeChangeSet(context, stack);
    }
    setStackStatus(context, stack, 'ROLLBACK_IN_PROGRESS', `${reason}Rollback requested by user.`);
    stack.operation = { phase: 'delete', kind: 'rollback', entries: allResourceEntries(stack, false) };
    return;
  }
  if (kind === 'update') {
    setStackStatus(context, stack, 'UPDATE_ROLLBACK_IN_PROGRESS', problem ?? `The following resource(s) failed to update: [${failed.join(', ')}]. `);
    stack.operation = { phase: 'apply', kind: 'update-rollback', done: [] };
    return;
  }
  delete stack.operation;
  setStackStatus(context, stack, 'UPDATE_ROLLBACK_FAILED', problem ?? `The following resource(s) failed to update: [${failed.join(', ')}]. `);
  completeChangeSet(context, stack);
}

function finishDelete(context: ServiceContext, stack: StackRecord, kind: 'delete' | 'rollback' | 'update-cleanup' | 'update-rollback-cleanup', failed: readonly string[]): void {
  delete stack.operation;
  if (kind === 'delete' || kind === 'rollback') {
    if (failed.length > 0) {
      const verb = kind === 'delete' ? 'DELETE_FAILED' : 'ROLLBACK_FAILED';
      setStackStatus(context, stack, verb, `The following resource(s) failed to delete: [${failed.join(', ')}]. `);
      return completeChangeSet(context, stack);
    }
    if (kind === 'delete') {
      stack.deletedAt = context.now;
      stack.outputs = [];
      setStackStatus(context, stack, 'DELETE_COMPLETE');
      return;
    }
    stack.outputs = [];
    setStackStatus(context, stack, 'ROLLBACK_COMPLETE');
    return completeChangeSet(context, stack);
  }
  // Cleanup failures leave the stack updated, as in AWS: the superseded resources are only orphaned.
  const kept = Object.keys(prepareVersion(context, stack, stack.current!).graph.dependencies);
  for (const [id, resource] of Object.entries(stack.resources)) {
    delete resource.replaced;
    delete resource.before;
    if (!kept.includes(id)) delete stack.resources[id];
  }
  delete stack.previous;
  setStackStatus(context, stack, kind === 'update-cleanup' ? 'UPDATE_COMPLETE' : 'UPDATE_ROLLBACK_COMPLETE');
  completeChangeSet(context, stack);
}

/** Resolves the outputs of a version just applied; returns the problem when one fails. */
function finishOutputs(context: ServiceContext, stack: StackRecord, target: PreparedVersion): string | undefined {
  const imports = new Set<string>();
  const resolution = stackResolution(context, stack, target, { imports });
  const outputs: StackOutput[] = [];
  for (const key of Object.keys(target.graph.outputDependencies)) {
    const output = target.template.Outputs[key]!;
    const value = resolveValue(output.Value, resolution);
    const exportName = output.Export ? resolveValue(output.Export.Name, resolution) : undefined;
    const description = output.Description !== undefined ? resolveValue(output.Description, resolution) : undefined;
    for (const result of [value, exportName, description]) if (result && !result.success) return result.error.message;
    const name = exportName?.success ? String(exportName.value) : undefined;
    if (name !== undefined) {
      const owner = [...cloudFormationStore(context).stacks.values()].find((other) => other.id !== stack.id && other.status !== 'DELETE_COMPLETE' && other.outputs.some((item) => item.ExportName === name));
      if (owner) return `Export with name ${name} is already exported by stack ${owner.name}. Rollback requested by user.`;
    }
    outputs.push({
      OutputKey: key,
      OutputValue: outputText(value.success ? value.value : undefined),
      ...(description?.success ? { Description: String(description.value) } : {}),
      ...(name !== undefined ? { ExportName: name } : {}),
    });
  }
  stack.outputs = outputs;
  stack.imports = [...new Set([...importsOf(context, stack, target), ...imports])];
  return undefined;
}

function importsOf(context: ServiceContext, stack: StackRecord, target: PreparedVersion): string[] {
  const imports = new Set<string>();
  const resolution = stackResolution(context, stack, target, { imports });
  for (const id of Object.keys(target.graph.dependencies)) resolveValue(target.template.Resources[id]!.Properties ?? {}, resolution);
  return [...imports];
}

function outputText(value: unknown): string {
  if (Array.isArray(value)) return value.map(String).join(',');
  return typeof value === 'object' && value !== null ? JSON.stringify(value) : String(value);
}

function completeChangeSet(context: ServiceContext, stack: StackRecord): void {
  if (!stack.changeSetId) return;
  const store = cloudFormationStore(context);
  if (store.changeSets.has(stack.changeSetId)) store.changeSets.update(stack.changeSetId, (changeSet) => { changeSet.executionStatus = 'EXECUTE_COMPLETE'; });
  delete stack.changeSetId;
}
