import type { AnyResourceView, Inventory, ResourceKind } from '../../../cloud/inventory.js';
import { allResources } from '../../../cloud/inventory.js';
import { describeResource } from '../../../cloud/describe-resource.js';
import { shortId } from '../../../cloud/inventory-query.js';
import { estimateTokens } from './estimate-tokens.js';

/** What people change most comes first, so a tight budget drops plumbing (route tables, gateways), not servers. */
const PRIORITY: readonly ResourceKind[] = [
  'instance', 'load-balancer', 'target-group', 'volume', 'security-group', 'elastic-ip', 'key-pair', 'vpc', 'subnet', 'listener', 'internet-gateway', 'route-table',
];

/** The inventory as the model sees it, and what did not fit. */
export interface InventoryView {
  readonly text: string;
  readonly tokens: number;
  /** Resources left out for the budget, by kind (the model can still find them with query_inventory). */
  readonly omitted: Readonly<Partial<Record<ResourceKind, number>>>;
}

/**
 * One line per resource — kind, id, name, key facts (`instance i-0abc web-1: running, t3.micro,
 * 10.0.1.5`) — most-changed kinds first, within a token budget. What does not fit is counted per kind
 * in a last line that points at query_inventory. Tags other than Name are left out: they are data the
 * model can read with describe, where they arrive framed as data.
 */
export function inventoryView(inventory: Inventory, budgetTokens: number): InventoryView {
  const resources = allResources(inventory)
    .filter((resource) => !(resource.kind === 'instance' && resource.state === 'terminated'))
    .sort((a, b) => rank(a, inventory) - rank(b, inventory));
  const lines: string[] = [];
  const omitted: Partial<Record<ResourceKind, number>> = {};
  // Room for the "not shown" line, so adding it never breaks the budget.
  let used = 30;
  for (const resource of resources) {
    const line = viewLine(resource, inventory);
    const cost = estimateTokens(line) + 1;
    if (used + cost > budgetTokens) {
      omitted[resource.kind] = (omitted[resource.kind] ?? 0) + 1;
      continue;
    }
    used += cost;
    lines.push(line);
  }
  const left = Object.entries(omitted);
  if (left.length) lines.push(`(not shown for length: ${left.map(([kind, count]) => `${count} ${kind}`).join(', ')}; use query_inventory)`);
  if (!lines.length) lines.push('(the account has no resources)');
  const text = lines.join('\n');
  return { text, tokens: estimateTokens(text), omitted };
}

/** Where a resource stands in the view: by kind, with root disks last (every instance has one; describe shows it). */
function rank(resource: AnyResourceView, inventory: Inventory): number {
  if (resource.kind === 'volume' && resource.attachment) {
    const owner = inventory.instances.find((instance) => instance.id === resource.attachment!.instanceId);
    if (owner && owner.rootDeviceName === resource.attachment.device) return PRIORITY.length;
  }
  return PRIORITY.indexOf(resource.kind);
}

/** One resource in one line. */
export function viewLine(resource: AnyResourceView, inventory: Inventory): string {
  const facts = describeResource(resource, inventory).map(clean).filter(Boolean);
  return `${resource.kind} ${shortId(resource)}${resource.name ? ` ${clean(resource.name)}` : ''}${facts.length ? `: ${facts.join(', ')}` : ''}`;
}

/** Names are written by whoever made the resource: one line each, no control characters, bounded. */
function clean(text: string): string {
  const flat = text.replace(/[\u0000-\u001f\u007f]+/g, ' ').trim();
  return flat.length > 64 ? `${flat.slice(0, 61)}...` : flat;
}
