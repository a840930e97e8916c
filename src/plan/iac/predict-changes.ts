import type { CloudFormationTemplate } from './export-template.js';
import type { TemplateResourceEntry } from './template-builder.js';
import { replacementOf, type Replacement } from './update-behaviour.js';

/** One resource change a change set is expected to list. */
export interface PredictedChange {
  readonly logicalId: string;
  readonly type: string;
  readonly action: 'Add' | 'Modify' | 'Remove';
  /** For a Modify: whether CloudFormation replaces the resource. */
  readonly replacement?: Replacement;
  /** The properties that change (directly, or because something they refer to is replaced). */
  readonly properties: readonly string[];
}

/** The logical ids a value refers to through Ref or Fn::GetAtt. */
export function referencesIn(value: unknown, found = new Set<string>()): Set<string> {
  if (Array.isArray(value)) for (const item of value) referencesIn(item, found);
  else if (value && typeof value === 'object') {
    const record = value as Record<string, unknown>;
    if (typeof record['Ref'] === 'string') found.add(record['Ref']);
    const attribute = record['Fn::GetAtt'];
    if (Array.isArray(attribute) && typeof attribute[0] === 'string') found.add(attribute[0]);
    for (const item of Object.values(record)) referencesIn(item, found);
  }
  return found;
}

function changedProperties(before: TemplateResourceEntry, after: TemplateResourceEntry): string[] {
  const names = new Set([...Object.keys(before.Properties), ...Object.keys(after.Properties)]);
  return [...names].filter((name) => JSON.stringify(before.Properties[name]) !== JSON.stringify(after.Properties[name])).sort();
}

/**
 * The changes a change set from one template to the next lists, as CloudFormation works them out:
 * resources added and removed, and for each modified one the properties that change and whether that
 * replaces it. A resource that is added or replaced gets a new physical id, so whatever refers to it
 * changes too (a target group's Targets, a volume attachment's InstanceId), in creation order.
 */
export function predictChanges(from: CloudFormationTemplate, to: CloudFormationTemplate): PredictedChange[] {
  const renewed = new Set<string>();
  const changes = new Map<string, PredictedChange>();
  const pending = Object.keys(to.Resources);
  // Repeat until no new replacement appears: a replacement can make something declared earlier change.
  for (let pass = 0; pass < pending.length + 1; pass++) {
    const before = renewed.size;
    for (const id of pending) {
      const next = to.Resources[id]!;
      const previous = from.Resources[id];
      if (!previous || previous.Type !== next.Type) {
        renewed.add(id);
        changes.set(id, { logicalId: id, type: next.Type, action: 'Add', properties: [] });
        continue;
      }
      const direct = changedProperties(previous, next);
      const dynamic = Object.keys(next.Properties).filter((name) => [...referencesIn(next.Properties[name])].some((ref) => renewed.has(ref) && ref !== id));
      const properties = [...new Set([...direct, ...dynamic])].sort();
      if (properties.length === 0) continue;
      const replacement = replacementOf(next.Type, properties);
      if (replacement === 'True') renewed.add(id);
      changes.set(id, { logicalId: id, type: next.Type, action: 'Modify', replacement, properties });
    }
    if (renewed.size === before) break;
  }
  for (const [id, entry] of Object.entries(from.Resources)) {
    if (!(id in to.Resources)) changes.set(id, { logicalId: id, type: entry.Type, action: 'Remove', properties: [] });
  }
  return [...changes.values()].sort((left, right) => left.logicalId.localeCompare(right.logicalId));
}

/** The logical ids a change set replaces, or may replace (Conditional). */
export function replacedIds(changes: readonly PredictedChange[]): string[] {
  return changes.filter((change) => change.replacement === 'True' || change.replacement === 'Conditional').map((change) => change.logicalId);
}
