import { AwsError } from '../../../aws/aws-error.js';
import type { Table } from '../../world/table.js';
import type { Tagged } from './records/common.js';

/** An EC2 filter as the API receives it. */
export interface Filter {
  readonly Name?: string;
  readonly Values?: readonly string[];
}

/** How to read a filter's value(s) from a record; a filter matches when any value matches any wanted value. */
export type FilterAccessor<T> = (record: T) => string | boolean | number | undefined | readonly (string | undefined)[];

/** The filters a describe call supports: accessors by name, and which of them an index of the table serves. */
export interface FilterSpec<T> {
  readonly accessors: Readonly<Record<string, FilterAccessor<T>>>;
  /** Filter names whose exact values can be looked up in the table index of the same name. */
  readonly indexed?: readonly string[];
}

/**
 * Applies EC2 filters (with `*` and `?` wildcards, `tag:Key`, `tag-key`) and an optional id list.
 * Exact-valued filters on indexed names narrow the candidates through the index first, so a filtered
 * describe in a world of 10,000 instances does not scan them.
 */
export function applyFilters<T extends Tagged>(
  table: Table<T>,
  filters: readonly Filter[] | undefined,
  spec: FilterSpec<T>,
  ids?: readonly string[],
): T[] {
  const checks: ((record: T) => boolean)[] = [];
  let candidates: Set<string> | undefined = ids && ids.length > 0 ? new Set(ids) : undefined;
  const narrow = (found: Iterable<string>) => {
    const next = new Set<string>();
    for (const id of found) if (!candidates || candidates.has(id)) next.add(id);
    candidates = next;
  };
  for (const filter of filters ?? []) {
    const name = filter.Name;
    if (!name) throw new AwsError('InvalidParameterValue', 'A filter must have a Name.');
    const values = filter.Values ?? [];
    if (values.length === 0) throw new AwsError('InvalidParameterValue', `The filter '${name}' must have at least one value.`);
    const exact = values.every((value) => !/[*?]/.test(value));
    if (name.startsWith('tag:')) {
      const key = name.slice(4);
      if (exact) {
        narrow(union(values.map((value) => table.lookup('tag', `${key}\t${value}`))));
        continue;
      }
      const patterns = values.map(wildcard);
      checks.push((record) => record.tags[key] !== undefined && patterns.some((pattern) => pattern.test(record.tags[key]!)));
      continue;
    }
    if (name === 'tag-key') {
      if (exact) narrow(union(values.map((value) => table.lookup('tag', value))));
      else checks.push((record) => Object.keys(record.tags).some((key) => values.map(wildcard).some((pattern) => pattern.test(key))));
      continue;
    }
    if (name === 'tag-value') {
      const patterns = values.map(wildcard);
      checks.push((record) => Object.values(record.tags).some((value) => patterns.some((pattern) => pattern.test(value))));
      continue;
    }
    const accessor = spec.accessors[name];
    if (!accessor) {
      throw new AwsError('InvalidParameterValue', `The filter '${name}' is invalid. Supported filters: ${Object.keys(spec.accessors).concat('tag:<key>', 'tag-key', 'tag-value').join(', ')}.`);
    }
    if (exact && spec.indexed?.includes(name)) {
      narrow(union(values.map((value) => table.lookup(name, value))));
      continue;
    }
    const patterns = values.map(wildcard);
    checks.push((record) => {
      const raw = accessor(record);
      const found = Array.isArray(raw) ? raw : [raw];
      return found.some((value) => value !== undefined && patterns.some((pattern) => pattern.test(String(value))));
    });
  }
  const out: T[] = [];
  if (candidates) {
    const found: T[] = [];
    for (const id of candidates) {
      const record = table.get(id);
      if (record && checks.every((check) => check(record))) found.push(record);
    }
    // Keep creation order so paging is stable and output matches an unfiltered listing.
    return found.sort((a, b) => table.orderOf(a.id) - table.orderOf(b.id));
  }
  for (const record of table.values()) if (checks.every((check) => check(record))) out.push(record);
  return out;
}

function union(sets: ReadonlySet<string>[]): Iterable<string> {
  if (sets.length === 1) return sets[0]!;
  const all = new Set<string>();
  for (const set of sets) for (const id of set) all.add(id);
  return all;
}

const wildcardCache = new Map<string, RegExp>();

/** EC2 filter values allow `*` (any run) and `?` (one character). */
export function wildcard(value: string): RegExp {
  let pattern = wildcardCache.get(value);
  if (!pattern) {
    const source = value.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.');
    pattern = new RegExp(`^${source}$`);
    if (wildcardCache.size < 10_000) wildcardCache.set(value, pattern);
  }
  return pattern;
}
