import type { ServiceContext } from '../../../service.js';
import { changedProperties, replacementFor, type ResourceProperties } from '../providers/provider.js';
import type { ChangeRecord, StackRecord } from '../store.js';
import { resolveValue, type TemplateError } from '../template/index.js';
import type { Result } from '../../../../core/result.js';
import { providerOf, stackResolution, type PreparedVersion } from './prepared-version.js';

const recreation = { replace: 'Always', conditional: 'Conditionally', none: 'Never', interrupt: 'Never' } as const;

/**
 * The changes applying a version to a stack would make, as a change set lists them: Add, Modify (with
 * Replacement from the providers' update behaviour) and Remove. A resource that is added or replaced
 * has no physical id yet, so what refers to it shows as a change caused by that reference.
 */
export function previewChanges(context: ServiceContext, stack: StackRecord, target: PreparedVersion): Result<ChangeRecord[], TemplateError> {
  const renewed = new Set<string>();
  const placeholder = (logicalId: string) => (renewed.has(logicalId) ? `{{${logicalId}}}` : undefined);
  const resolution = stackResolution(context, stack, target, { placeholder });
  const changes: ChangeRecord[] = [];
  for (const id of target.graph.creationOrder.flat()) {
    const declaration = target.template.Resources[id]!;
    const existing = stack.resources[id];
    if (existing?.physicalId === undefined || existing.type !== declaration.Type) {
      renewed.add(id);
      changes.push({ Action: 'Add', LogicalResourceId: id, ResourceType: declaration.Type, Scope: [], Details: [] });
      continue;
    }
    const resolved = resolveValue(declaration.Properties ?? {}, resolution);
    if (!resolved.success) return resolved;
    const next = (resolved.value ?? {}) as ResourceProperties;
    const changed = changedProperties(existing.properties, next);
    if (changed.length === 0) continue;
    const provider = providerOf(declaration.Type);
    const replacement = replacementFor(provider, changed);
    if (replacement === 'True') renewed.add(id);
    const details = changed.map((name) => {
      const referenced = JSON.stringify(next[name] ?? null).includes('{{');
      const attribute = name === 'Tags' ? 'Tags' : 'Properties';
      return {
        Target: { Attribute: attribute, ...(attribute === 'Properties' ? { Name: name } : {}), RequiresRecreation: recreation[provider.properties[name]?.update ?? 'replace'] },
        Evaluation: referenced ? 'Dynamic' : 'Static',
        ChangeSource: referenced ? 'ResourceReference' : 'DirectModification',
      };
    });
    changes.push({
      Action: 'Modify',
      LogicalResourceId: id,
      PhysicalResourceId: existing.physicalId,
      ResourceType: declaration.Type,
      Replacement: replacement,
      Scope: [...new Set(details.map((detail) => detail.Target.Attribute))],
      Details: details,
    });
  }
  for (const resource of Object.values(stack.resources)) {
    if (resource.logicalId in target.graph.dependencies || resource.physicalId === undefined) continue;
    changes.push({ Action: 'Remove', LogicalResourceId: resource.logicalId, PhysicalResourceId: resource.physicalId, ResourceType: resource.type, Scope: [], Details: [] });
  }
  return { success: true, value: changes };
}
