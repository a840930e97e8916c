import { shortId } from '../../cloud/inventory-query.js';
import { PROD_POLICY_ID } from './built-in-policies.js';
import type { CompiledPolicy } from './policy-set.js';
import type { AuthorizationRequest, AuthorizationResource } from './types.js';

/** What went wrong, as the engine saw it; the refusal text is written from this. */
export type RefusalCause =
  | { readonly kind: 'unknown-role'; readonly roles: readonly string[] }
  | { readonly kind: 'no-permit' }
  | { readonly kind: 'forbidden'; readonly policies: readonly CompiledPolicy[] }
  | { readonly kind: 'evaluation-error'; readonly errors: readonly { readonly policyId: string; readonly message: string }[] };

const POLICY_FILE = '.cirro/policy.yaml';

/** "instance web-1 (i-0abc…)", "instance i-0abc…", or "any resource" for calls that name none. */
export function describeResource(resource: AuthorizationResource | undefined): string {
  if (!resource) return 'any resource';
  const name = resource.tags['Name'];
  const id = shortId(resource);
  return name && name !== resource.id ? `${resource.kind} ${name} (${id})` : `${resource.kind} ${id}`;
}

/**
 * The refusal a person reads: the role, the action, the resource, why, and how to get the permission.
 * "role reader may not ec2:RunInstances (create) on instance web-4: the reader role only reads; run with …"
 */
export function refusalReason(request: AuthorizationRequest, cause: RefusalCause): string {
  const what = `role ${request.role} may not ${request.action} (${request.effect}) on ${describeResource(request.resource)}`;
  return `${what}: ${explanation(request, cause)}`;
}

function explanation(request: AuthorizationRequest, cause: RefusalCause): string {
  switch (cause.kind) {
    case 'unknown-role':
      return `there is no role ${request.role} (known roles: ${cause.roles.join(', ')}); pick one of those with --role or CIRRO_ROLE, or define ${request.role} under roles: in ${POLICY_FILE}`;
    case 'evaluation-error':
      return `${cause.errors.map((error) => `policy ${error.policyId} failed to evaluate (${error.message})`).join('; ')}; a policy that fails refuses rather than allows. `
        + `Fix it in ${POLICY_FILE}: test optional attributes and tags first (\`resource has owner && …\`, \`resource.hasTag("team") && …\`)`;
    case 'forbidden':
      return forbiddenExplanation(request, cause.policies);
    case 'no-permit':
      return noPermitExplanation(request.role);
  }
}

function forbiddenExplanation(request: AuthorizationRequest, policies: readonly CompiledPolicy[]): string {
  const prod = policies.find((policy) => policy.id === PROD_POLICY_ID);
  if (prod) return `it is tagged env=prod, and only the admin role may delete or replace resources tagged env=prod`;
  return policies.map((policy) => {
    const source = policy.origin.kind === 'role' ? `policy ${policy.id} of role ${policy.origin.role}` : `policy ${policy.id}`;
    const why = policy.reason ? `: ${policy.reason}` : '';
    return `${source} in ${POLICY_FILE} forbids it${why}`;
  }).join('; ') + (request.role === 'admin' ? '' : '; change that policy, or ask someone whose role it does not forbid');
}

function noPermitExplanation(role: string): string {
  const grant = `run with --role operator, set CIRRO_ROLE=operator, or put \`role: operator\` in ${POLICY_FILE}`;
  if (role === 'reader') return `the reader role only reads; to change the cloud, ${grant}`;
  return `no policy permits it for role ${role}; add a permit for it to roles.${role} in ${POLICY_FILE}, or ${grant}`;
}
