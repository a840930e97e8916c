import { elbv2Errors } from './errors.js';
import { checkRange } from './validation.js';

/** One page of a describe call and the marker for the next, if any. */
export interface MarkerPage<T> {
  readonly items: T[];
  readonly nextMarker: string | undefined;
}

/**
 * Pages a result list the way ELBv2 describe calls do: PageSize 1-400 (everything in one page when
 * absent) and an opaque Marker that AWS returns as NextMarker.
 */
export function pageByMarker<T>(items: T[], pageSize: number | undefined, marker: string | undefined): MarkerPage<T> {
  let start = 0;
  if (marker !== undefined) {
    const offset = decodeMarker(marker);
    if (offset === undefined) throw elbv2Errors.validation(`The marker '${marker}' is not valid; pass the NextMarker of the previous page unchanged`);
    start = offset;
  }
  if (pageSize === undefined) return { items: items.slice(start), nextMarker: undefined };
  checkRange('pageSize', pageSize, 1, 400);
  const end = start + pageSize;
  return { items: items.slice(start, end), nextMarker: end < items.length ? encodeMarker(end) : undefined };
}

function encodeMarker(offset: number): string {
  return Buffer.from(JSON.stringify({ elbv2: 1, offset })).toString('base64');
}

function decodeMarker(marker: string): number | undefined {
  try {
    const value = JSON.parse(Buffer.from(marker, 'base64').toString('utf8')) as { elbv2?: number; offset?: unknown };
    return value.elbv2 === 1 && typeof value.offset === 'number' && Number.isInteger(value.offset) && value.offset >= 0 ? value.offset : undefined;
  } catch {
    return undefined;
  }
}
