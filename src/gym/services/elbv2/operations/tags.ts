import type {
  AddTagsInput, AddTagsOutput, DescribeTagsInput, DescribeTagsOutput, RemoveTagsInput, RemoveTagsOutput,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { handler } from '../../../service.js';
import type { Table } from '../../../world/table.js';
import { arnKind } from '../arns.js';
import { elbv2Errors } from '../errors.js';
import { elbv2Store } from '../lookups.js';
import type { Elbv2Store } from '../store.js';
import { apiTags, TAG_LIMIT, validTags } from '../tags.js';

type TaggedTable = Table<{ readonly id: string; tags: Record<string, string> }>;

/** The table that holds a taggable resource, after checking that the resource exists. */
function taggable(store: Elbv2Store, arn: string): TaggedTable {
  const kind = arnKind(arn);
  if (kind === undefined) throw elbv2Errors.validation(`'${arn}' is not a valid load balancer, target group, listener or rule ARN`);
  const found = {
    'load balancer': [store.loadBalancers, elbv2Errors.loadBalancerNotFound],
    'target group': [store.targetGroups, elbv2Errors.targetGroupNotFound],
    listener: [store.listeners, elbv2Errors.listenerNotFound],
    rule: [store.rules, elbv2Errors.ruleNotFound],
  } as unknown as Record<typeof kind, [TaggedTable, (arn: string) => Error]>;
  const [table, notFound] = found[kind];
  if (!table.has(arn)) throw notFound(arn);
  return table;
}

/**
 * Sets tags AWS itself owns (`aws:cloudformation:stack-name`, …), which AddTags refuses to callers;
 * CloudFormation's providers put them on what they create. Throws the resource's not-found error.
 */
export function putReservedTags(store: Elbv2Store, arn: string, tags: Record<string, string>): void {
  taggable(store, arn).update(arn, (draft) => {
    Object.assign(draft.tags, tags);
  });
}

function checkArnCount(arns: readonly string[]): void {
  if (arns.length > 20) throw elbv2Errors.tooLong('resourceArns', 20);
}

/** AddTags, RemoveTags and DescribeTags on load balancers, target groups, listeners and rules. */
export const tagOperations = {
  AddTags: handler<AddTagsInput, AddTagsOutput>((context, input) => {
    const store = elbv2Store(context);
    const arns = input.ResourceArns ?? [];
    checkArnCount(arns);
    const tags = validTags(input.Tags);
    for (const arn of arns) {
      const table = taggable(store, arn);
      const merged = { ...table.get(arn)!.tags, ...tags };
      if (Object.keys(merged).length > TAG_LIMIT) throw elbv2Errors.tooManyTags(arn);
      table.update(arn, (draft) => {
        draft.tags = merged;
      });
    }
    return {};
  }),

  RemoveTags: handler<RemoveTagsInput, RemoveTagsOutput>((context, input) => {
    const store = elbv2Store(context);
    const arns = input.ResourceArns ?? [];
    checkArnCount(arns);
    for (const arn of arns) {
      const table = taggable(store, arn);
      table.update(arn, (draft) => {
        for (const key of input.TagKeys ?? []) delete draft.tags[key];
      });
    }
    return {};
  }),

  DescribeTags: handler<DescribeTagsInput, DescribeTagsOutput>((context, input) => {
    const store = elbv2Store(context);
    const arns = input.ResourceArns ?? [];
    checkArnCount(arns);
    return { TagDescriptions: arns.map((arn) => ({ ResourceArn: arn, Tags: apiTags(taggable(store, arn).get(arn)!.tags) })) };
  }),
};
