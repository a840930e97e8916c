import { createHash } from 'node:crypto';
import type { AuditEntry } from './types.js';

/** The `prev` of the first entry: no entry came before it. */
export const GENESIS_HASH = '0'.repeat(64);

/**
 * JSON with every object's keys sorted, so a hash does not depend on the order a writer (or an editor)
 * put them in. Built on JSON.stringify so it treats toJSON, undefined and non-finite numbers exactly as
 * the line written to disk does: what verify() re-reads hashes the same as what append() wrote.
 */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, sortKeys);
}

function sortKeys(_key: string, value: unknown): unknown {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return value;
  const sorted: Record<string, unknown> = {};
  for (const key of Object.keys(value).sort()) sorted[key] = (value as Record<string, unknown>)[key];
  return sorted;
}

/** sha256 over the previous entry's hash and this entry's canonical JSON without its own `hash`. */
export function entryHash(entry: Omit<AuditEntry, 'hash'> | Record<string, unknown>): string {
  const { hash: _ignored, ...rest } = entry as Record<string, unknown>;
  return createHash('sha256').update(String(rest['prev'])).update(canonicalJson(rest)).digest('hex');
}
