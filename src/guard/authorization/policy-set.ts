import { policySetTextToParts, policyToJson, type DetailedError, type EntityUidJson, type PolicyJson } from '@cedar-policy/cedar-wasm/nodejs';
import { BUILT_IN_POLICIES } from './built-in-policies.js';
import { BUILT_IN_ROLES } from './types.js';

/** Where a policy came from: built in, a project role's text, or the project's extra policies. */
export type PolicyOrigin = { readonly kind: 'built-in' } | { readonly kind: 'role'; readonly role: string } | { readonly kind: 'project' };

/** One policy of the compiled set, with what refusal messages need to know about it. */
export interface CompiledPolicy {
  readonly id: string;
  readonly text: string;
  readonly effect: 'permit' | 'forbid';
  readonly origin: PolicyOrigin;
  /** The policy's `@reason("…")` annotation: what a refusal by this forbid tells the user. */
  readonly reason: string | undefined;
}

/** The whole policy set the engine evaluates, and every role it knows. */
export interface CompiledPolicySet {
  readonly policies: ReadonlyMap<string, CompiledPolicy>;
  readonly roles: readonly string[];
}

/** What a project adds to the built-in policies (from `.cirro/policy.yaml`). */
export interface ProjectPolicies {
  /** Role name → Cedar text; each policy must be scoped to `principal in Cirro::Role::"<that role>"`. */
  readonly roles?: Readonly<Record<string, string>>;
  /** Extra Cedar policies that apply to every role. */
  readonly policies?: string;
}

type Compiled = { ok: true; value: CompiledPolicySet } | { ok: false; error: string };

/**
 * Parses and checks the built-in policies plus a project's roles and policies into one id → policy set.
 * Ids come from an `@id("…")` annotation, else `role:<name>#<n>` or `policy#<n>` in source order.
 */
export function compilePolicySet(project: ProjectPolicies): Compiled {
  const policies = new Map<string, CompiledPolicy>();
  for (const [id, text] of Object.entries(BUILT_IN_POLICIES)) {
    const parsed = parseText(text, `built-in policy ${id}`);
    if (!parsed.ok) throw new Error(parsed.error);
    policies.set(id, { ...parsed.value[0]!, id, origin: { kind: 'built-in' } });
  }
  const roles: string[] = [...BUILT_IN_ROLES];
  for (const [role, text] of Object.entries(project.roles ?? {})) {
    if (role.trim() === '') return { ok: false, error: 'a role under roles: has an empty name; give it a name such as deployer' };
    const added = addText(policies, text, `role ${role}`, { kind: 'role', role }, (index) => `role:${role}#${index}`);
    if (!added.ok) return added;
    for (const policy of added.value) {
      const problem = scopeProblem(policy.json, role);
      if (problem) return { ok: false, error: `role ${role}: policy ${policy.id} ${problem}; write \`principal in Cirro::Role::"${role}"\` (a role's text may only grant or forbid things to that role; policies for everyone go under policies:)` };
    }
    if (!roles.includes(role)) roles.push(role);
  }
  if (project.policies !== undefined) {
    const added = addText(policies, project.policies, 'project policies', { kind: 'project' }, (index) => `policy#${index}`);
    if (!added.ok) return added;
  }
  return { ok: true, value: { policies, roles } };
}

interface ParsedPolicy {
  readonly text: string;
  readonly json: PolicyJson;
  readonly effect: 'permit' | 'forbid';
  readonly reason: string | undefined;
  readonly annotatedId: string | undefined;
}

function addText(
  into: Map<string, CompiledPolicy>, text: string, where: string, origin: PolicyOrigin, defaultId: (index: number) => string,
): { ok: true; value: (CompiledPolicy & { json: PolicyJson })[] } | { ok: false; error: string } {
  const parsed = parseText(text, where);
  if (!parsed.ok) return parsed;
  if (parsed.value.length === 0) return { ok: false, error: `${where}: no Cedar policy found; write at least one permit or forbid, or remove the entry` };
  const added: (CompiledPolicy & { json: PolicyJson })[] = [];
  parsed.value.forEach((policy, index) => {
    const id = policy.annotatedId ?? defaultId(index + 1);
    added.push({ id, text: policy.text, json: policy.json, effect: policy.effect, origin, reason: policy.reason });
  });
  for (const policy of added) {
    if (into.has(policy.id)) return { ok: false, error: `${where}: policy id ${policy.id} is already taken (${describeOrigin(into.get(policy.id)!.origin)}); give this one another @id` };
    into.set(policy.id, policy);
  }
  return { ok: true, value: added };
}

/** Splits Cedar text into its policies, in source order, refusing templates. */
function parseText(text: string, where: string): { ok: true; value: ParsedPolicy[] } | { ok: false; error: string } {
  const parts = policySetTextToParts(text);
  if (parts.type === 'failure') return { ok: false, error: `${where}: ${formatErrors(parts.errors, text)}` };
  if (parts.policy_templates.length > 0) return { ok: false, error: `${where}: templates (policies with ?principal or ?resource slots) are not supported; name the role or resource instead` };
  // The parts come sorted by generated id (policy0, policy1, policy10, …); their text is a slice of the source.
  const ordered = [...parts.policies].sort((a, b) => text.indexOf(a) - text.indexOf(b));
  const parsed: ParsedPolicy[] = [];
  for (const part of ordered) {
    const json = policyToJson(part);
    if (json.type === 'failure') return { ok: false, error: `${where}: ${formatErrors(json.errors, part)}` };
    const annotations = json.json.annotations ?? {};
    parsed.push({ text: part, json: json.json, effect: json.json.effect, reason: annotations['reason'], annotatedId: annotations['id'] });
  }
  return { ok: true, value: parsed };
}

/** Why a role's policy reaches beyond the role, or undefined when it is scoped to it. */
function scopeProblem(policy: PolicyJson, role: string): string | undefined {
  const scope = policy.principal;
  const entity = scope.op === 'in' && 'entity' in scope ? scope.entity : scope.op === 'is' && scope.in && 'entity' in scope.in ? scope.in.entity : undefined;
  if (!entity) return scope.op === 'All' ? 'applies to every principal' : `is scoped to ${describeScope(policy)}`;
  const uid = uidOf(entity);
  if (uid.type === 'Cirro::Role' && uid.id === role) return undefined;
  return `is scoped to principal in ${uid.type}::"${uid.id}"`;
}

function describeScope(policy: PolicyJson): string {
  const scope = policy.principal;
  if (scope.op === '==' && 'entity' in scope) {
    const uid = uidOf(scope.entity);
    return `principal == ${uid.type}::"${uid.id}"`;
  }
  return scope.op === 'is' ? `principal is ${scope.entity_type}` : `principal ${scope.op}`;
}

function uidOf(entity: EntityUidJson): { type: string; id: string } {
  return '__entity' in entity ? entity.__entity : entity;
}

function describeOrigin(origin: PolicyOrigin): string {
  return origin.kind === 'built-in' ? 'a built-in policy' : origin.kind === 'role' ? `a policy of role ${origin.role}` : 'a project policy';
}

/** Cedar's errors with line and column instead of byte offsets, and its hint. */
export function formatErrors(errors: readonly DetailedError[], text: string): string {
  return errors.map((error) => {
    const location = error.sourceLocations?.[0];
    const where = location ? `line ${lineColumn(text, location.start)}: ` : '';
    const label = location?.label ? ` (${location.label})` : '';
    const help = error.help ? `; ${error.help}` : '';
    return `${where}${error.message}${label}${help}`;
  }).join('; ');
}

function lineColumn(text: string, offset: number): string {
  // Cedar counts bytes of UTF-8; a name with an accent must not shift the column.
  const before = Buffer.from(text, 'utf8').subarray(0, offset).toString('utf8');
  const line = before.split('\n').length;
  const column = before.length - before.lastIndexOf('\n');
  return `${line}, column ${column}`;
}
