/** A resource a call names, with its kind as authorization and the audit log call it. */
export interface NamedResource {
  readonly kind: string;
  readonly id: string;
}

/**
 * Input members (as the service models name them) whose values are resource ids or ARNs. Values are
 * kept only when they look like an id, so a member that holds a name in some operation (a group name,
 * a key name) adds nothing; the id itself says which kind it is.
 */
const ID_MEMBERS: ReadonlySet<string> = new Set([
  'InstanceId', 'InstanceIds', 'VolumeId', 'VolumeIds', 'GroupId', 'GroupIds', 'Groups', 'SecurityGroupIds', 'SecurityGroups',
  'AllocationId', 'AllocationIds', 'AssociationId', 'SubnetId', 'SubnetIds', 'Subnets', 'VpcId', 'VpcIds',
  'ImageId', 'ImageIds', 'SnapshotId', 'SnapshotIds', 'NetworkInterfaceId', 'NetworkInterfaceIds', 'InternetGatewayId',
  'RouteTableId', 'KeyPairId', 'LaunchTemplateId', 'NatGatewayId', 'Resources', 'ResourceArns', 'ResourceArn',
  'LoadBalancerArn', 'LoadBalancerArns', 'TargetGroupArn', 'TargetGroupArns', 'ListenerArn', 'ListenerArns', 'RuleArn', 'RuleArns',
]);

/** Members that hold a list of structures whose `Id` names a resource (ELBv2 targets). */
const NESTED_ID_MEMBERS: ReadonlySet<string> = new Set(['Targets']);

/** EC2 id prefixes and the kinds they name (the kind names of the cloud inventory). */
const PREFIX_KINDS: Readonly<Record<string, string>> = {
  i: 'instance', vol: 'volume', sg: 'security-group', subnet: 'subnet', vpc: 'vpc', eipalloc: 'elastic-ip',
  eipassoc: 'elastic-ip-association', ami: 'image', snap: 'snapshot', eni: 'network-interface', igw: 'internet-gateway',
  rtb: 'route-table', rtbassoc: 'route-table-association', key: 'key-pair', lt: 'launch-template', nat: 'nat-gateway',
  sir: 'spot-instance-request', eigw: 'egress-only-internet-gateway', acl: 'network-acl', pcx: 'vpc-peering-connection',
};

/** ELBv2 ARN resource types and their kinds. */
const ARN_KINDS: Readonly<Record<string, string>> = {
  loadbalancer: 'load-balancer', targetgroup: 'target-group', listener: 'listener', 'listener-rule': 'listener-rule',
};

const EC2_ID = /^([a-z]+)-[0-9a-f]{8,17}$/;

/** The kind of resource an id or ARN names, or undefined when it does not look like one. */
export function kindOfId(id: string): string | undefined {
  if (id.startsWith('arn:')) {
    const resource = id.split(':').slice(5).join(':');
    const type = resource.split('/')[0] ?? '';
    return ARN_KINDS[type] ?? (type || 'resource');
  }
  const match = EC2_ID.exec(id);
  if (!match) return undefined;
  return PREFIX_KINDS[match[1]!] ?? 'resource';
}

/**
 * The resources a decoded call names, in order, without duplicates: the ids in the members the table
 * lists, at the top level of the input (where every operation we guard names its targets).
 */
export function namedResources(input: Readonly<Record<string, unknown>>): NamedResource[] {
  const found = new Map<string, NamedResource>();
  const add = (value: unknown): void => {
    if (typeof value !== 'string') return;
    const kind = kindOfId(value);
    if (kind && !found.has(value)) found.set(value, { kind, id: value });
  };
  for (const name in input) {
    const value = input[name];
    if (ID_MEMBERS.has(name)) {
      if (Array.isArray(value)) value.forEach(add);
      else add(value);
    } else if (NESTED_ID_MEMBERS.has(name) && Array.isArray(value)) {
      for (const item of value) if (item && typeof item === 'object') add((item as Record<string, unknown>)['Id']);
    }
  }
  return [...found.values()];
}
