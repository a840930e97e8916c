import type { AnyResourceView } from '../../cloud/inventory.js';
import type { PlanContext } from '../context.js';
import type { PlanDraft } from '../draft.js';
import type { Intent } from '../intent.js';
import type { ApiCall } from '../plan.js';
import { label, resolveOrStop } from '../targets.js';

type TagIntent = Extract<Intent, { type: 'tag' }>;

/** The two tag calls of a service: EC2 tags by resource id, ELBv2 by ARN. */
interface TagCalls {
  set(ids: readonly string[], tags: Readonly<Record<string, string>>): ApiCall;
  remove(ids: readonly string[], keys: readonly string[]): ApiCall;
}

const EC2_TAGS: TagCalls = {
  set: (ids, tags) => ({ service: 'ec2', operation: 'CreateTags', input: { Resources: [...ids], Tags: pairs(tags) } }),
  remove: (ids, keys) => ({ service: 'ec2', operation: 'DeleteTags', input: { Resources: [...ids], Tags: keys.map((Key) => ({ Key })) } }),
};

const ELBV2_TAGS: TagCalls = {
  set: (ids, tags) => ({ service: 'elbv2', operation: 'AddTags', input: { ResourceArns: [...ids], Tags: pairs(tags) } }),
  remove: (ids, keys) => ({ service: 'elbv2', operation: 'RemoveTags', input: { ResourceArns: [...ids], TagKeys: [...keys] } }),
};

function pairs(tags: Readonly<Record<string, string>>): { Key: string; Value: string }[] {
  return Object.entries(tags).map(([Key, Value]) => ({ Key, Value }));
}

function listed(tags: Readonly<Record<string, string>>): string {
  return Object.entries(tags).map(([key, value]) => `${key}=${value}`).join(', ');
}

/** Resources that had the same values for the given keys before the change, so one call undoes it for all. */
function groupByOldValues(resources: readonly AnyResourceView[], keys: readonly string[]): { old: Record<string, string>; resources: AnyResourceView[] }[] {
  const groups = new Map<string, { old: Record<string, string>; resources: AnyResourceView[] }>();
  for (const resource of resources) {
    const old = Object.fromEntries(keys.filter((key) => key in resource.tags).map((key) => [key, resource.tags[key]!]));
    const signature = JSON.stringify(old);
    if (!groups.has(signature)) groups.set(signature, { old, resources: [] });
    groups.get(signature)!.resources.push(resource);
  }
  return [...groups.values()];
}

/**
 * Add or remove tags. Each step's inverse puts the tags back as they were: keys that were new are
 * removed, overwritten or removed keys get their old values. Resources whose old values differ need
 * different undo calls, so they get separate steps.
 */
export function buildTag(draft: PlanDraft, context: PlanContext, intent: TagIntent): string {
  const resources = resolveOrStop(context, intent.targets, 'change');
  const calls = intent.targets.kind === 'load-balancer' || intent.targets.kind === 'target-group' ? ELBV2_TAGS : EC2_TAGS;
  const resource = (group: readonly AnyResourceView[]) => ({ kind: intent.targets.kind, id: group.map((item) => item.id).join(',') });
  const who = (group: readonly AnyResourceView[]) => group.map(label).join(', ');
  for (const { old, resources: group } of groupByOldValues(resources, Object.keys(intent.tags))) {
    const ids = group.map((item) => item.id);
    const added = Object.fromEntries(Object.entries(intent.tags).filter(([key]) => !(key in old)));
    const changed = Object.fromEntries(Object.entries(intent.tags).filter(([key, value]) => key in old && old[key] !== value));
    const kept = Object.fromEntries(Object.entries(intent.tags).filter(([key, value]) => old[key] === value));
    if (Object.keys(kept).length > 0) draft.advise('info', `${who(group)} already ${group.length === 1 ? 'has' : 'have'} ${listed(kept)}.`);
    if (Object.keys(added).length > 0) {
      draft.step({
        action: `tag ${who(group)} with ${listed(added)}`,
        effect: 'update-live',
        resource: resource(group),
        call: calls.set(ids, added),
        inverse: calls.remove(ids, Object.keys(added)),
      });
    }
    if (Object.keys(changed).length > 0) {
      draft.step({
        action: `retag ${who(group)}: ${Object.entries(changed).map(([key, value]) => `${key}=${value} (was ${old[key]})`).join(', ')}`,
        effect: 'update-live',
        resource: resource(group),
        call: calls.set(ids, changed),
        inverse: calls.set(ids, Object.fromEntries(Object.keys(changed).map((key) => [key, old[key]!]))),
      });
    }
  }
  const removeKeys = intent.removeKeys ?? [];
  // A request that removes nothing has nothing to say about removing.
  for (const { old, resources: group } of removeKeys.length > 0 ? groupByOldValues(resources, removeKeys) : []) {
    if (Object.keys(old).length === 0) {
      draft.advise('info', `${who(group)} ${group.length === 1 ? 'has' : 'have'} no tag ${removeKeys.join(', ')}; nothing to remove.`);
      continue;
    }
    draft.step({
      action: `remove tags ${Object.keys(old).join(', ')} from ${who(group)}`,
      effect: 'update-live',
      resource: resource(group),
      call: calls.remove(group.map((item) => item.id), Object.keys(old)),
      inverse: calls.set(group.map((item) => item.id), old),
    });
  }
  if ('Name' in intent.tags) draft.advise('warning', `Renaming changes how you and Cirro refer to ${who(resources)}.`);
  for (const item of resources) {
    draft.expect(`${label(item)} carries the new tags`, { kind: intent.targets.kind, id: item.id }, { tagsInclude: intent.tags, ...(removeKeys.length ? { tagsExclude: removeKeys } : {}) });
  }
  return `tag ${who(resources)}`;
}
