import type { AnyResourceView } from '../../cloud/inventory.js';
import { kindLabel, kindWithArticle } from '../../cloud/kind-labels.js';
import type { ResourceRef } from '../../plan/plan.js';
import type { ProjectedState } from './projection.js';

/**
 * How a finding names a resource: its Name and id ("web-sg (sg-0a1b…)"), its name and kind where the
 * id is a long ARN ("shop-lb (load balancer)"), or, for one the plan creates, its name and "new"
 * ("web-1 (new instance)"). A volume a new instance brings is named after it ("the root volume of web-1 (new instance)").
 */
export function resourceLabel(view: AnyResourceView, state: ProjectedState): string {
  if (view.kind === 'volume' && !view.name && view.attachment && state.created.has(view.id)) {
    const owner = state.byId.get(view.attachment.instanceId);
    const device = view.attachment.device || 'root';
    return `the ${device} volume of ${owner ? resourceLabel(owner, state) : view.attachment.instanceId}`;
  }
  if (state.created.has(view.id)) return view.name ? `${view.name} (new ${kindLabel(view.kind)})` : `a new ${kindLabel(view.kind)}`;
  if (view.id.startsWith('arn:')) return view.name ? `${view.name} (${kindLabel(view.kind)})` : `${kindWithArticle(view.kind)} ${view.id}`;
  return view.name ? `${view.name} (${view.id})` : view.id;
}

/** The resource a finding is about, as plans refer to it: by id when it exists, by name when the plan makes it. */
export function resourceRef(view: AnyResourceView, state: ProjectedState): ResourceRef {
  if (!state.created.has(view.id)) return { kind: view.kind, id: view.id, ...(view.name ? { name: view.name } : {}) };
  if (view.name) return { kind: view.kind, name: view.name };
  if (view.kind === 'volume' && view.attachment) {
    const owner = state.byId.get(view.attachment.instanceId);
    return { kind: 'volume', name: `${owner?.name ?? 'new instance'} ${view.attachment.device || 'root'} volume` };
  }
  return { kind: view.kind };
}

/**
 * Every name a waiver may use for a resource: its id, Name, group name, and for a volume the id and
 * name of the instance it is attached to (so "waive CIRRO-EC2-006 for bastion" covers bastion's volumes).
 */
export function waiverNames(view: AnyResourceView, state: ProjectedState): string[] {
  const names = [view.id, ...(view.name ? [view.name] : [])];
  if (view.kind === 'security-group') names.push(view.groupName);
  if (view.kind === 'volume' && view.attachment) {
    const owner = state.byId.get(view.attachment.instanceId);
    names.push(view.attachment.instanceId, ...(owner?.name ? [owner.name] : []));
  }
  return names.filter((name) => !state.created.has(name));
}
