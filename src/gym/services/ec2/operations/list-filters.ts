import { AwsError } from '../../../../aws/aws-error.js';
import { wildcard, type Filter, type FilterAccessor } from '../filters.js';

/** How to read filter values from items that do not live in a table (zones, tag entries, rules). */
export interface ListFilterSpec<T> {
  readonly accessors: Readonly<Record<string, FilterAccessor<T>>>;
  /** The item's tags, when `tag:<key>`, `tag-key` and `tag-value` filters apply to it. */
  readonly tags?: (item: T) => Record<string, string>;
}

/**
 * Applies EC2 filters (wildcards, several values meaning "any of") to a plain list, for describe calls
 * whose results are computed rather than stored. Unknown filter names fail as AWS fails them.
 */
export function filterList<T>(items: readonly T[], filters: readonly Filter[] | undefined, spec: ListFilterSpec<T>): T[] {
  const checks = (filters ?? []).map((filter) => check(filter, spec));
  return checks.length === 0 ? [...items] : items.filter((item) => checks.every((test) => test(item)));
}

function check<T>(filter: Filter, spec: ListFilterSpec<T>): (item: T) => boolean {
  const name = filter.Name;
  if (!name) throw new AwsError('InvalidParameterValue', 'A filter must have a Name.');
  const values = filter.Values ?? [];
  if (values.length === 0) throw new AwsError('InvalidParameterValue', `The filter '${name}' must have at least one value.`);
  const patterns = values.map(wildcard);
  const matches = (value: string | undefined) => value !== undefined && patterns.some((pattern) => pattern.test(value));
  const tags = spec.tags;
  if (tags && name.startsWith('tag:')) return (item) => matches(tags(item)[name.slice(4)]);
  if (tags && name === 'tag-key') return (item) => Object.keys(tags(item)).some(matches);
  if (tags && name === 'tag-value') return (item) => Object.values(tags(item)).some(matches);
  const accessor = spec.accessors[name];
  if (!accessor) {
    const supported = Object.keys(spec.accessors).concat(tags ? ['tag:<key>', 'tag-key', 'tag-value'] : []);
    throw new AwsError('InvalidParameterValue', `The filter '${name}' is invalid. Supported filters: ${supported.join(', ')}.`);
  }
  return (item) => {
    const raw = accessor(item);
    const found = Array.isArray(raw) ? raw : [raw];
    return found.some((value) => value !== undefined && matches(String(value)));
  };
}
