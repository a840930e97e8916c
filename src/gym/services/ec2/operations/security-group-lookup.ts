import { ec2Errors } from '../errors.js';
import type { SecurityGroupRecord, VpcRecord } from '../records/network.js';
import type { Ec2Store } from '../store.js';

/** The region's default VPC, if it still has one. */
export function defaultVpc(store: Ec2Store): VpcRecord | undefined {
  const [id] = store.vpcs.lookup('is-default', 'true');
  return id ? store.vpcs.get(id) : undefined;
}

/** The security group with this id, or the AWS not-found (or malformed-id) error. */
export function requireSecurityGroup(store: Ec2Store, id: string): SecurityGroupRecord {
  const group = store.securityGroups.get(id);
  if (group) return group;
  if (!id.startsWith('sg-')) throw ec2Errors.groupIdMalformed(id);
  throw ec2Errors.securityGroupNotFound(id);
}

/** The group with this name in a VPC, if any. */
export function groupNamed(store: Ec2Store, vpcId: string, name: string): SecurityGroupRecord | undefined {
  return store.securityGroups.find('group-name', name).find((group) => group.vpcId === vpcId);
}

/** A group named in the default VPC, as GroupName parameters mean (a legacy of EC2-Classic). */
export function requireGroupByName(store: Ec2Store, name: string): SecurityGroupRecord {
  const vpc = defaultVpc(store);
  const group = vpc ? groupNamed(store, vpc.id, name) : undefined;
  if (!group) throw ec2Errors.groupNameNotFound(name, vpc?.id);
  return group;
}

/** The group a request acts on: GroupId, else GroupName in the default VPC. */
export function targetGroup(store: Ec2Store, input: { GroupId?: string | undefined; GroupName?: string | undefined }): SecurityGroupRecord {
  if (input.GroupId !== undefined) return requireSecurityGroup(store, input.GroupId);
  if (input.GroupName !== undefined) return requireGroupByName(store, input.GroupName);
  throw ec2Errors.missingParameter('GroupId');
}
