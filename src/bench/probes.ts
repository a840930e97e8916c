import {
  DescribeAddressesCommand, DescribeInstancesCommand, DescribeSecurityGroupsCommand, DescribeVolumesCommand,
  type Address, type Instance, type IpPermission, type SecurityGroup, type Volume,
} from '@aws-sdk/client-ec2';
import { DescribeTargetHealthCommand } from '@aws-sdk/client-elastic-load-balancing-v2';
import type { BenchCloud } from './bench-cloud.js';

/*
 * Reads for the checks, over the AWS SDK v3 directly: what a person would run to see whether the
 * agent did its job.
 */

/** The Name tag of an EC2 resource. */
export function nameOf(resource: { Tags?: { Key?: string; Value?: string }[] | undefined }): string | undefined {
  return resource.Tags?.find((tag) => tag.Key === 'Name')?.Value;
}

/** Every instance, terminated ones included only when asked. */
export async function instances(cloud: BenchCloud, options: { includeTerminated?: boolean } = {}): Promise<Instance[]> {
  const found: Instance[] = [];
  let token: string | undefined;
  do {
    const page = await cloud.ec2.send(new DescribeInstancesCommand({ NextToken: token }));
    for (const reservation of page.Reservations ?? []) found.push(...(reservation.Instances ?? []));
    token = page.NextToken;
  } while (token);
  return options.includeTerminated ? found : found.filter((instance) => !['terminated', 'shutting-down'].includes(instance.State?.Name ?? ''));
}

/** The live instances with a Name tag. */
export async function instancesNamed(cloud: BenchCloud, name: string): Promise<Instance[]> {
  return (await instances(cloud)).filter((instance) => nameOf(instance) === name);
}

/** One instance by id (terminated included), or undefined. */
export async function instanceById(cloud: BenchCloud, id: string): Promise<Instance | undefined> {
  return (await instances(cloud, { includeTerminated: true })).find((instance) => instance.InstanceId === id);
}

/** The volumes attached to an instance. */
export async function volumesOf(cloud: BenchCloud, instanceId: string): Promise<Volume[]> {
  const found = await cloud.ec2.send(new DescribeVolumesCommand({ Filters: [{ Name: 'attachment.instance-id', Values: [instanceId] }] }));
  return found.Volumes ?? [];
}

/** Every volume. */
export async function allVolumes(cloud: BenchCloud): Promise<Volume[]> {
  return (await cloud.ec2.send(new DescribeVolumesCommand({}))).Volumes ?? [];
}

/** A security group by group name, or undefined. */
export async function securityGroupNamed(cloud: BenchCloud, name: string): Promise<SecurityGroup | undefined> {
  const found = await cloud.ec2.send(new DescribeSecurityGroupsCommand({ Filters: [{ Name: 'group-name', Values: [name] }] }));
  return found.SecurityGroups?.[0];
}

/** True when the group lets TCP `port` in from `cidr`. */
export function allowsIngress(group: SecurityGroup, port: number, cidr = '0.0.0.0/0'): boolean {
  return (group.IpPermissions ?? []).some((permission: IpPermission) =>
    (permission.IpProtocol === 'tcp' || permission.IpProtocol === '6' || permission.IpProtocol === '-1')
    && (permission.IpProtocol === '-1' || ((permission.FromPort ?? -1) <= port && port <= (permission.ToPort ?? -1)))
    && (permission.IpRanges ?? []).some((range) => range.CidrIp === cidr));
}

/**
 * The instance ids registered in a target group, sorted. Targets being deregistered stay listed as
 * `draining` for the deregistration delay; they count as gone.
 */
export async function targetIds(cloud: BenchCloud, targetGroupArn: string): Promise<string[]> {
  const found = await cloud.elbv2.send(new DescribeTargetHealthCommand({ TargetGroupArn: targetGroupArn }));
  return (found.TargetHealthDescriptions ?? [])
    .filter((description) => description.TargetHealth?.State !== 'draining')
    .map((description) => description.Target?.Id ?? '')
    .sort();
}

/** Every Elastic IP. */
export async function addresses(cloud: BenchCloud): Promise<Address[]> {
  return (await cloud.ec2.send(new DescribeAddressesCommand({}))).Addresses ?? [];
}

/** True when `text` holds `fragment` as a whole word (so "4" does not match "40"). */
export function mentions(text: string, fragment: string): boolean {
  const escaped = fragment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`(^|[^A-Za-z0-9.-])${escaped}($|[^A-Za-z0-9-]|\\.(?!\\d))`).test(text);
}
