import type { ServiceContext } from '../../../service.js';
import { changedProperties, replacementFor, type ResourceProperties, type ResourceProvider, type Stabilization } from '../providers/provider.js';
import { missingRequired } from '../providers/provider-values.js';
import type { StackOperation, StackRecord, StackResource } from '../store.js';
import { resolveValue } from '../template/index.js';
import { providerOf, stackProviderContext, stackResolution, type PreparedVersion } from './prepared-version.js';
import { failureReason, setResourceStatus } from './stack-events.js';

type ApplyOperation = Extract<StackOperation, { phase: 'apply' }>;

/** How a step of an apply phase ended: still running, every resource done, or these resources failed. */
export type ApplyOutcome = 'running' | 'done' | { readonly failed: readonly string[] };

/**
 * One step of applying a template version: polls the resources in progress, then starts every resource
 * whose dependencies are done (creating, updating in place, or replacing new-first). Stops starting
 * resources at the first failure, as CloudFormation does.
 */
export function applyStep(context: ServiceContext, stack: StackRecord, target: PreparedVersion, operation: ApplyOperation): ApplyOutcome {
  const failed = pollInProgress(context, stack, operation);
  if (failed.length > 0) return { failed };
  const order = target.graph.creationOrder.flat();
  for (const id of order) {
    if (operation.done.includes(id) || stack.resources[id]?.pending) continue;
    if (!target.graph.dependencies[id]!.every((need) => operation.done.includes(need))) continue;
    if (!startResource(context, stack, target, operation, id)) return { failed: [id] };
  }
  const busy = Object.values(stack.resources).some((resource) => resource.pending);
  return !busy && order.every((id) => operation.done.includes(id)) ? 'done' : 'running';
}

function verbOf(resource: StackResource): 'CREATE' | 'UPDATE' {
  return resource.pending === 'update' || resource.replaced ? 'UPDATE' : 'CREATE';
}

function pollInProgress(context: ServiceContext, stack: StackRecord, operation: ApplyOperation): string[] {
  const providerContext = stackProviderContext(context, stack);
  const failed: string[] = [];
  for (const resource of Object.values(stack.resources)) {
    if (!resource.pending) continue;
    let state: Stabilization;
    try {
      state = providerOf(resource.type).stabilized?.(providerContext, resource.physicalId!, resource.properties) ?? 'done';
    } catch (error) {
      state = { failed: failureReason(error) };
    }
    if (state === 'pending') continue;
    const verb = verbOf(resource);
    delete resource.pending;
    if (state === 'done') {
      operation.done.push(resource.logicalId);
      setResourceStatus(context, stack, resource, `${verb}_COMPLETE`);
    } else {
      setResourceStatus(context, stack, resource, `${verb}_FAILED`, state.failed);
      failed.push(resource.logicalId);
    }
  }
  return failed;
}

/** Starts one resource; false when it failed at once. */
function startResource(context: ServiceContext, stack: StackRecord, target: PreparedVersion, operation: ApplyOperation, id: string): boolean {
  const declaration = target.template.Resources[id]!;
  const provider = providerOf(declaration.Type);
  const existing = stack.resources[id];
  const resolved = resolveValue(declaration.Properties ?? {}, stackResolution(context, stack, target, { imports: new Set(stack.imports) }));
  const properties = (resolved.success ? resolved.value ?? {} : {}) as ResourceProperties;
  const resource: StackResource = existing?.physicalId !== undefined && existing.type === declaration.Type
    ? existing
    : { logicalId: id, type: declaration.Type, properties, status: 'CREATE_IN_PROGRESS', updatedAt: context.now, dependencies: [] };
  resource.dependencies = [...target.graph.dependencies[id]!];
  if (declaration.DeletionPolicy === undefined) delete resource.deletionPolicy;
  else resource.deletionPolicy = declaration.DeletionPolicy;
  if (resource !== existing) {
    if (existing?.physicalId !== undefined) resource.replaced = { physicalId: existing.physicalId, properties: existing.properties };
    stack.resources[id] = resource;
    return create(context, stack, provider, resource, resolved.success ? undefined : resolved.error.message, properties);
  }
  if (!resolved.success) return fail(context, stack, resource, 'UPDATE', resolved.error.message);
  if (operation.kind === 'update-rollback' && resource.replaced && changedProperties(resource.replaced.properties, properties).length === 0) {
    // Rolling back a replacement: the original still exists, so it comes back and the new copy is cleaned up.
    const newer = { physicalId: resource.physicalId!, properties: resource.properties };
    resource.physicalId = resource.replaced.physicalId;
    resource.properties = resource.replaced.properties;
    resource.replaced = newer;
    operation.done.push(id);
    setResourceStatus(context, stack, resource, 'UPDATE_COMPLETE');
    return true;
  }
  const changed = changedProperties(resource.properties, properties);
  if (changed.length === 0) {
    operation.done.push(id);
    return true;
  }
  if (requiresReplacement(provider, resource.properties, properties, changed)) {
    setResourceStatus(context, stack, resource, 'UPDATE_IN_PROGRESS', 'Requested update requires the creation of a new physical resource; hence creating one.');
    const superseded = { physicalId: resource.physicalId!, properties: resource.properties };
    delete resource.physicalId;
    resource.replaced = superseded;
    return create(context, stack, provider, resource, undefined, properties);
  }
  setResourceStatus(context, stack, resource, 'UPDATE_IN_PROGRESS');
  try {
    const renamed = provider.update(stackProviderContext(context, stack), resource.physicalId!, resource.properties, properties);
    if (renamed) resource.physicalId = renamed.physicalId;
  } catch (error) {
    return fail(context, stack, resource, 'UPDATE', failureReason(error));
  }
  resource.before = resource.properties;
  resource.properties = properties;
  resource.pending = 'update';
  return true;
}

function requiresReplacement(provider: ResourceProvider, previous: ResourceProperties, next: ResourceProperties, changed: readonly string[]): boolean {
  const replacement = replacementFor(provider, changed);
  if (replacement === 'Conditional') return provider.conditionalReplacement?.(previous, next) ?? true;
  return replacement === 'True';
}

function create(
  context: ServiceContext,
  stack: StackRecord,
  provider: ResourceProvider,
  resource: StackResource,
  problem: string | undefined,
  properties: ResourceProperties,
): boolean {
  const verb = resource.replaced ? 'UPDATE' : 'CREATE';
  resource.properties = properties;
  if (verb === 'CREATE') setResourceStatus(context, stack, resource, 'CREATE_IN_PROGRESS');
  if (problem !== undefined) return fail(context, stack, resource, verb, problem);
  const missing = missingRequired(provider, resource.logicalId, properties);
  if (missing) return fail(context, stack, resource, verb, missing.message);
  try {
    resource.physicalId = provider.create(stackProviderContext(context, stack), resource.logicalId, properties).physicalId;
  } catch (error) {
    return fail(context, stack, resource, verb, failureReason(error));
  }
  resource.pending = 'create';
  setResourceStatus(context, stack, resource, `${verb}_IN_PROGRESS`, 'Resource creation Initiated');
  return true;
}

function fail(context: ServiceContext, stack: StackRecord, resource: StackResource, verb: 'CREATE' | 'UPDATE', reason: string): false {
  if (verb === 'UPDATE' && resource.physicalId === undefined && resource.replaced) {
    // The new copy never came to be: the resource is still the one it replaced.
    resource.physicalId = resource.replaced.physicalId;
    resource.properties = resource.replaced.properties;
    delete resource.replaced;
  }
  setResourceStatus(context, stack, resource, `${verb}_FAILED`, reason);
  return false;
}
