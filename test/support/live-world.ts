import {
  DescribeAddressesCommand, DescribeImagesCommand, DescribeInstancesCommand, DescribeInternetGatewaysCommand, DescribeKeyPairsCommand,
  DescribeRouteTablesCommand, DescribeSecurityGroupsCommand, DescribeSnapshotsCommand, DescribeSubnetsCommand, DescribeVolumesCommand,
  DescribeVpcsCommand, type EC2Client, type IpPermission, type Tag,
} from '@aws-sdk/client-ec2';
import {
  DescribeListenersCommand, DescribeLoadBalancersCommand, DescribeTargetGroupsCommand, DescribeTargetHealthCommand,
  type ElasticLoadBalancingV2Client,
} from '@aws-sdk/client-elastic-load-balancing-v2';

/**
 * What lives in a cloud, by "kind id" → the attributes that matter, read over the AWS SDK v3 directly
 * (never Cirro's own readers). Rules and target registrations are entries of their own, so an extra
 * one counts as an orphan and a missing one as a loss.
 */
export type LiveWorld = ReadonlyMap<string, string>;

/** How two worlds differ: entries only in `after` (orphans), only in `before` (gone), or changed. */
export interface WorldDiff {
  readonly orphans: readonly string[];
  readonly gone: readonly string[];
  readonly changed: readonly string[];
}

const tags = (list: readonly Tag[] | undefined) => Object.fromEntries([...(list ?? [])].map((tag) => [tag.Key, tag.Value]).sort());
const sorted = <T>(items: readonly T[]) => [...items].map((item) => (typeof item === 'string' ? item : JSON.stringify(item))).sort();

/** Reads every live resource the study's tasks can touch; terminated instances are left out. */
export async function readLiveWorld(clients: { ec2: EC2Client; elbv2: ElasticLoadBalancingV2Client }): Promise<LiveWorld> {
  const world = new Map<string, string>();
  const put = (key: string, value: unknown) => world.set(key, JSON.stringify(value));
  const { ec2, elbv2 } = clients;
  for (const reservation of (await ec2.send(new DescribeInstancesCommand({}))).Reservations ?? []) {
    for (const instance of reservation.Instances ?? []) {
      if (['terminated', 'shutting-down'].includes(instance.State?.Name ?? '')) continue;
      put(`instance ${instance.InstanceId}`, {
        state: instance.State?.Name, type: instance.InstanceType, subnet: instance.SubnetId, lifecycle: instance.InstanceLifecycle ?? 'on-demand',
        monitoring: instance.Monitoring?.State, groups: sorted((instance.SecurityGroups ?? []).map((group) => group.GroupId!)), tags: tags(instance.Tags),
      });
    }
  }
  for (const volume of (await ec2.send(new DescribeVolumesCommand({}))).Volumes ?? []) {
    const attachment = volume.Attachments?.[0];
    put(`volume ${volume.VolumeId}`, { size: volume.Size, type: volume.VolumeType, state: volume.State, attachedTo: attachment ? `${attachment.InstanceId} ${attachment.Device} ${attachment.State}` : null, tags: tags(volume.Tags) });
  }
  for (const address of (await ec2.send(new DescribeAddressesCommand({}))).Addresses ?? []) {
    put(`address ${address.AllocationId}`, { ip: address.PublicIp, instance: address.InstanceId ?? null, tags: tags(address.Tags) });
  }
  for (const group of (await ec2.send(new DescribeSecurityGroupsCommand({}))).SecurityGroups ?? []) {
    put(`security-group ${group.GroupId}`, { name: group.GroupName, vpc: group.VpcId, tags: tags(group.Tags) });
    for (const rule of [...permissionRules(group.IpPermissions, 'in'), ...permissionRules(group.IpPermissionsEgress, 'out')]) put(`security-group-rule ${group.GroupId} ${rule}`, true);
  }
  for (const vpc of (await ec2.send(new DescribeVpcsCommand({}))).Vpcs ?? []) put(`vpc ${vpc.VpcId}`, { cidr: vpc.CidrBlock, tags: tags(vpc.Tags) });
  for (const subnet of (await ec2.send(new DescribeSubnetsCommand({}))).Subnets ?? []) {
    put(`subnet ${subnet.SubnetId}`, { vpc: subnet.VpcId, cidr: subnet.CidrBlock, zone: subnet.AvailabilityZone, publicIp: subnet.MapPublicIpOnLaunch, tags: tags(subnet.Tags) });
  }
  for (const gateway of (await ec2.send(new DescribeInternetGatewaysCommand({}))).InternetGateways ?? []) {
    put(`internet-gateway ${gateway.InternetGatewayId}`, { attachments: sorted((gateway.Attachments ?? []).map((attachment) => attachment.VpcId!)), tags: tags(gateway.Tags) });
  }
  for (const table of (await ec2.send(new DescribeRouteTablesCommand({}))).RouteTables ?? []) {
    put(`route-table ${table.RouteTableId}`, {
      vpc: table.VpcId,
      routes: sorted((table.Routes ?? []).map((route) => `${route.DestinationCidrBlock ?? route.DestinationIpv6CidrBlock} ${route.GatewayId ?? route.NatGatewayId ?? route.InstanceId ?? ''}`)),
      associations: sorted((table.Associations ?? []).map((association) => (association.Main ? 'main' : association.SubnetId!))),
    });
  }
  for (const image of (await ec2.send(new DescribeImagesCommand({ Owners: ['self'] }))).Images ?? []) put(`image ${image.ImageId}`, { name: image.Name, state: image.State });
  for (const snapshot of (await ec2.send(new DescribeSnapshotsCommand({ OwnerIds: ['self'] }))).Snapshots ?? []) put(`snapshot ${snapshot.SnapshotId}`, { volume: snapshot.VolumeId });
  for (const pair of (await ec2.send(new DescribeKeyPairsCommand({}))).KeyPairs ?? []) put(`key-pair ${pair.KeyName}`, true);
  await readLoadBalancing(elbv2, put);
  return world;
}

async function readLoadBalancing(elbv2: ElasticLoadBalancingV2Client, put: (key: string, value: unknown) => void): Promise<void> {
  for (const balancer of (await elbv2.send(new DescribeLoadBalancersCommand({}))).LoadBalancers ?? []) {
    put(`load-balancer ${balancer.LoadBalancerArn}`, {
      name: balancer.LoadBalancerName, scheme: balancer.Scheme, type: balancer.Type,
      subnets: sorted((balancer.AvailabilityZones ?? []).map((zone) => zone.SubnetId!)), groups: sorted(balancer.SecurityGroups ?? []),
    });
    for (const listener of (await elbv2.send(new DescribeListenersCommand({ LoadBalancerArn: balancer.LoadBalancerArn }))).Listeners ?? []) {
      put(`listener ${listener.ListenerArn}`, { balancer: balancer.LoadBalancerName, port: listener.Port, protocol: listener.Protocol, actions: sorted((listener.DefaultActions ?? []).map((action) => `${action.Type} ${action.TargetGroupArn ?? ''}`)) });
    }
  }
  for (const group of (await elbv2.send(new DescribeTargetGroupsCommand({}))).TargetGroups ?? []) {
    put(`target-group ${group.TargetGroupArn}`, { name: group.TargetGroupName, port: group.Port, protocol: group.Protocol, vpc: group.VpcId, balancers: sorted(group.LoadBalancerArns ?? []) });
    const health = await elbv2.send(new DescribeTargetHealthCommand({ TargetGroupArn: group.TargetGroupArn }));
    for (const target of health.TargetHealthDescriptions ?? []) {
      // A draining target is on its way out: once the deregistration delay passes it is gone.
      if (target.TargetHealth?.State === 'draining') continue;
      put(`target ${group.TargetGroupName} ${target.Target?.Id}:${target.Target?.Port}`, true);
    }
  }
}

/** One entry per rule: direction, protocol, ports and one source each. */
function permissionRules(permissions: readonly IpPermission[] | undefined, direction: 'in' | 'out'): string[] {
  const rules: string[] = [];
  for (const permission of permissions ?? []) {
    const head = `${direction} ${permission.IpProtocol} ${permission.FromPort ?? '*'}-${permission.ToPort ?? '*'}`;
    for (const range of permission.IpRanges ?? []) rules.push(`${head} ${range.CidrIp}`);
    for (const range of permission.Ipv6Ranges ?? []) rules.push(`${head} ${range.CidrIpv6}`);
    for (const pair of permission.UserIdGroupPairs ?? []) rules.push(`${head} ${pair.GroupId}`);
    for (const list of permission.PrefixListIds ?? []) rules.push(`${head} ${list.PrefixListId}`);
  }
  return rules;
}

/** What changed between two readings. */
export function diffWorlds(before: LiveWorld, after: LiveWorld): WorldDiff {
  const orphans = [...after.keys()].filter((key) => !before.has(key)).map((key) => `${key} ${after.get(key) === 'true' ? '' : after.get(key)}`.trim());
  const gone = [...before.keys()].filter((key) => !after.has(key));
  const changed = [...before.keys()].filter((key) => after.has(key) && after.get(key) !== before.get(key)).map((key) => `${key}: ${before.get(key)} → ${after.get(key)}`);
  return { orphans, gone, changed };
}
