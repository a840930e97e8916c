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
 * Calls no role may make through the gateway: each answers with credentials derived from the upstream's
 * own (a session token, a federated or assumed role), with which an agent could call the cloud directly
 * and leave the gateway, its policies and its audit log behind.
 */
const NEVER_FORWARDED: ReadonlySet<string> = new Set([
  'sts:GetSessionToken', 'sts:GetFederationToken', 'sts:AssumeRole', 'sts:AssumeRoleWithSAML', 'sts:AssumeRoleWithWebIdentity', 'sts:AssumeRoot',
]);

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
  if (NEVER_FORWARDED.has(base.action)) {
    return {
      type: 'refused',
      message: `${base.action} would hand the agent credentials for the cloud behind the gateway, to call it directly without policies or audit; ` +
        `the gateway refuses it for every role (gateway agent ${caller.agent}, role ${caller.role}). Call through the gateway with the keys it issued instead.`,
    };
  }
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
