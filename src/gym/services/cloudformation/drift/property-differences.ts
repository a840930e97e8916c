/** One difference between what a template says and what the resource is, as DescribeStackResourceDrifts lists it. */
export interface PropertyDifference {
  readonly PropertyPath: string;
  readonly ExpectedValue: string;
  readonly ActualValue: string;
  readonly DifferenceType: 'ADD' | 'REMOVE' | 'NOT_EQUAL';
}

type Json = unknown;

/** A value with object keys sorted at every level, so equal values print equal. */
export function canonical(value: Json): Json {
  if (Array.isArray(value)) return value.map(canonical);
  if (isObject(value)) return Object.fromEntries(Object.keys(value).sort().map((key) => [key, canonical(value[key])]));
  return value;
}

/** A value as a PropertyDifference shows it: scalars as their text, lists and objects as JSON, nothing as `null`. */
export function shown(value: Json): string {
  if (value === undefined || value === null) return 'null';
  if (typeof value === 'object') return JSON.stringify(canonical(value));
  return String(value);
}

function isObject(value: Json): value is Record<string, Json> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Whether an actual value is what the template expected: scalars by text (a template's `"80"` is EC2's `80`), objects by the fields the template sets. */
export function sameValue(expected: Json, actual: Json): boolean {
  if (Array.isArray(expected)) {
    if (!Array.isArray(actual) || expected.length !== actual.length) return false;
    return unorderedMatch(expected, actual).unmatchedExpected.length === 0;
  }
  if (isObject(expected)) {
    if (!isObject(actual)) return false;
    // Only the fields the template sets count, at every depth: a listener action the service completes
    // with its ForwardConfig is still the action the template declared.
    return Object.keys(expected).every((key) => expected[key] === undefined || expected[key] === null || sameValue(expected[key], actual[key]));
  }
  if (expected === undefined || expected === null || actual === undefined || actual === null) return (expected ?? null) === (actual ?? null);
  return String(expected) === String(actual);
}

/** Pairs equal elements of two lists regardless of order; what is left on each side is added or removed. */
function unorderedMatch(expected: readonly Json[], actual: readonly Json[]): { unmatchedExpected: number[]; unmatchedActual: number[] } {
  const taken = new Set<number>();
  const unmatchedExpected: number[] = [];
  expected.forEach((item, index) => {
    const match = actual.findIndex((candidate, position) => !taken.has(position) && sameValue(item, candidate));
    if (match === -1) unmatchedExpected.push(index);
    else taken.add(match);
  });
  return { unmatchedExpected, unmatchedActual: actual.map((_, index) => index).filter((index) => !taken.has(index)) };
}

/**
 * The differences between a resource's expected properties (the resolved template) and its actual ones.
 * As AWS does: only what the template sets is compared, so defaults the service fills in are not drift;
 * lists are compared as sets (the EC2 and ELBv2 schemas mark rules, tags and id lists insertion-order
 * free), so a rule added is an ADD at its place in the actual list and a rule gone a REMOVE at its place
 * in the template's; list entries with the same `Key` (tags) are compared field by field.
 */
export function propertyDifferences(expected: Readonly<Record<string, Json>>, actual: Readonly<Record<string, Json>>): PropertyDifference[] {
  const differences: PropertyDifference[] = [];
  for (const key of Object.keys(expected).sort()) compare(`/${key}`, expected[key], actual[key], differences);
  return differences;
}

function compare(path: string, expected: Json, actual: Json, out: PropertyDifference[]): void {
  if (expected === undefined || expected === null) return;
  if (actual === undefined || actual === null) {
    out.push({ PropertyPath: path, ExpectedValue: shown(expected), ActualValue: 'null', DifferenceType: 'REMOVE' });
    return;
  }
  if (Array.isArray(expected) && Array.isArray(actual)) return compareLists(path, expected, actual, out);
  if (isObject(expected) && isObject(actual)) {
    for (const key of Object.keys(expected).sort()) compare(`${path}/${key}`, expected[key], actual[key], out);
    return;
  }
  if (!sameValue(expected, actual)) out.push({ PropertyPath: path, ExpectedValue: shown(expected), ActualValue: shown(actual), DifferenceType: 'NOT_EQUAL' });
}

function compareLists(path: string, expected: readonly Json[], actual: readonly Json[], out: PropertyDifference[]): void {
  const { unmatchedExpected, unmatchedActual } = unorderedMatch(expected, actual);
  const leftActual = new Set(unmatchedActual);
  const removed: number[] = [];
  for (const index of unmatchedExpected) {
    const item = expected[index];
    const key = isObject(item) ? item['Key'] : undefined;
    const partner = key === undefined ? undefined : [...leftActual].find((position) => isObject(actual[position]) && (actual[position] as Record<string, Json>)['Key'] === key);
    if (partner === undefined) {
      removed.push(index);
      continue;
    }
    leftActual.delete(partner);
    compare(`${path}/${index}`, item, actual[partner], out);
  }
  for (const index of removed) out.push({ PropertyPath: `${path}/${index}`, ExpectedValue: shown(expected[index]), ActualValue: 'null', DifferenceType: 'REMOVE' });
  for (const index of leftActual) out.push({ PropertyPath: `${path}/${index}`, ExpectedValue: 'null', ActualValue: shown(actual[index]), DifferenceType: 'ADD' });
}

/** The actual properties as drift reports them: the ones the template sets, in the service's values. */
export function actualOfExpected(expected: Readonly<Record<string, Json>>, actual: Readonly<Record<string, Json>>): Record<string, Json> {
  return Object.fromEntries(Object.keys(expected).filter((key) => actual[key] !== undefined).map((key) => [key, actual[key]]));
}
