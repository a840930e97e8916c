import { elbv2Errors } from './errors.js';

/** Checks a value against an API enum, failing as AWS's request validator does. */
export function checkEnum<T extends string>(field: string, value: string, allowed: readonly T[]): T {
  if (!(allowed as readonly string[]).includes(value)) throw elbv2Errors.invalidEnum(field, value, allowed);
  return value as T;
}

/** Checks a number against the model's range, failing as AWS's request validator does. */
export function checkRange(field: string, value: number, minimum: number, maximum: number): number {
  if (value < minimum) throw elbv2Errors.outOfRange(field, value, 'greater than or equal to', minimum);
  if (value > maximum) throw elbv2Errors.outOfRange(field, value, 'less than or equal to', maximum);
  return value;
}

/** Checks a port number (1-65535). */
export function checkPort(field: string, port: number): number {
  return checkRange(field, port, 1, 65535);
}

/**
 * Checks a load balancer or target group name: 1-32 alphanumerics or hyphens, no hyphen at either
 * end; load balancer names must not start with `internal-` (AWS uses that prefix for internal DNS names).
 */
export function checkName(kind: 'Load balancer' | 'Target group', name: string): string {
  if (name.length === 0) throw elbv2Errors.validation(`${kind} name cannot be empty`);
  if (name.length > 32) throw elbv2Errors.validation(`${kind} name '${name}' cannot be longer than '32' characters`);
  if (!/^[A-Za-z0-9-]+$/.test(name)) {
    throw elbv2Errors.validation(`${kind} name '${name}' can only contain characters that are alphanumeric characters or hyphens(-)`);
  }
  if (name.startsWith('-') || name.endsWith('-')) throw elbv2Errors.validation(`${kind} name '${name}' cannot begin or end with '-'`);
  if (kind === 'Load balancer' && name.toLowerCase().startsWith('internal-')) {
    throw elbv2Errors.validation(`Load balancer name '${name}' cannot begin with 'internal-'`);
  }
  return name;
}

/** The names in a list that appear more than once. */
export function duplicates(values: readonly string[]): string[] {
  const seen = new Set<string>();
  const repeated = new Set<string>();
  for (const value of values) (seen.has(value) ? repeated : seen).add(value);
  return [...repeated];
}
