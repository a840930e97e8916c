import { AwsError } from '../../../aws/aws-error.js';

/** Limits a describe call places on MaxResults (they differ by operation). */
export interface PageLimits {
  readonly minimum: number;
  readonly maximum: number;
  /** Above the maximum, AWS returns a full page instead of failing (DescribeVolumes, DescribeSnapshots). */
  readonly clampAboveMaximum?: boolean;
}

/** One page of results and the token for the next, if any. */
export interface Page<T> {
  readonly items: T[];
  readonly nextToken: string | undefined;
}

/**
 * Pages a result list the way EC2 describe calls do: MaxResults within the operation's limits, and an
 * opaque NextToken. Without MaxResults everything comes back in one page.
 */
export function paginate<T>(items: T[], maxResults: number | undefined, nextToken: string | undefined, limits: PageLimits): Page<T> {
  let start = 0;
  if (nextToken) {
    const decoded = decodeToken(nextToken);
    if (decoded === undefined) throw new AwsError('InvalidNextToken', `The token '${nextToken}' is not valid or has expired.`);
    start = decoded;
  }
  if (maxResults === undefined) {
    return { items: start === 0 ? items : items.slice(start), nextToken: undefined };
  }
  if (limits.clampAboveMaximum && maxResults > limits.maximum) maxResults = limits.maximum;
  if (maxResults < limits.minimum || maxResults > limits.maximum) {
    throw new AwsError(
      'InvalidParameterValue',
      `Value ( ${maxResults} ) for parameter maxResults is invalid. Parameter must be between ${limits.minimum} and ${limits.maximum}.`,
    );
  }
  const end = start + maxResults;
  return { items: items.slice(start, end), nextToken: end < items.length ? encodeToken(end) : undefined };
}

function encodeToken(offset: number): string {
  return Buffer.from(JSON.stringify({ v: 1, offset })).toString('base64url');
}

function decodeToken(token: string): number | undefined {
  try {
    const value = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as { v?: number; offset?: unknown };
    return value.v === 1 && typeof value.offset === 'number' && Number.isInteger(value.offset) && value.offset >= 0 ? value.offset : undefined;
  } catch {
    return undefined;
  }
}
