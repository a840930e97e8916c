import type { Tag } from '@aws-sdk/client-elastic-load-balancing-v2';
import { elbv2Errors } from './errors.js';

/** AWS's quota of tags per ELBv2 resource. */
export const TAG_LIMIT = 50;

/** Checks tags as ELBv2 does (no repeated keys, no `aws:` keys, lengths) and returns them as a map. */
export function validTags(tags: readonly Tag[] | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const tag of tags ?? []) {
    const key = tag.Key ?? '';
    if (key.length === 0 || key.length > 128) throw elbv2Errors.validation(`Tag key '${key}' must be 1 to 128 characters long`);
    if (key.toLowerCase().startsWith('aws:')) throw elbv2Errors.validation(`Tag key '${key}' is not valid: keys starting with 'aws:' are reserved for AWS use`);
    const value = tag.Value ?? '';
    if (value.length > 256) throw elbv2Errors.validation(`The value of tag '${key}' is longer than 256 characters`);
    if (key in out) throw elbv2Errors.duplicateTagKeys(key);
    out[key] = value;
  }
  return out;
}

/** Tags as the API returns them (an empty list when there are none, as AWS does). */
export function apiTags(tags: Record<string, string>): Tag[] {
  return Object.entries(tags).map(([Key, Value]) => ({ Key, Value }));
}
