import { createHash } from 'node:crypto';
import { preparsePolicySet, statefulIsAuthorized, type AuthorizationAnswer, type EntityJson } from '@cedar-policy/cedar-wasm/nodejs';
import { compilePolicySet, formatErrors, type CompiledPolicySet, type ProjectPolicies } from './policy-set.js';
import { refusalReason, type RefusalCause } from './refusal.js';
import type { AuthorizationRequest, AuthorizationResult, Authorizer, Effect } from './types.js';

/** How to build an authorizer: the project's roles and policies, and how many answers to remember. */
export interface AuthorizerOptions extends ProjectPolicies {
  /**
   * Answers kept for repeated identical requests (default 4096; 0 turns the memo off). Cedar is a pure
   * function of the request here (every entity is built from it), so a remembered answer is exact.
   */
  readonly cacheSize?: number;
}

/** The action group (`Cirro::Action::"…"`) each effect belongs to; both kinds of update are "update". */
const EFFECT_GROUP: Readonly<Record<Effect, string>> = {
  read: 'read',
  create: 'create',
  'update-live': 'update',
  'update-stop-start': 'update',
  replace: 'replace',
  delete: 'delete',
};

const DEFAULT_CACHE_SIZE = 4096;

/**
 * A Cedar authorizer over the built-in roles (reader, operator, admin) and the project's. The policy
 * set is parsed once into the engine's cache; each request then costs one evaluation with three small
 * entities (agent in role, action in effect group, resource with its tags), or a memo lookup.
 */
export function createAuthorizer(options: AuthorizerOptions = {}): { ok: true; value: Authorizer } | { ok: false; error: string } {
  const compiled = compilePolicySet(options);
  if (!compiled.ok) return compiled;
  const set = compiled.value;
  const staticPolicies = Object.fromEntries([...set.policies.values()].map((policy) => [policy.id, policy.text]));
  // Named by content: two authorizers with the same policies share one parsed set in the engine.
  const setId = `cirro-${createHash('sha256').update(JSON.stringify(staticPolicies)).digest('hex')}`;
  const prepared = preparsePolicySet(setId, { staticPolicies });
  if (prepared.type === 'failure') return { ok: false, error: `the policy set: ${formatErrors(prepared.errors, '')}` };
  const evaluate = (request: AuthorizationRequest) => decide(set, setId, request);
  const cacheSize = options.cacheSize ?? DEFAULT_CACHE_SIZE;
  const authorize = cacheSize > 0 ? memoize(evaluate, cacheSize) : evaluate;
  return { ok: true, value: { roles: set.roles, authorize } };
}

function decide(set: CompiledPolicySet, setId: string, request: AuthorizationRequest): AuthorizationResult {
  if (!set.roles.includes(request.role)) return refuse(request, { kind: 'unknown-role', roles: set.roles }, []);
  let answer: AuthorizationAnswer;
  try {
    answer = statefulIsAuthorized(cedarCall(setId, request));
  } catch (error) {
    // The engine throwing is a bug somewhere, but it must still never turn into an allow.
    return refuse(request, { kind: 'evaluation-error', errors: [{ policyId: 'engine', message: (error as Error).message }] }, []);
  }
  if (answer.type === 'failure') {
    return refuse(request, { kind: 'evaluation-error', errors: answer.errors.map((error) => ({ policyId: 'request', message: error.message })) }, []);
  }
  const { decision, diagnostics } = answer.response;
  if (diagnostics.errors.length > 0) {
    const errors = diagnostics.errors.map((error) => ({ policyId: error.policyId, message: error.error.message }));
    return refuse(request, { kind: 'evaluation-error', errors }, errors.map((error) => error.policyId));
  }
  if (decision === 'allow') return { allowed: true, policies: diagnostics.reason };
  const forbidding = diagnostics.reason.map((id) => set.policies.get(id)).filter((policy) => policy !== undefined);
  return forbidding.length > 0
    ? refuse(request, { kind: 'forbidden', policies: forbidding }, diagnostics.reason)
    : refuse(request, { kind: 'no-permit' }, []);
}

function refuse(request: AuthorizationRequest, cause: RefusalCause, policies: readonly string[]): AuthorizationResult {
  const errors = cause.kind === 'evaluation-error' ? cause.errors.map((error) => `${error.policyId}: ${error.message}`) : [];
  return { allowed: false, policies, reason: refusalReason(request, cause), errors };
}

/** The engine's request: Cirro::Agent in its Cirro::Role, the action in its effect group, the resource with its tags. */
function cedarCall(setId: string, request: AuthorizationRequest) {
  const principal = { type: 'Cirro::Agent', id: request.agent };
  const action = { type: 'Cirro::Action', id: request.action };
  const resource = { type: 'Cirro::Resource', id: request.resource?.id ?? '*' };
  const entities: EntityJson[] = [
    { uid: principal, attrs: {}, parents: [{ type: 'Cirro::Role', id: request.role }] },
    { uid: action, attrs: {}, parents: [{ type: 'Cirro::Action', id: EFFECT_GROUP[request.effect] }] },
    { uid: resource, attrs: { kind: request.resource?.kind ?? '*' }, parents: [], tags: { ...(request.resource?.tags ?? {}) } },
  ];
  return { principal, action, resource, context: { effect: request.effect }, preparsedPolicySetId: setId, entities };
}

/** Remembers answers by request content, dropping the oldest once full. */
function memoize(evaluate: (request: AuthorizationRequest) => AuthorizationResult, size: number): (request: AuthorizationRequest) => AuthorizationResult {
  const answers = new Map<string, AuthorizationResult>();
  return (request) => {
    const key = requestKey(request);
    const known = answers.get(key);
    if (known) return known;
    const answer = evaluate(request);
    if (answers.size >= size) answers.delete(answers.keys().next().value!);
    answers.set(key, answer);
    return answer;
  };
}

function requestKey(request: AuthorizationRequest): string {
  // JSON quoting keeps the parts apart whatever characters a name or tag holds.
  const resource = request.resource;
  return JSON.stringify([request.role, request.agent, request.action, request.effect, resource?.kind, resource?.id, resource ? Object.entries(resource.tags) : null]);
}
