import type { ResourceToImport } from '@aws-sdk/client-cloudformation';
import type { ServiceContext } from '../../../service.js';
import { prepareVersion, providerOf, stackProviderContext, stackResolution, type PreparedVersion } from '../engine/prepared-version.js';
import { cloudFormationStore, setResourceStatus, setStackStatus } from '../engine/stack-events.js';
import { cloudFormationErrors } from '../errors.js';
import { changedProperties, type ResourceProperties } from '../providers/provider.js';
import type { ChangeRecord, ChangeSetRecord, ImportedResource, StackRecord } from '../store.js';
import { parseTemplate, resolveValue } from '../template/index.js';
import { identifierKeys, isImportable, physicalIdOf, shownIdentifier } from './resource-identifiers.js';

/** What an IMPORT change set will do: the resources it adopts and, when one cannot be adopted, why. */
export interface ImportPlan {
  readonly imports: ImportedResource[];
  readonly changes: ChangeRecord[];
  readonly problem?: string;
}

const list = (items: readonly string[]) => `[${items.join(', ')}]`;

/**
 * Checks an IMPORT change set as CloudFormation does and returns what it adopts. The request's mistakes
 * are ValidationErrors with AWS's wording (unknown logical ids, unsupported types, no DeletionPolicy,
 * other resources or outputs changed); a resource that does not exist fails the change set instead.
 */
export function planImport(context: ServiceContext, stack: StackRecord, target: PreparedVersion, requested: readonly ResourceToImport[]): ImportPlan {
  if (requested.length === 0) throw cloudFormationErrors.validation('ResourcesToImport must name at least one resource for a change set of type IMPORT');
  const declared = (id: string) => (id in target.graph.dependencies ? target.template.Resources[id] : undefined);
  const missing = requested.map((item) => item.LogicalResourceId ?? '').filter((id) => !declared(id));
  if (missing.length > 0) throw cloudFormationErrors.validation(`The logical resource ids ${list(missing)} provided in ResourceToImport do not exist in the template.`);
  const unsupported = requested.map((item) => declared(item.LogicalResourceId!)!.Type).filter((type) => !isImportable(type));
  if (unsupported.length > 0) throw cloudFormationErrors.validation(`The following resource types are not supported for resource import: ${unsupported.join(',')}`);
  const mistyped = requested.filter((item) => item.ResourceType !== declared(item.LogicalResourceId!)!.Type);
  if (mistyped.length > 0) {
    const item = mistyped[0]!;
    throw cloudFormationErrors.validation(`The ResourceType ${item.ResourceType ?? ''} given for ${item.LogicalResourceId} does not match its Type ${declared(item.LogicalResourceId!)!.Type} in the template`);
  }
  const unretained = requested.map((item) => item.LogicalResourceId!).filter((id) => declared(id)!.DeletionPolicy === undefined);
  if (unretained.length > 0) throw cloudFormationErrors.validation(`The following resources to import ${list(unretained)} must have DeletionPolicy attribute specified in the template.`);
  checkNothingElseChanges(context, stack, target, new Set(requested.map((item) => item.LogicalResourceId!)));
  const imports = requested.map((item) => {
    const identifier = (item.ResourceIdentifier ?? {}) as Record<string, string>;
    const physicalId = physicalIdOf(item.ResourceType!, identifier);
    if (physicalId === undefined) {
      throw cloudFormationErrors.validation(`ResourceIdentifier of ${item.LogicalResourceId} must give ${identifierKeys(item.ResourceType!).join(' and ')} for ${item.ResourceType}`);
    }
    const owner = owningStack(context, item.ResourceType!, physicalId);
    if (owner) throw cloudFormationErrors.validation(`Resource ${item.LogicalResourceId} with identifier ${shownIdentifier(identifier)} already belongs to stack ${owner}; a resource can be managed by one stack only`);
    return { logicalId: item.LogicalResourceId!, type: item.ResourceType!, physicalId, identifier: shownIdentifier(identifier) };
  });
  const gone = imports.find((item) => providerOf(item.type).read(stackProviderContext(context, stack), item.physicalId) === undefined);
  const changes: ChangeRecord[] = imports.map((item) => ({
    Action: 'Import', LogicalResourceId: item.logicalId, PhysicalResourceId: item.physicalId, ResourceType: item.type, Scope: [], Details: [],
  }));
  return {
    imports: imports.map(({ identifier: _identifier, ...rest }) => rest),
    changes,
    ...(gone ? { problem: `Import of ${gone.logicalId} failed: ${gone.type} with identifier ${gone.identifier} does not exist` } : {}),
  };
}

/** An import may only add the imported resources: every other resource, and the outputs, must stay as they are. */
function checkNothingElseChanges(context: ServiceContext, stack: StackRecord, target: PreparedVersion, importing: ReadonlySet<string>): void {
  const placeholder = (id: string) => (importing.has(id) ? `{{${id}}}` : undefined);
  const resolution = stackResolution(context, stack, target, { placeholder });
  const changed: string[] = [];
  for (const id of Object.keys(target.graph.dependencies)) {
    if (importing.has(id)) continue;
    const existing = stack.resources[id];
    const declaration = target.template.Resources[id]!;
    const resolved = resolveValue(declaration.Properties ?? {}, resolution);
    const same = existing?.physicalId !== undefined && existing.type === declaration.Type && resolved.success
      && changedProperties(existing.properties, (resolved.value ?? {}) as ResourceProperties).length === 0;
    if (!same) changed.push(id);
  }
  for (const id of Object.keys(stack.resources)) if (!(id in target.graph.dependencies)) changed.push(id);
  if (changed.length > 0) {
    throw cloudFormationErrors.validation(`You have modified resources ${list(changed)} in your template that are not being imported. Update, create or delete operations cannot be executed during import operations.`);
  }
  const previousOutputs = stack.current ? outputsOf(stack.current.templateBody) : '{}';
  if (JSON.stringify(target.template.Outputs ?? {}) !== previousOutputs) {
    throw cloudFormationErrors.validation('As part of the import operation, you cannot modify or add [Outputs]');
  }
}

function outputsOf(templateBody: string): string {
  const parsed = parseTemplate(templateBody);
  return parsed.success ? JSON.stringify(parsed.value.Outputs ?? {}) : '{}';
}

/** The stack (other than deleted ones) that already manages a physical resource, by name. */
function owningStack(context: ServiceContext, type: string, physicalId: string): string | undefined {
  for (const other of cloudFormationStore(context).stacks.values()) {
    if (other.status === 'DELETE_COMPLETE') continue;
    if (Object.values(other.resources).some((resource) => resource.type === type && resource.physicalId === physicalId)) return other.name;
  }
  return undefined;
}

/**
 * Executes an IMPORT change set: the resources join the stack with the template's properties as their
 * expected state, and the stack moves to IMPORT_COMPLETE. A resource gone since the change set was made
 * fails the import, which leaves the stack as it was (IMPORT_ROLLBACK_COMPLETE).
 */
export function executeImport(context: ServiceContext, stack: StackRecord, changeSet: ChangeSetRecord): void {
  const imports = changeSet.imports ?? [];
  const before = stack.current;
  setStackStatus(context, stack, 'IMPORT_IN_PROGRESS', 'User Initiated');
  stack.current = changeSet.version;
  if (before) stack.updatedAt = context.now;
  const target = prepareVersion(context, stack, changeSet.version);
  const providerContext = stackProviderContext(context, stack);
  for (const item of imports) {
    const declaration = target.template.Resources[item.logicalId]!;
    stack.resources[item.logicalId] = {
      logicalId: item.logicalId, type: item.type, physicalId: item.physicalId, properties: {}, status: 'IMPORT_IN_PROGRESS',
      updatedAt: context.now, dependencies: [...target.graph.dependencies[item.logicalId]!], deletionPolicy: declaration.DeletionPolicy!,
    };
  }
  const resolution = stackResolution(context, stack, target);
  const failed: string[] = [];
  for (const item of imports) {
    const resource = stack.resources[item.logicalId]!;
    const resolved = resolveValue(target.template.Resources[item.logicalId]!.Properties ?? {}, resolution);
    resource.properties = (resolved.success ? resolved.value ?? {} : {}) as ResourceProperties;
    setResourceStatus(context, stack, resource, 'IMPORT_IN_PROGRESS', 'Resource import started.');
    if (!resolved.success) {
      setResourceStatus(context, stack, resource, 'IMPORT_FAILED', resolved.error.message);
      failed.push(item.logicalId);
    } else if (providerOf(item.type).read(providerContext, item.physicalId) === undefined) {
      setResourceStatus(context, stack, resource, 'IMPORT_FAILED', `${item.type} ${item.physicalId} does not exist`);
      failed.push(item.logicalId);
    } else {
      setResourceStatus(context, stack, resource, 'IMPORT_COMPLETE', 'Resource import completed.');
    }
  }
  if (failed.length === 0) return setStackStatus(context, stack, 'IMPORT_COMPLETE');
  setStackStatus(context, stack, 'IMPORT_ROLLBACK_IN_PROGRESS', `The following resource(s) failed to import: ${list(failed)}. `);
  for (const item of imports) delete stack.resources[item.logicalId];
  if (before) stack.current = before;
  else delete stack.current;
  setStackStatus(context, stack, 'IMPORT_ROLLBACK_COMPLETE');
}
