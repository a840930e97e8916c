import type { ResourceKind } from './inventory.js';

// The update radius (what a replacement drags along) is the other half of a change's consequences.
export { dependents, describeReplacement, type UpdateRadius, type DraggedResource, type Carry } from './update-radius.js';

/** How AWS applies a change: in place while running, only while stopped, or not at all (relaunch). */
export type ChangeEffect = 'update-live' | 'update-stop-start' | 'replace';

/** One row of the table: a kind's attribute, how AWS changes it, with which call, and why. */
export interface ChangeRule {
  readonly kind: ResourceKind;
  readonly attribute: string;
  readonly effect: ChangeEffect;
  /** The API call(s) that make the change, or that a replacement needs. */
  readonly calls: readonly string[];
  /** A sentence advisories quote: what AWS allows and what follows from it. */
  readonly reason: string;
}

const row = (kind: ResourceKind, attribute: string, effect: ChangeEffect, calls: readonly string[], reason: string): ChangeRule => ({ kind, attribute, effect, calls, reason });

/**
 * Which attribute changes are live, need a stop/start, or force a replacement, per kind, as AWS
 * documents them (EC2 "Modify a stopped instance", EBS ModifyVolume, the ELBv2 Set and Modify calls). The plan
 * builder picks step effects from here; advisories quote the reasons.
 */
export const CHANGE_TABLE: readonly ChangeRule[] = [
  // Instances
  row('instance', 'instanceType', 'update-stop-start', ['StopInstances', 'ModifyInstanceAttribute', 'StartInstances'],
    'AWS changes an instance type only while the instance is stopped: it is stopped, resized and started again, and its public IP changes unless it has an Elastic IP'),
  row('instance', 'userData', 'update-stop-start', ['StopInstances', 'ModifyInstanceAttribute', 'StartInstances'],
    'AWS lets user data be changed only while the instance is stopped, and cloud-init runs most of it only on first boot'),
  row('instance', 'ebsOptimized', 'update-stop-start', ['StopInstances', 'ModifyInstanceAttribute', 'StartInstances'],
    'AWS switches EBS optimization only while the instance is stopped'),
  row('instance', 'monitoring', 'update-live', ['MonitorInstances', 'UnmonitorInstances'],
    'detailed monitoring is switched on or off on a running instance'),
  row('instance', 'securityGroups', 'update-live', ['ModifyInstanceAttribute'],
    'security groups are swapped on a running instance; new rules apply to new connections at once'),
  row('instance', 'tags', 'update-live', ['CreateTags', 'DeleteTags'], 'tags change at any time and do not touch the instance'),
  row('instance', 'terminationProtection', 'update-live', ['ModifyInstanceAttribute'], 'termination protection is switched on a running instance'),
  row('instance', 'stopProtection', 'update-live', ['ModifyInstanceAttribute'], 'stop protection is switched on a running instance'),
  row('instance', 'shutdownBehavior', 'update-live', ['ModifyInstanceAttribute'], 'what an OS shutdown does (stop or terminate) is changed on a running instance'),
  row('instance', 'sourceDestCheck', 'update-live', ['ModifyInstanceAttribute'], 'source/destination checking is switched on a running instance'),
  row('instance', 'elasticIp', 'update-live', ['AssociateAddress', 'DisassociateAddress'], 'an Elastic IP is associated or moved while the instance runs'),
  row('instance', 'market', 'replace', ['CreateImage', 'RunInstances', 'TerminateInstances'],
    'AWS cannot change an instance\'s purchase option (spot or on-demand) in place: it must be relaunched'),
  row('instance', 'imageId', 'replace', ['RunInstances', 'TerminateInstances'],
    'an instance\'s image is fixed at launch: a different AMI means a new instance'),
  row('instance', 'architecture', 'replace', ['RunInstances', 'TerminateInstances'],
    'an instance type of another architecture (arm64 or x86_64) needs an image built for it, so the instance must be relaunched'),
  row('instance', 'subnet', 'replace', ['CreateImage', 'RunInstances', 'TerminateInstances'],
    'an instance\'s primary network interface cannot leave its subnet: moving it means relaunching it there'),
  row('instance', 'availabilityZone', 'replace', ['CreateImage', 'RunInstances', 'TerminateInstances'],
    'an instance cannot move between availability zones: it must be relaunched from an image in the other zone'),
  row('instance', 'vpc', 'replace', ['CreateImage', 'RunInstances', 'TerminateInstances'],
    'an instance cannot move to another VPC: it must be relaunched there'),
  row('instance', 'keyName', 'replace', ['CreateImage', 'RunInstances', 'TerminateInstances'],
    'EC2 sets the key pair only at launch and has no call to change it (a key can instead be added to authorized_keys inside the OS)'),
  row('instance', 'privateIpAddress', 'replace', ['CreateImage', 'RunInstances', 'TerminateInstances'],
    'the primary private IPv4 address stays with the instance for its whole life; only secondary addresses can be added live'),

  // Volumes
  row('volume', 'size', 'update-live', ['ModifyVolume'],
    'EBS grows a volume while it is in use; the file system must then be extended inside the OS, and the next modification must wait about six hours'),
  row('volume', 'sizeDecrease', 'replace', ['CreateVolume', 'DetachVolume', 'AttachVolume', 'DeleteVolume'],
    'EBS volumes can grow but never shrink: a smaller one must be created and the data copied over'),
  row('volume', 'volumeType', 'update-live', ['ModifyVolume'], 'EBS changes the volume type while the volume is in use'),
  row('volume', 'iops', 'update-live', ['ModifyVolume'], 'EBS changes provisioned IOPS while the volume is in use'),
  row('volume', 'throughput', 'update-live', ['ModifyVolume'], 'EBS changes gp3 throughput while the volume is in use'),
  row('volume', 'tags', 'update-live', ['CreateTags', 'DeleteTags'], 'tags change at any time'),
  row('volume', 'attachment', 'update-live', ['DetachVolume', 'AttachVolume'], 'a volume moves between instances of the same availability zone by detaching and attaching it'),
  row('volume', 'availabilityZone', 'replace', ['CreateSnapshot', 'CreateVolume', 'DeleteVolume'],
    'a volume lives in one availability zone: moving it means a snapshot and a new volume in the other zone'),
  row('volume', 'encrypted', 'replace', ['CreateSnapshot', 'CopySnapshot', 'CreateVolume', 'DeleteVolume'],
    'encryption is fixed when a volume is created: an encrypted copy must be made from a snapshot'),
  row('volume', 'kmsKeyId', 'replace', ['CreateSnapshot', 'CopySnapshot', 'CreateVolume', 'DeleteVolume'],
    'a volume\'s KMS key is fixed at creation: a copy re-encrypted with the new key must be made from a snapshot'),
  row('volume', 'snapshotId', 'replace', ['CreateVolume', 'DeleteVolume'], 'the snapshot a volume was created from cannot be changed: a new volume must be created from the other snapshot'),

  // Security groups
  row('security-group', 'rules', 'update-live', ['AuthorizeSecurityGroupIngress', 'RevokeSecurityGroupIngress', 'AuthorizeSecurityGroupEgress', 'RevokeSecurityGroupEgress'],
    'rules are added and removed at any time and apply to every member at once'),
  row('security-group', 'ruleDescriptions', 'update-live', ['UpdateSecurityGroupRuleDescriptionsIngress', 'UpdateSecurityGroupRuleDescriptionsEgress'], 'rule descriptions change at any time'),
  row('security-group', 'tags', 'update-live', ['CreateTags', 'DeleteTags'], 'tags change at any time'),
  row('security-group', 'groupName', 'replace', ['CreateSecurityGroup', 'ModifyInstanceAttribute', 'DeleteSecurityGroup'],
    'a security group\'s name is fixed at creation: a new group must be created and its members moved to it'),
  row('security-group', 'description', 'replace', ['CreateSecurityGroup', 'ModifyInstanceAttribute', 'DeleteSecurityGroup'],
    'a security group\'s description is fixed at creation: a new group must be created and its members moved to it'),
  row('security-group', 'vpc', 'replace', ['CreateSecurityGroup', 'DeleteSecurityGroup'], 'a security group belongs to one VPC for its whole life'),

  // Load balancers
  row('load-balancer', 'subnets', 'update-live', ['SetSubnets'], 'subnets (and so zones) are changed on a running load balancer; an Application Load Balancer needs at least two zones'),
  row('load-balancer', 'securityGroups', 'update-live', ['SetSecurityGroups'], 'security groups are swapped on a running load balancer'),
  row('load-balancer', 'ipAddressType', 'update-live', ['SetIpAddressType'], 'IPv4 or dual-stack is switched on a running load balancer'),
  row('load-balancer', 'attributes', 'update-live', ['ModifyLoadBalancerAttributes'], 'idle timeout, deletion protection and access logs change on a running load balancer'),
  row('load-balancer', 'tags', 'update-live', ['AddTags', 'RemoveTags'], 'tags change at any time'),
  row('load-balancer', 'scheme', 'replace', ['CreateLoadBalancer', 'CreateListener', 'DeleteLoadBalancer'],
    'internet-facing or internal is fixed at creation: a new load balancer gets a new DNS name that clients must move to'),
  row('load-balancer', 'type', 'replace', ['CreateLoadBalancer', 'CreateListener', 'DeleteLoadBalancer'],
    'an application load balancer cannot become a network one (or back): a new load balancer gets a new DNS name'),
  row('load-balancer', 'name', 'replace', ['CreateLoadBalancer', 'CreateListener', 'DeleteLoadBalancer'], 'a load balancer\'s name is part of its ARN and DNS name and cannot change'),

  // Target groups
  row('target-group', 'healthCheck', 'update-live', ['ModifyTargetGroup'], 'health check path, port, interval and thresholds change on a live target group'),
  row('target-group', 'targets', 'update-live', ['RegisterTargets', 'DeregisterTargets'], 'targets join and leave at any time; leaving ones drain first'),
  row('target-group', 'attributes', 'update-live', ['ModifyTargetGroupAttributes'], 'deregistration delay and stickiness change on a live target group'),
  row('target-group', 'tags', 'update-live', ['AddTags', 'RemoveTags'], 'tags change at any time'),
  row('target-group', 'port', 'replace', ['CreateTargetGroup', 'RegisterTargets', 'ModifyListener', 'DeleteTargetGroup'],
    'a target group\'s port is fixed at creation: a new group must be made, its targets registered, and listeners pointed at it'),
  row('target-group', 'protocol', 'replace', ['CreateTargetGroup', 'RegisterTargets', 'ModifyListener', 'DeleteTargetGroup'],
    'a target group\'s protocol is fixed at creation: a new group must be made, its targets registered, and listeners pointed at it'),
  row('target-group', 'vpc', 'replace', ['CreateTargetGroup', 'RegisterTargets', 'ModifyListener', 'DeleteTargetGroup'], 'a target group belongs to one VPC for its whole life'),
  row('target-group', 'targetType', 'replace', ['CreateTargetGroup', 'RegisterTargets', 'ModifyListener', 'DeleteTargetGroup'], 'instance, ip or lambda targets are fixed at creation'),

  // Listeners
  row('listener', 'port', 'update-live', ['ModifyListener'], 'a listener\'s port changes in place'),
  row('listener', 'protocol', 'update-live', ['ModifyListener'], 'a listener\'s protocol changes in place (HTTPS needs a certificate)'),
  row('listener', 'defaultActions', 'update-live', ['ModifyListener'], 'where a listener forwards changes in place'),
  row('listener', 'certificates', 'update-live', ['ModifyListener', 'AddListenerCertificates'], 'certificates change in place'),

  // VPCs and subnets
  row('vpc', 'cidrBlock', 'replace', ['CreateVpc', 'DeleteVpc'],
    'a VPC\'s primary CIDR block is fixed at creation (secondary blocks can be added live): everything in it must be rebuilt in a new VPC'),
  row('vpc', 'secondaryCidrBlock', 'update-live', ['AssociateVpcCidrBlock', 'DisassociateVpcCidrBlock'], 'secondary CIDR blocks are added to and removed from a live VPC'),
  row('vpc', 'dnsSettings', 'update-live', ['ModifyVpcAttribute'], 'DNS support and DNS hostnames are switched on a live VPC'),
  row('vpc', 'tags', 'update-live', ['CreateTags', 'DeleteTags'], 'tags change at any time'),
  row('subnet', 'mapPublicIpOnLaunch', 'update-live', ['ModifySubnetAttribute'], 'whether new instances get a public IP is switched at any time; running instances keep what they have'),
  row('subnet', 'routeTable', 'update-live', ['ReplaceRouteTableAssociation', 'AssociateRouteTable'], 'a subnet is moved to another route table at any time'),
  row('subnet', 'tags', 'update-live', ['CreateTags', 'DeleteTags'], 'tags change at any time'),
  row('subnet', 'cidrBlock', 'replace', ['CreateSubnet', 'DeleteSubnet'], 'a subnet\'s CIDR block is fixed at creation: its instances must be relaunched in a new subnet'),
  row('subnet', 'availabilityZone', 'replace', ['CreateSubnet', 'DeleteSubnet'], 'a subnet lives in one availability zone: its instances must be relaunched in a subnet of the other zone'),

  // Addresses, gateways, routes, keys
  row('elastic-ip', 'association', 'update-live', ['AssociateAddress', 'DisassociateAddress'], 'an Elastic IP moves between instances at any time, keeping its address'),
  row('elastic-ip', 'tags', 'update-live', ['CreateTags', 'DeleteTags'], 'tags change at any time'),
  row('internet-gateway', 'vpc', 'update-live', ['DetachInternetGateway', 'AttachInternetGateway'], 'a gateway is detached and attached to another VPC, cutting internet access in between'),
  row('route-table', 'routes', 'update-live', ['CreateRoute', 'ReplaceRoute', 'DeleteRoute'], 'routes change in place and apply at once'),
  row('route-table', 'associations', 'update-live', ['AssociateRouteTable', 'DisassociateRouteTable'], 'subnets are associated and disassociated at any time'),
  row('key-pair', 'publicKey', 'replace', ['ImportKeyPair', 'DeleteKeyPair'], 'a key pair\'s key material is fixed: a new key pair must be imported (instances keep the key they were launched with)'),
];

/** The rule for a kind's attribute, or undefined when the table does not know it. */
export function changeRule(kind: ResourceKind, attribute: string): ChangeRule | undefined {
  return CHANGE_TABLE.find((candidate) => candidate.kind === kind && candidate.attribute === attribute);
}

/** The rules of one kind. */
export function changeRules(kind: ResourceKind): ChangeRule[] {
  return CHANGE_TABLE.filter((candidate) => candidate.kind === kind);
}

const SEVERITY: Readonly<Record<ChangeEffect, number>> = { 'update-live': 0, 'update-stop-start': 1, replace: 2 };

/**
 * How a set of attribute changes applies to one resource: the most disruptive effect among them, the
 * rules that decide it, and the attributes the table does not know (to treat as replace: never guess live).
 */
export function classifyChange(kind: ResourceKind, attributes: readonly string[]): { effect: ChangeEffect; rules: ChangeRule[]; unknown: string[] } {
  const rules: ChangeRule[] = [];
  const unknown: string[] = [];
  for (const attribute of attributes) {
    const rule = changeRule(kind, attribute);
    if (rule) rules.push(rule);
    else unknown.push(attribute);
  }
  const worst = rules.reduce<ChangeEffect>((effect, rule) => (SEVERITY[rule.effect] > SEVERITY[effect] ? rule.effect : effect), 'update-live');
  const effect = unknown.length > 0 ? 'replace' : worst;
  return { effect, rules: rules.filter((rule) => rule.effect === effect), unknown };
}

/** The volume size change rule for a resize from one size to another: growing is live, shrinking replaces. */
export function volumeSizeRule(fromGiB: number, toGiB: number): ChangeRule {
  return changeRule('volume', toGiB < fromGiB ? 'sizeDecrease' : 'size')!;
}
