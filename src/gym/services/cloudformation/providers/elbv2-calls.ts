import type { DescribeTagsOutput } from '@aws-sdk/client-elastic-load-balancing-v2';
import { putReservedTags } from '../../elbv2/operations/tags.js';
import type { Elbv2Store } from '../../elbv2/store.js';
import type { ProviderContext, ResourceProperties } from './provider.js';
import { readTags, stackTags, tagChanges, templateTags, type CfnTag } from './provider-values.js';

/** Runs an ELBv2 operation with SDK-shaped input in the provider's transaction. */
export function elbv2<Output = Record<string, never>>(context: ProviderContext, operation: string, input: object): Output {
  return context.invoke<Output>('elbv2', operation, input);
}

/** The template's Tags as an ELBv2 create call takes them; undefined when there are none. */
export function createTags(properties: ResourceProperties): CfnTag[] | undefined {
  const tags = templateTags(properties);
  return tags.length === 0 ? undefined : tags;
}

/** Puts CloudFormation's own tags on a load balancer, target group or listener just created. */
export function tagWithStack(context: ProviderContext, arn: string, logicalId: string): void {
  putReservedTags(context.store<Elbv2Store>('elbv2'), arn, stackTags(context, logicalId));
}

/** Applies a change of the template's Tags with AddTags and RemoveTags, leaving AWS's own tags alone. */
export function updateTags(context: ProviderContext, arn: string, previous: ResourceProperties, next: ResourceProperties): void {
  const { set, removed } = tagChanges(previous, next);
  if (set.length > 0) elbv2(context, 'AddTags', { ResourceArns: [arn], Tags: set });
  if (removed.length > 0) elbv2(context, 'RemoveTags', { ResourceArns: [arn], TagKeys: removed });
}

/** A resource's tags as the template writes them (without AWS's own). */
export function currentTags(context: ProviderContext, arn: string): CfnTag[] | undefined {
  return readTags(elbv2<DescribeTagsOutput>(context, 'DescribeTags', { ResourceArns: [arn] }).TagDescriptions?.[0]?.Tags);
}

/** Key/value attribute lists (LoadBalancerAttributes, TargetGroupAttributes) as the API takes them, values as strings. */
export function attributeList(properties: ResourceProperties, name: string): { Key: string; Value: string }[] {
  const value = (properties[name] as { Key: string; Value: unknown }[] | undefined) ?? [];
  return value.map((attribute) => ({ Key: attribute.Key, Value: String(attribute.Value) }));
}

/** The attributes whose values differ from (or are missing in) the previous list. */
export function changedAttributes(previous: ResourceProperties, next: ResourceProperties, name: string): { Key: string; Value: string }[] {
  const before = new Map(attributeList(previous, name).map((attribute) => [attribute.Key, attribute.Value]));
  return attributeList(next, name).filter((attribute) => before.get(attribute.Key) !== attribute.Value);
}

/**
 * Every attribute a service reports, sorted by key. A template lists only some of them, so drift compares
 * attribute lists by key: the ones the template sets, against these.
 */
export function readAttributes(reported: readonly { Key?: string; Value?: string }[] | undefined): { Key: string; Value: string }[] {
  return (reported ?? [])
    .filter((attribute) => attribute.Key !== undefined)
    .map((attribute) => ({ Key: attribute.Key!, Value: attribute.Value ?? '' }))
    .sort((a, b) => (a.Key < b.Key ? -1 : a.Key > b.Key ? 1 : 0));
}
