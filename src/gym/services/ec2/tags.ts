import type { Tag, TagSpecification } from '@aws-sdk/client-ec2';
import { ec2Errors } from './errors.js';

/** Tags from TagSpecifications that apply to one resource type (`instance`, `volume`, …). */
export function tagsFor(specifications: readonly TagSpecification[] | undefined, resourceType: string): Record<string, string> {
  const tags: Record<string, string> = {};
  for (const specification of specifications ?? []) {
    if (specification.ResourceType !== resourceType) continue;
    Object.assign(tags, validTags(specification.Tags ?? []));
  }
  return tags;
}

/** Checks tags as AWS does (no `aws:` keys, lengths, at most 50) and returns them as a map. */
export function validTags(tags: readonly Tag[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const tag of tags) {
    const key = tag.Key ?? '';
    if (key.length === 0 || key.length > 128) throw ec2Errors.invalidParameterValue(`Tag key '${key}' must be 1 to 128 characters long.`);
    if (key.toLowerCase().startsWith('aws:')) throw ec2Errors.invalidTagKey(key);
    const value = tag.Value ?? '';
    if (value.length > 256) throw ec2Errors.invalidParameterValue(`Tag value for key '${key}' is longer than 256 characters.`);
    out[key] = value;
  }
  if (Object.keys(out).length > 50) throw ec2Errors.tagLimitExceeded();
  return out;
}

/** Tags as the API returns them; undefined when there are none (AWS omits an empty tagSet). */
export function apiTags(tags: Record<string, string>): Tag[] | undefined {
  const entries = Object.entries(tags);
  return entries.length === 0 ? undefined : entries.map(([Key, Value]) => ({ Key, Value }));
}
