import type { CreateTagsRequest, DeleteTagsRequest, DescribeTagsRequest, DescribeTagsResult, TagDescription } from '@aws-sdk/client-ec2';
import type { AwsError } from '../../../../aws/aws-error.js';
import { handler, type ServiceContext } from '../../../service.js';
import type { Table } from '../../../world/table.js';
import { ec2Errors } from '../errors.js';
import { paginate } from '../paging.js';
import type { Tagged } from '../records/common.js';
import type { Ec2Store } from '../store.js';
import { validTags } from '../tags.js';
import { filterList } from './list-filters.js';

/** What tagging needs of a table, whatever record type it holds. */
interface TagTable {
  has(id: string): boolean;
  get(id: string): Tagged | undefined;
  values(): Iterable<Tagged>;
  update(id: string, change: (draft: Tagged) => void): void;
}

/** One kind of taggable resource: how its ids start, what DescribeTags calls it, where it lives. */
interface TaggableKind {
  readonly prefix: string;
  readonly resourceType: string;
  readonly table: (store: Ec2Store) => TagTable;
  readonly notFound: (id: string) => AwsError;
}

/** A table seen only through its records' tags. */
function tagTable<T extends Tagged>(table: Table<T>): TagTable {
  return {
    has: (id) => table.has(id),
    get: (id) => table.get(id),
    values: () => table.values(),
    update: (id, change) => {
      table.update(id, change);
    },
  };
}

/** Every EC2 resource the gym lets you tag, routed by id prefix as AWS does. */
const KINDS: readonly TaggableKind[] = [
  { prefix: 'vpc-', resourceType: 'vpc', table: (store) => tagTable(store.vpcs), notFound: ec2Errors.vpcNotFound },
  { prefix: 'subnet-', resourceType: 'subnet', table: (store) => tagTable(store.subnets), notFound: ec2Errors.subnetNotFound },
  { prefix: 'igw-', resourceType: 'internet-gateway', table: (store) => tagTable(store.internetGateways), notFound: ec2Errors.internetGatewayNotFound },
  { prefix: 'rtb-', resourceType: 'route-table', table: (store) => tagTable(store.routeTables), notFound: ec2Errors.routeTableNotFound },
  { prefix: 'sg-', resourceType: 'security-group', table: (store) => tagTable(store.securityGroups), notFound: ec2Errors.securityGroupNotFound },
  { prefix: 'key-', resourceType: 'key-pair', table: (store) => tagTable(store.keyPairs), notFound: ec2Errors.keyPairIdNotFound },
  { prefix: 'eipalloc-', resourceType: 'elastic-ip', table: (store) => tagTable(store.addresses), notFound: ec2Errors.allocationNotFound },
  { prefix: 'i-', resourceType: 'instance', table: (store) => tagTable(store.instances), notFound: (id) => ec2Errors.instanceNotFound([id]) },
  { prefix: 'ami-', resourceType: 'image', table: (store) => tagTable(store.images), notFound: ec2Errors.imageNotFound },
  { prefix: 'vol-', resourceType: 'volume', table: (store) => tagTable(store.volumes), notFound: ec2Errors.volumeNotFound },
  { prefix: 'snap-', resourceType: 'snapshot', table: (store) => tagTable(store.snapshots), notFound: ec2Errors.snapshotNotFound },
  { prefix: 'lt-', resourceType: 'launch-template', table: (store) => tagTable(store.launchTemplates), notFound: ec2Errors.launchTemplateIdNotFound },
  { prefix: 'sir-', resourceType: 'spot-instances-request', table: (store) => tagTable(store.spotRequests), notFound: ec2Errors.spotRequestNotFound },
];

/** The kind of resource an id names, by prefix; undefined when EC2 would call the id invalid. */
export function taggableKind(id: string): TaggableKind | undefined {
  return KINDS.find((kind) => id.startsWith(kind.prefix));
}

/** The table holding a taggable resource, or the not-found error its kind uses. */
function requireTaggable(store: Ec2Store, id: string): TagTable {
  const kind = taggableKind(id);
  if (!kind) throw ec2Errors.invalidResourceId(id);
  const table = kind.table(store);
  if (!table.has(id)) throw kind.notFound(id);
  return table;
}

/** One tag of one resource, with the resource's tags for `tag:<key>` filters. */
interface TagEntry {
  readonly description: TagDescription;
  readonly tags: Record<string, string>;
}

/** Tag entries, narrowed up front by exact resource-id and resource-type filters so large worlds stay cheap. */
function tagEntries(store: Ec2Store, input: DescribeTagsRequest): TagEntry[] {
  const exact = (name: string) => {
    const filter = input.Filters?.find((candidate) => candidate.Name === name);
    return filter?.Values && !filter.Values.some((value) => /[*?]/.test(value)) ? filter.Values : undefined;
  };
  const types = exact('resource-type');
  const ids = exact('resource-id');
  const entries: TagEntry[] = [];
  const add = (kind: TaggableKind, record: Tagged) => {
    for (const [Key, Value] of Object.entries(record.tags)) {
      entries.push({ description: { Key, Value, ResourceId: record.id, ResourceType: kind.resourceType as TagDescription['ResourceType'] }, tags: record.tags });
    }
  };
  for (const kind of KINDS) {
    if (types && !types.includes(kind.resourceType)) continue;
    const table = kind.table(store);
    if (ids) {
      for (const id of ids) if (id.startsWith(kind.prefix) && table.get(id)) add(kind, table.get(id)!);
      continue;
    }
    for (const record of table.values()) if (Object.keys(record.tags).length > 0) add(kind, record);
  }
  return entries;
}

/**
 * Sets tags AWS itself owns (`aws:cloudformation:stack-name`, …), which CreateTags refuses to callers;
 * CloudFormation's providers put them on what they create. Throws the resource's not-found error.
 */
export function putReservedTags(store: Ec2Store, id: string, tags: Record<string, string>): void {
  requireTaggable(store, id).update(id, (draft) => {
    Object.assign(draft.tags, tags);
  });
}

function store(context: ServiceContext): Ec2Store {
  return context.store<Ec2Store>('ec2');
}

/** Tag operations across EC2. */
export const taggingOperations = {
  CreateTags: handler<CreateTagsRequest, Record<string, never>>((context, input) => {
    const ec2 = store(context);
    const tags = validTags(input.Tags ?? []);
    const tables = (input.Resources ?? []).map((id) => [id, requireTaggable(ec2, id)] as const);
    for (const [id, table] of tables) {
      const merged = { ...table.get(id)!.tags, ...tags };
      if (Object.keys(merged).length > 50) throw ec2Errors.tagLimitExceeded();
      table.update(id, (draft) => {
        Object.assign(draft.tags, tags);
      });
    }
    return {};
  }),

  DeleteTags: handler<DeleteTagsRequest, Record<string, never>>((context, input) => {
    const ec2 = store(context);
    const tables = (input.Resources ?? []).map((id) => [id, requireTaggable(ec2, id)] as const);
    for (const tag of input.Tags ?? []) {
      if (tag.Key?.toLowerCase().startsWith('aws:')) throw ec2Errors.invalidTagKey(tag.Key);
    }
    for (const [id, table] of tables) {
      table.update(id, (draft) => {
        // No Tags means every tag; a tag with a Value is removed only when the value matches.
        const doomed = input.Tags ?? Object.keys(draft.tags).map((Key) => ({ Key, Value: undefined }));
        for (const tag of doomed) {
          const key = tag.Key ?? '';
          if (key in draft.tags && (tag.Value === undefined || draft.tags[key] === tag.Value)) delete draft.tags[key];
        }
      });
    }
    return {};
  }),

  DescribeTags: handler<DescribeTagsRequest, DescribeTagsResult>((context, input) => {
    const found = filterList(tagEntries(store(context), input), input.Filters, {
      accessors: {
        'key': (entry) => entry.description.Key,
        'value': (entry) => entry.description.Value,
        'resource-id': (entry) => entry.description.ResourceId,
        'resource-type': (entry) => entry.description.ResourceType,
      },
      tags: (entry) => entry.tags,
    });
    const page = paginate(found, input.MaxResults, input.NextToken, { minimum: 5, maximum: 1000 });
    return { Tags: page.items.map((entry) => entry.description), NextToken: page.nextToken };
  }),
};
