import { createHash } from 'node:crypto';

/**
 * An id in EC2's format (`ami-0…`, 17 hex digits) derived from its parts, so catalogue resources have
 * the same id in every gym and every run, and differ between regions as they do in AWS.
 */
export function stableId(prefix: string, ...parts: string[]): string {
  return `${prefix}-0${stableHex(16, prefix, ...parts)}`;
}

/** Lowercase hex of the given length derived from the parts. */
export function stableHex(length: number, ...parts: string[]): string {
  return createHash('sha256').update(parts.join('\u0000')).digest('hex').slice(0, length);
}

/** A number in [0, 1) derived from the parts (for deterministic prices and jitter). */
export function stableFraction(...parts: string[]): number {
  return parseInt(stableHex(12, ...parts), 16) / 2 ** 48;
}
