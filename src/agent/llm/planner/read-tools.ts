import { z } from 'zod';
import { allResources, type AnyResourceView, type Inventory } from '../../../cloud/inventory.js';
import { idsOf, namesOf, shortId } from '../../../cloud/inventory-query.js';
import { wildcardMatcher } from '../../../cloud/similar-names.js';
import { viewLine } from './inventory-view.js';

const KINDS = ['vpc', 'subnet', 'internet-gateway', 'route-table', 'security-group', 'key-pair', 'instance', 'volume', 'elastic-ip', 'load-balancer', 'target-group', 'listener'] as const;

/** query_inventory's arguments: any of kind, name (wildcards) and tag narrow the list. */
export const queryArgumentsSchema = z.object({
  kind: z.enum(KINDS).optional(),
  name: z.string().min(1).max(200).optional().describe('Name tag; * wildcards allowed'),
  tag: z.object({ key: z.string().min(1), value: z.string().optional() }).strict().optional(),
}).strict();

/** describe's arguments: one resource by id or name. */
export const describeArgumentsSchema = z.object({ resource: z.string().min(1).max(300).describe('an id or a name') }).strict();

/** What a read-only tool returned: the data for the model, or why the call was wrong. */
export type ReadToolResult = { readonly ok: true; readonly data: unknown } | { readonly ok: false; readonly error: string };

/** query_inventory: the matching resources, one line each (the same lines as the inventory view). */
export function queryInventory(inventory: Inventory, args: z.infer<typeof queryArgumentsSchema>): ReadToolResult {
  const matchName = args.name ? wildcardMatcher(args.name) : undefined;
  const found = live(inventory).filter((resource) =>
    (!args.kind || resource.kind === args.kind)
    && (!matchName || namesOf(resource).some((name) => matchName(name)))
    && (!args.tag || (args.tag.key in resource.tags && (args.tag.value === undefined || resource.tags[args.tag.key] === args.tag.value))));
  return { ok: true, data: { count: found.length, resources: found.map((resource) => viewLine(resource, inventory)) } };
}

/** describe: one resource's full view (tags included), found by id, address or name. */
export function describeOne(inventory: Inventory, args: z.infer<typeof describeArgumentsSchema>): ReadToolResult {
  const wanted = args.resource.trim();
  const resources = live(inventory);
  const byId = resources.filter((resource) => idsOf(resource).includes(wanted) || shortId(resource) === wanted);
  const byName = byId.length ? byId : resources.filter((resource) => namesOf(resource).some((name) => name.toLowerCase() === wanted.toLowerCase()));
  if (byName.length === 0) return { ok: false, error: `no resource has the id or name ${JSON.stringify(wanted)}; use query_inventory to find it` };
  if (byName.length > 1) return { ok: false, error: `${byName.length} resources are named ${JSON.stringify(wanted)}: ${byName.map((resource) => resource.id).join(', ')}; describe one by id` };
  return { ok: true, data: byName[0] };
}

function live(inventory: Inventory): AnyResourceView[] {
  return allResources(inventory).filter((resource) => !(resource.kind === 'instance' && resource.state === 'terminated'));
}
