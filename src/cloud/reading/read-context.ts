import type { CloudClients } from '../clients.js';
import type { InventoryWarning } from '../inventory.js';

/** What every reader gets: the clients, the page size, and a counter of the API calls it makes. */
export interface ReadContext {
  readonly clients: CloudClients;
  /** MaxResults/PageSize to ask for; each operation clamps it to what AWS allows. */
  readonly pageSize: number | undefined;
  /** Makes one API call and counts it. */
  call<T>(send: () => Promise<T>): Promise<T>;
  /** Records a part of the read that had to be left out. */
  warn(warning: InventoryWarning): void;
}

/** A read context that also says how many calls were made through it and what had to be left out. */
export function createReadContext(clients: CloudClients, pageSize: number | undefined): ReadContext & { apiCalls(): number; warnings(): InventoryWarning[] } {
  let calls = 0;
  const warnings: InventoryWarning[] = [];
  return {
    clients,
    pageSize,
    call: (send) => {
      calls += 1;
      return send();
    },
    warn: (warning) => {
      warnings.push(warning);
    },
    apiCalls: () => calls,
    warnings: () => [...warnings],
  };
}

/** The page-size limits AWS documents for each paginated describe call. */
const PAGE_LIMITS: Readonly<Record<string, { minimum: number; maximum: number }>> = {
  DescribeRouteTables: { minimum: 5, maximum: 100 },
  DescribeVolumes: { minimum: 5, maximum: 500 },
  elbv2: { minimum: 1, maximum: 400 },
};
const EC2_DEFAULT_LIMITS = { minimum: 5, maximum: 1000 };

/** The page size to request from an operation: the asked size clamped to its limits, else its maximum. */
export function pageSizeFor(context: ReadContext, operation: string): number {
  const limits = PAGE_LIMITS[operation] ?? EC2_DEFAULT_LIMITS;
  const asked = context.pageSize ?? limits.maximum;
  return Math.min(limits.maximum, Math.max(limits.minimum, asked));
}

/** A safety stop for endpoints that hand back the same token forever. */
const MAX_PAGES = 10_000;

/**
 * Follows a token-paginated call to the end and returns every item. `fetchPage` gets the token (undefined
 * for the first page) and returns the page's items and the next token.
 */
export async function allPages<T>(fetchPage: (token: string | undefined) => Promise<{ items: readonly T[] | undefined; next: string | undefined }>): Promise<T[]> {
  const items: T[] = [];
  const seen = new Set<string>();
  let token: string | undefined;
  for (let page = 0; page < MAX_PAGES; page++) {
    const result = await fetchPage(token);
    items.push(...(result.items ?? []));
    if (!result.next || seen.has(result.next)) return items;
    seen.add(result.next);
    token = result.next;
  }
  return items;
}

/** Splits a list into chunks of at most `size` (ELBv2 DescribeTags takes 20 ARNs at a time). */
export function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let index = 0; index < items.length; index += size) out.push(items.slice(index, index + size));
  return out;
}

/** Tags in AWS's list shape as a plain record. */
export function tagRecord(tags: readonly { Key?: string | undefined; Value?: string | undefined }[] | undefined): Record<string, string> {
  const record: Record<string, string> = {};
  for (const tag of tags ?? []) if (tag.Key !== undefined) record[tag.Key] = tag.Value ?? '';
  return record;
}

/** An SDK timestamp (a Date, or a string from a lenient endpoint) as an ISO string. */
export function isoTime(value: Date | string | undefined): string | undefined {
  if (value === undefined) return undefined;
  const date = value instanceof Date ? value : new Date(value);
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString();
}
