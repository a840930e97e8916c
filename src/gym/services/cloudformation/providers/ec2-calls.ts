import type { TagSpecification } from '@aws-sdk/client-ec2';
import { putReservedTags } from '../../ec2/operations/tagging.js';
import type { Ec2Store } from '../../ec2/store.js';
import type { ProviderContext, ResourceProperties } from './provider.js';
import { stackTags, tagChanges, templateTags } from './provider-values.js';

/** Runs an EC2 operation with SDK-shaped input in the provider's transaction. */
export function ec2<Output = Record<string, never>>(context: ProviderContext, operation: string, input: object): Output {
  return context.invoke<Output>('ec2', operation, input);
}

/** The template's Tags as the TagSpecifications of a create call; undefined when there are none. */
export function tagSpecifications(resourceType: string, properties: ResourceProperties): TagSpecification[] | undefined {
  const tags = templateTags(properties);
  return tags.length === 0 ? undefined : [{ ResourceType: resourceType as TagSpecification['ResourceType'], Tags: tags }];
}

/** Puts CloudFormation's own tags on a resource just created. */
export function tagWithStack(context: ProviderContext, id: string, logicalId: string): void {
  putReservedTags(context.store<Ec2Store>('ec2'), id, stackTags(context, logicalId));
}

/** Applies a change of the template's Tags with CreateTags and DeleteTags, leaving AWS's own tags alone. */
export function updateTags(context: ProviderContext, id: string, previous: ResourceProperties, next: ResourceProperties): void {
  const { set, removed } = tagChanges(previous, next);
  if (set.length > 0) ec2(context, 'CreateTags', { Resources: [id], Tags: set });
  if (removed.length > 0) ec2(context, 'DeleteTags', { Resources: [id], Tags: removed.map((Key) => ({ Key })) });
}
