import type { AnyResourceView, ResourceKind } from '../../cloud/inventory.js';
import type { CustomRule, FieldCondition } from '../policy-file/types.js';
import { defineRule, type AnyComplianceRule } from './rule.js';

type Scalar = string | number | boolean;

/**
 * The values at a dotted path of a view (`instanceType`, `tags.env`, `rules.source`). A list met on the
 * way is walked item by item, so one path can yield several values; a missing field yields none.
 */
export function valuesAt(view: unknown, path: string): unknown[] {
  let current: unknown[] = [view];
  for (const segment of path.split('.')) {
    const next: unknown[] = [];
    for (const value of current) {
      const items = Array.isArray(value) ? value : [value];
      for (const item of items) {
        if (item !== null && typeof item === 'object' && segment in item) next.push((item as Record<string, unknown>)[segment]);
      }
    }
    current = next.flatMap((value) => (Array.isArray(value) ? value : [value])).filter((value) => value !== undefined && value !== null);
  }
  return current;
}

/** Equality as people write values in YAML: 80 matches "80", true matches "true". */
function same(left: unknown, right: Scalar): boolean {
  return String(left) === String(right);
}

/**
 * True when the values at a path meet a condition: a plain value or `in` holds when any value matches;
 * `notIn` when none does; `exists` says whether there is any value; `matches` is a regular expression
 * any string value must match.
 */
export function meetsCondition(values: readonly unknown[], condition: FieldCondition): boolean {
  if (typeof condition !== 'object') return values.some((value) => same(value, condition));
  if ('in' in condition) return values.some((value) => condition.in.some((wanted) => same(value, wanted)));
  if ('notIn' in condition) return values.every((value) => !condition.notIn.some((unwanted) => same(value, unwanted)));
  if ('exists' in condition) return (values.length > 0) === condition.exists;
  const expression = new RegExp(condition.matches);
  return values.some((value) => typeof value === 'string' && expression.test(value));
}

/** True when every condition of a rule's `when` holds for the view. */
export function matchesWhen(view: AnyResourceView, when: Readonly<Record<string, FieldCondition>>): boolean {
  return Object.entries(when).every(([path, condition]) => meetsCondition(valuesAt(view, path), condition));
}

/**
 * A project's rule as a compliance rule. Its message follows the resource's label ("web-9 (i-…): …"),
 * or has `{resource}` replaced by the label where the message places it.
 */
export function customRule(rule: CustomRule): AnyComplianceRule {
  return defineRule({
    id: rule.id,
    severity: rule.severity,
    kind: rule.kind as ResourceKind,
    title: rule.message,
    equivalents: [],
    check: (view) => (matchesWhen(view, rule.when) ? rule.message : undefined),
    format: (label, message) => (message.includes('{resource}') ? message.replaceAll('{resource}', label) : `${label}: ${message}`),
    fix: rule.fix,
  });
}
