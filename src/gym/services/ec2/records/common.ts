import type { StoredRecord } from '../../../world/table.js';

/** EC2 resources carry tags as a key → value map (AWS keeps at most one value per key). */
export interface Tagged extends StoredRecord {
  readonly tags: Record<string, string>;
}

/** Index keys for a record's tags: `key` alone (for tag-key filters) and `key\tvalue` (for tag:key). */
export function tagKeys(record: Tagged): string[] {
  const keys: string[] = [];
  for (const [key, value] of Object.entries(record.tags)) keys.push(key, `${key}\t${value}`);
  return keys;
}
