import {
  AttachVolumeCommand, AuthorizeSecurityGroupIngressCommand, CreateSecurityGroupCommand, CreateSubnetCommand, CreateVolumeCommand,
  CreateVpcCommand, DescribeImagesCommand, DescribeInstancesCommand, DescribeSubnetsCommand, DescribeVolumesCommand, DescribeVpcsCommand,
  RunInstancesCommand, StopInstancesCommand, type Instance, type Tag,
} from '@aws-sdk/client-ec2';
import {
  CreateListenerCommand, CreateLoadBalancerCommand, CreateTargetGroupCommand, DescribeLoadBalancersCommand, RegisterTargetsCommand,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import type { BenchCloud } from './bench-cloud.js';

/*
 * Set-up helpers for the task suites. They build a world with the AWS SDK v3 directly, the way a
 * person's own tooling would, and wait (by nudging the gym's clock) until it has settled, so a task
 * starts from a steady cloud.
 */

const nameTag = (name: string): Tag[] => [{ Key: 'Name', Value: name }];

/** The newest Amazon Linux 2023 x86_64 image, as a person would look it up. */
export async function amazonLinuxImage(cloud: BenchCloud): Promise<string> {
  const found = await cloud.ec2.send(new DescribeImagesCommand({ Owners: ['amazon'], Filters: [{ Name: 'name', Values: ['al2023-ami-*-kernel-6.1-x86_64'] }] }));
  const newest = [...(found.Images ?? [])].sort((a, b) => String(b.CreationDate).localeCompare(String(a.CreationDate)))[0];
  if (!newest?.ImageId) throw new Error('set-up: the cloud offers no Amazon Linux 2023 x86_64 image');
  return newest.ImageId;
}

/** The default VPC and its subnets, sorted by availability zone. */
export async function defaultNetwork(cloud: BenchCloud): Promise<{ vpcId: string; subnetIds: string[] }> {
  const vpcs = await cloud.ec2.send(new DescribeVpcsCommand({ Filters: [{ Name: 'is-default', Values: ['true'] }] }));
  const vpcId = vpcs.Vpcs?.[0]?.VpcId;
  if (!vpcId) throw new Error('set-up: the cloud has no default VPC');
  const subnets = await cloud.ec2.send(new DescribeSubnetsCommand({ Filters: [{ Name: 'vpc-id', Values: [vpcId] }] }));
  const sorted = [...(subnets.Subnets ?? [])].sort((a, b) => String(a.AvailabilityZone).localeCompare(String(b.AvailabilityZone)));
  return { vpcId, subnetIds: sorted.map((subnet) => subnet.SubnetId!) };
}

/** What to launch. */
export interface LaunchSpec {
  readonly name: string;
  readonly instanceType?: string;
  readonly subnetId?: string;
  readonly securityGroupIds?: readonly string[];
  /** Leave it stopped instead of running. */
  readonly stopped?: boolean;
}

/** Launches one instance and waits until it is running (or stopped, when asked); returns its id. */
export async function launchInstance(cloud: BenchCloud, spec: LaunchSpec): Promise<string> {
  const launched = await cloud.ec2.send(new RunInstancesCommand({
    ImageId: await amazonLinuxImage(cloud),
    InstanceType: (spec.instanceType ?? 't3.micro') as never,
    MinCount: 1,
    MaxCount: 1,
    ...(spec.subnetId ? { SubnetId: spec.subnetId } : {}),
    ...(spec.securityGroupIds ? { SecurityGroupIds: [...spec.securityGroupIds] } : {}),
    TagSpecifications: [{ ResourceType: 'instance', Tags: nameTag(spec.name) }],
  }));
  const id = launched.Instances?.[0]?.InstanceId;
  if (!id) throw new Error(`set-up: RunInstances returned no instance for ${spec.name}`);
  await waitForInstanceState(cloud, id, 'running');
  if (spec.stopped) {
    await cloud.ec2.send(new StopInstancesCommand({ InstanceIds: [id] }));
    await waitForInstanceState(cloud, id, 'stopped');
  }
  return id;
}

/** Launches several instances (one call each, so each gets its own name). */
export async function launchInstances(cloud: BenchCloud, specs: readonly LaunchSpec[]): Promise<string[]> {
  const ids: string[] = [];
  for (const spec of specs) ids.push(await launchInstance(cloud, spec));
  return ids;
}

/** Reads one instance by id. */
export async function describeInstance(cloud: BenchCloud, id: string): Promise<Instance> {
  const found = await cloud.ec2.send(new DescribeInstancesCommand({ InstanceIds: [id] }));
  const instance = found.Reservations?.[0]?.Instances?.[0];
  if (!instance) throw new Error(`instance ${id} is not in DescribeInstances`);
  return instance;
}

/** Waits until an instance reaches a state. */
export async function waitForInstanceState(cloud: BenchCloud, id: string, state: string): Promise<void> {
  await cloud.settle(`${id} becoming ${state}`, async () => ((await describeInstance(cloud, id)).State?.Name === state ? true : undefined));
}

/** Creates a security group with TCP ports open to the world; returns its id. */
export async function createSecurityGroup(cloud: BenchCloud, name: string, vpcId: string, ports: readonly number[]): Promise<string> {
  const created = await cloud.ec2.send(new CreateSecurityGroupCommand({ GroupName: name, Description: `${name} (bench set-up)`, VpcId: vpcId, TagSpecifications: [{ ResourceType: 'security-group', Tags: nameTag(name) }] }));
  const groupId = created.GroupId!;
  if (ports.length) {
    await cloud.ec2.send(new AuthorizeSecurityGroupIngressCommand({
      GroupId: groupId,
      IpPermissions: ports.map((port) => ({ IpProtocol: 'tcp', FromPort: port, ToPort: port, IpRanges: [{ CidrIp: '0.0.0.0/0' }] })),
    }));
  }
  return groupId;
}

/** Creates a volume in an instance's zone, attaches it, and waits until it is in use; returns its id. */
export async function attachNewVolume(cloud: BenchCloud, instanceId: string, sizeGiB: number, volumeType: string, device: string, name?: string): Promise<string> {
  const zone = (await describeInstance(cloud, instanceId)).Placement?.AvailabilityZone;
  const volume = await cloud.ec2.send(new CreateVolumeCommand({
    AvailabilityZone: zone!, Size: sizeGiB, VolumeType: volumeType as never,
    ...(name ? { TagSpecifications: [{ ResourceType: 'volume', Tags: nameTag(name) }] } : {}),
  }));
  const volumeId = volume.VolumeId!;
  await cloud.settle(`${volumeId} becoming available`, async () => (await volumeState(cloud, volumeId)) === 'available' ? true : undefined);
  await cloud.ec2.send(new AttachVolumeCommand({ VolumeId: volumeId, InstanceId: instanceId, Device: device }));
  await cloud.settle(`${volumeId} attaching`, async () => (await volumeState(cloud, volumeId)) === 'in-use' ? true : undefined);
  return volumeId;
}

async function volumeState(cloud: BenchCloud, volumeId: string): Promise<string | undefined> {
  const found = await cloud.ec2.send(new DescribeVolumesCommand({ VolumeIds: [volumeId] }));
  const volume = found.Volumes?.[0];
  if (volume?.State === 'in-use' && volume.Attachments?.[0]?.State !== 'attached') return 'attaching';
  return volume?.State;
}

/** Creates a VPC with one subnet; returns both ids. */
export async function createVpcWithSubnet(cloud: BenchCloud, name: string, cidr: string, subnetCidr: string): Promise<{ vpcId: string; subnetId: string }> {
  const vpc = await cloud.ec2.send(new CreateVpcCommand({ CidrBlock: cidr, TagSpecifications: [{ ResourceType: 'vpc', Tags: nameTag(name) }] }));
  const vpcId = vpc.Vpc!.VpcId!;
  const subnet = await cloud.ec2.send(new CreateSubnetCommand({ VpcId: vpcId, CidrBlock: subnetCidr, TagSpecifications: [{ ResourceType: 'subnet', Tags: nameTag(`${name}-a`) }] }));
  return { vpcId, subnetId: subnet.Subnet!.SubnetId! };
}

/** A load balancer with its target group and HTTP listener. */
export interface LoadBalancerFixture {
  readonly loadBalancerArn: string;
  readonly targetGroupArn: string;
}

/** Creates an internet-facing ALB in the default VPC with an HTTP:80 target group and listener; registers instances. */
export async function createLoadBalancer(cloud: BenchCloud, name: string, targetGroupName: string, instanceIds: readonly string[]): Promise<LoadBalancerFixture> {
  const network = await defaultNetwork(cloud);
  const balancer = await cloud.elbv2.send(new CreateLoadBalancerCommand({ Name: name, Subnets: network.subnetIds.slice(0, 2), Type: 'application', Scheme: 'internet-facing' }));
  const loadBalancerArn = balancer.LoadBalancers![0]!.LoadBalancerArn!;
  const group = await cloud.elbv2.send(new CreateTargetGroupCommand({ Name: targetGroupName, Protocol: 'HTTP', Port: 80, VpcId: network.vpcId, TargetType: 'instance', HealthCheckPath: '/' }));
  const targetGroupArn = group.TargetGroups![0]!.TargetGroupArn!;
  await cloud.elbv2.send(new CreateListenerCommand({ LoadBalancerArn: loadBalancerArn, Protocol: 'HTTP', Port: 80, DefaultActions: [{ Type: 'forward', TargetGroupArn: targetGroupArn }] }));
  if (instanceIds.length) await cloud.elbv2.send(new RegisterTargetsCommand({ TargetGroupArn: targetGroupArn, Targets: instanceIds.map((id) => ({ Id: id, Port: 80 })) }));
  await cloud.settle(`${name} becoming active`, async () => {
    const found = await cloud.elbv2.send(new DescribeLoadBalancersCommand({ LoadBalancerArns: [loadBalancerArn] }));
    return found.LoadBalancers?.[0]?.State?.Code === 'active' ? true : undefined;
  });
  return { loadBalancerArn, targetGroupArn };
}
