import type { Authorizer, Effect } from '../guard/authorization/types.js';
import type { NamedResource } from './call-resources.js';
import type { TagReader } from './tag-reader.js';
import type { AgentCredentials } from './types.js';

/** The authorization verdict on one call. */
export type CallDecision =
  | { readonly type: 'allowed' }
  | { readonly type: 'refused'; readonly message: string }
  /** The tags that decide could not be read: the call is not made, and the client may retry. */
  | { readonly type: 'unavailable'; readonly message: string };

const ALLOWED: CallDecision = { type: 'allowed' };

/**
 * Asks the authorizer about a call: once for reads, creates and calls that name nothing (the resource a
 * create makes does not exist yet; the ones it names are its parents), and once per named resource with
 * the resource's tags, read from the cloud, for every other change. Any refusal refuses the call.
 */
export async function authorizeCall(
  context: { readonly authorizer: Authorizer; readonly tags: TagReader },
  caller: AgentCredentials,
  service: string,
  operation: string,
  effect: Effect,
  resources: readonly NamedResource[],
  region: string,
): Promise<CallDecision> {
  const base = { role: caller.role, agent: caller.agent, action: `${service}:${operation}`, effect };
  if (effect === 'read' || effect === 'create' || resources.length === 0) {
    const result = context.authorizer.authorize({ ...base, resource: undefined });
    return result.allowed ? ALLOWED : { type: 'refused', message: `${result.reason} (gateway agent ${caller.agent}).` };
  }
  const tags = await context.tags.tagsOf(region, resources, effect === 'delete' || effect === 'replace');
  if (!tags.success) {
    return { type: 'unavailable', message: `The Cirro gateway could not read the tags that decide whether ${base.action} is allowed (${tags.error}); it did not make the call.` };
  }
  for (const resource of resources) {
    const result = context.authorizer.authorize({ ...base, resource: { ...resource, tags: tags.value.get(resource.id) ?? {} } });
    if (!result.allowed) return { type: 'refused', message: `${result.reason} (gateway agent ${caller.agent}).` };
  }
  return ALLOWED;
}
