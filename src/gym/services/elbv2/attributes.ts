import { elbv2Errors } from './errors.js';

/** The values an attribute accepts. */
export type AttributeValue =
  | { readonly type: 'boolean' }
  | { readonly type: 'integer'; readonly minimum: number; readonly maximum: number; readonly orZero?: boolean }
  | { readonly type: 'enum'; readonly values: readonly string[] }
  | { readonly type: 'text'; readonly maxLength: number }
  | { readonly type: 'off-or-integer'; readonly minimum: number; readonly maximum: number };

/** One attribute of a resource: where it applies, its default, what it accepts, and whether it can change. */
export interface AttributeSpec<Owner> {
  readonly key: string;
  readonly appliesTo: (owner: Owner) => boolean;
  readonly initial: (owner: Owner) => string;
  readonly value: AttributeValue;
  /** Why the attribute cannot be changed for this owner, if it cannot. */
  readonly fixed?: (owner: Owner) => string | undefined;
}

/** The attributes a new resource has: every applicable key with its default, in table order. */
export function defaultAttributes<Owner>(specs: readonly AttributeSpec<Owner>[], owner: Owner): Record<string, string> {
  const attributes: Record<string, string> = {};
  for (const spec of specs) if (spec.appliesTo(owner)) attributes[spec.key] = spec.initial(owner);
  return attributes;
}

/**
 * Applies requested changes after checking each against its spec; `label` names the resource kind in
 * messages ("Load balancer", "Target group"). Returns the new attribute map; the caller checks rules
 * that span attributes and stores the result.
 */
export function changeAttributes<Owner>(
  specs: readonly AttributeSpec<Owner>[],
  owner: Owner,
  current: Record<string, string>,
  changes: readonly { Key?: string; Value?: string }[],
  label: string,
): Record<string, string> {
  const next = { ...current };
  for (const change of changes) {
    const key = change.Key ?? '';
    const value = change.Value ?? '';
    const spec = specs.find((candidate) => candidate.key === key && candidate.appliesTo(owner));
    if (!spec) throw elbv2Errors.validation(`${label} attribute key '${key}' is not recognized`);
    const problem = checkValue(spec.value, value);
    if (problem) throw elbv2Errors.validation(`${label} attribute '${key}' value '${value}' is not valid: ${problem}`);
    const fixed = spec.fixed?.(owner);
    if (fixed && value !== next[key]) throw elbv2Errors.invalidConfiguration(fixed);
    next[key] = value;
  }
  return next;
}

function checkValue(expected: AttributeValue, value: string): string | undefined {
  switch (expected.type) {
    case 'boolean':
      return value === 'true' || value === 'false' ? undefined : "use 'true' or 'false'";
    case 'integer': {
      const number = Number(value);
      const inRange = /^\d+$/.test(value) && ((number >= expected.minimum && number <= expected.maximum) || (expected.orZero === true && number === 0));
      return inRange ? undefined : `use a whole number from ${expected.minimum} to ${expected.maximum}${expected.orZero ? ' (or 0 to turn it off)' : ''}`;
    }
    case 'off-or-integer': {
      if (value === 'off') return undefined;
      const number = Number(value);
      return /^\d+$/.test(value) && number >= expected.minimum && number <= expected.maximum
        ? undefined
        : `use 'off' or a whole number from ${expected.minimum} to ${expected.maximum}`;
    }
    case 'enum':
      return expected.values.includes(value) ? undefined : `use one of ${expected.values.map((item) => `'${item}'`).join(', ')}`;
    case 'text':
      return value.length <= expected.maxLength ? undefined : `use at most ${expected.maxLength} characters`;
  }
}

/** Attributes as the API returns them. */
export function apiAttributes(attributes: Record<string, string>): { Key: string; Value: string }[] {
  return Object.entries(attributes).map(([Key, Value]) => ({ Key, Value }));
}
