import type { Clock } from '../core/clock.js';
import { fail, ok, type Result } from '../core/result.js';
import type { NamedResource } from './call-resources.js';
import type { ForwardRequest, Upstream } from './upstream.js';

/** Tags by key. */
export type Tags = Readonly<Record<string, string>>;

/** How long a resource's tags are trusted for calls that neither delete nor replace it. */
export const DEFAULT_TAG_CACHE_MS = 5_000;

interface CachedTags {
  readonly tags: Tags;
  readonly readAt: number;
}

const NO_TAGS: Tags = Object.freeze({});
const FORM = { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' };
const ELBV2_BATCH = 20;

/**
 * Reads the tags that authorization decides on (env=prod) from the cloud itself, never from the caller:
 * EC2's DescribeTags filtered by resource id, ELBv2's DescribeTags by ARN. Tags are cached briefly;
 * a delete or replace reads them fresh, so a tag added a second ago counts.
 */
export class TagReader {
  private readonly cache = new Map<string, CachedTags>();

  constructor(
    private readonly upstream: Upstream,
    private readonly clock: Clock,
    private readonly maxAgeMs = DEFAULT_TAG_CACHE_MS,
  ) {}

  /** Tags of each resource (empty for kinds without tags or resources that do not exist), or why not. */
  async tagsOf(region: string, resources: readonly NamedResource[], fresh: boolean): Promise<Result<Map<string, Tags>, string>> {
    const now = this.clock.now();
    const found = new Map<string, Tags>();
    const ec2Ids: string[] = [];
    const arns: string[] = [];
    for (const resource of resources) {
      const cached = fresh ? undefined : this.cache.get(`${region}/${resource.id}`);
      if (cached && now - cached.readAt <= this.maxAgeMs) found.set(resource.id, cached.tags);
      else if (resource.id.startsWith('arn:aws:elasticloadbalancing:')) arns.push(resource.id);
      else if (!resource.id.startsWith('arn:')) ec2Ids.push(resource.id);
      else found.set(resource.id, NO_TAGS);
    }
    const reads = await Promise.all([
      ec2Ids.length > 0 ? this.readEc2(region, ec2Ids) : ok(new Map<string, Tags>()),
      ...chunks(arns, ELBV2_BATCH).map((batch) => this.readElbv2(region, batch)),
    ]);
    for (const read of reads) {
      if (!read.success) return read;
      for (const [id, tags] of read.value) {
        found.set(id, tags);
        this.cache.set(`${region}/${id}`, { tags, readAt: now });
      }
    }
    return ok(found);
  }

  /**
   * Records a tag change that went through: tags added are merged into what is cached (keeping its
   * read time, so the cache is no younger than the cloud read it came from); removals drop the entry.
   */
  noteChange(region: string, ids: readonly string[], added: Tags | undefined): void {
    for (const id of ids) {
      const key = `${region}/${id}`;
      const cached = this.cache.get(key);
      if (cached && added) this.cache.set(key, { tags: { ...cached.tags, ...added }, readAt: cached.readAt });
      else this.cache.delete(key);
    }
  }

  private async readEc2(region: string, ids: readonly string[]): Promise<Result<Map<string, Tags>, string>> {
    const tags = new Map<string, Record<string, string>>(ids.map((id) => [id, {}]));
    let token: string | undefined;
    do {
      const params = new URLSearchParams({ Action: 'DescribeTags', Version: '2016-11-15', 'Filter.1.Name': 'resource-id', MaxResults: '1000' });
      ids.forEach((id, index) => params.set(`Filter.1.Value.${index + 1}`, id));
      if (token) params.set('NextToken', token);
      const answer = await this.call('ec2', 'ec2', region, params);
      if (!answer.success) return answer;
      for (const item of answer.value.matchAll(/<item>([\s\S]*?)<\/item>/g)) {
        const id = element(item[1]!, 'resourceId');
        const key = element(item[1]!, 'key');
        if (id !== undefined && key !== undefined) (tags.get(id) ?? tags.set(id, {}).get(id)!)[key] = element(item[1]!, 'value') ?? '';
      }
      token = element(answer.value, 'nextToken');
    } while (token);
    return ok(tags);
  }

  private async readElbv2(region: string, arns: readonly string[]): Promise<Result<Map<string, Tags>, string>> {
    const params = new URLSearchParams({ Action: 'DescribeTags', Version: '2015-12-01' });
    arns.forEach((arn, index) => params.set(`ResourceArns.member.${index + 1}`, arn));
    const answer = await this.call('elasticloadbalancing', 'elasticloadbalancing', region, params);
    if (!answer.success) {
      // One ARN that no longer exists fails the whole batch: ask one by one, and a missing one has no tags.
      if (!/NotFound/.test(answer.error)) return answer;
      if (arns.length === 1) return ok(new Map([[arns[0]!, NO_TAGS]]));
      const singles = await Promise.all(arns.map((arn) => this.readElbv2(region, [arn])));
      const merged = new Map<string, Tags>();
      for (const single of singles) {
        if (!single.success) return single;
        for (const [arn, tags] of single.value) merged.set(arn, tags);
      }
      return ok(merged);
    }
    return ok(parseElbv2Tags(answer.value, arns));
  }

  private async call(endpointPrefix: string, signingName: string, region: string, params: URLSearchParams): Promise<Result<string, string>> {
    const forward: ForwardRequest = {
      endpointPrefix, signingName, region, method: 'POST', path: '/', query: '', headers: FORM, body: Buffer.from(params.toString(), 'utf8'),
    };
    try {
      const { status, body } = await this.upstream.fetch(forward);
      if (status >= 200 && status < 300) return ok(body);
      return fail(`${element(body, 'Code') ?? `HTTP ${status}`}: ${element(body, 'Message') ?? body.slice(0, 200)}`);
    } catch (error) {
      return fail(`the upstream ${this.upstream.target} did not answer (${(error as Error).message})`);
    }
  }
}

/** TagDescriptions list ResourceArn before its Tags; a tag belongs to the last ARN seen. */
function parseElbv2Tags(body: string, arns: readonly string[]): Map<string, Tags> {
  const tags = new Map<string, Record<string, string>>(arns.map((arn) => [arn, {}]));
  let current: string | undefined = arns.length === 1 ? arns[0] : undefined;
  for (const match of body.matchAll(/<ResourceArn>([^<]*)<\/ResourceArn>|<member>((?:(?!<\/?member>)[\s\S])*?<Key>[\s\S]*?)<\/member>/g)) {
    if (match[1] !== undefined) {
      current = unescapeXml(match[1]);
      if (!tags.has(current)) tags.set(current, {});
    } else if (current !== undefined) {
      const key = element(match[2]!, 'Key');
      if (key !== undefined) tags.get(current)![key] = element(match[2]!, 'Value') ?? '';
    }
  }
  return tags;
}

function element(text: string, name: string): string | undefined {
  const start = text.indexOf(`<${name}>`);
  if (start < 0) return undefined;
  const end = text.indexOf(`</${name}>`, start);
  return end < 0 ? undefined : unescapeXml(text.slice(start + name.length + 2, end));
}

function unescapeXml(text: string): string {
  if (!text.includes('&')) return text;
  return text.replace(/&(amp|lt|gt|quot|apos|#x[0-9a-fA-F]+|#\d+);/g, (_, entity: string) => {
    switch (entity) {
      case 'amp': return '&';
      case 'lt': return '<';
      case 'gt': return '>';
      case 'quot': return '"';
      case 'apos': return "'";
      default: return String.fromCodePoint(entity.startsWith('#x') ? parseInt(entity.slice(2), 16) : Number(entity.slice(1)));
    }
  });
}

function chunks<T>(items: readonly T[], size: number): T[][] {
  const result: T[][] = [];
  for (let index = 0; index < items.length; index += size) result.push(items.slice(index, index + size));
  return result;
}
