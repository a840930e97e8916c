import { CHANGE_TABLE } from '../../cloud/change-table.js';
import type { ResourceKind } from '../../cloud/inventory.js';

/** A change set's `Replacement` for a Modify: True, False or Conditional. */
export type Replacement = 'True' | 'False' | 'Conditional';

/** How the change table's effect reads as a change set's Replacement. */
function fromTable(kind: ResourceKind, attribute: string): Replacement {
  const rule = CHANGE_TABLE.find((candidate) => candidate.kind === kind && candidate.attribute === attribute);
  if (!rule) throw new Error(`the change table has no ${kind} ${attribute} row`);
  return rule.effect === 'replace' ? 'True' : 'False';
}

/**
 * What changing each template property does, per resource type, as the CloudFormation resource reference
 * documents it ("Update requires"); where the change table has the attribute, its row decides, so a plan
 * and its IaC rendering never disagree on what replaces an instance. Properties missing here count as a
 * replacement: an unknown change is never presented as harmless.
 */
const BEHAVIOUR: Readonly<Record<string, Readonly<Record<string, () => Replacement>>>> = {
  'AWS::EC2::Instance': {
    InstanceType: () => fromTable('instance', 'instanceType'),
    Monitoring: () => fromTable('instance', 'monitoring'),
    Tags: () => fromTable('instance', 'tags'),
    SecurityGroupIds: () => fromTable('instance', 'securityGroups'),
    DisableApiTermination: () => fromTable('instance', 'terminationProtection'),
    LaunchTemplate: () => fromTable('instance', 'market'),
    ImageId: () => fromTable('instance', 'imageId'),
    SubnetId: () => fromTable('instance', 'subnet'),
    KeyName: () => fromTable('instance', 'keyName'),
    AvailabilityZone: () => fromTable('instance', 'availabilityZone'),
    PrivateIpAddress: () => fromTable('instance', 'privateIpAddress'),
    UserData: () => fromTable('instance', 'userData'),
    MetadataOptions: () => 'False',
    BlockDeviceMappings: () => 'Conditional',
    Volumes: () => 'False',
  },
  'AWS::EC2::Volume': {
    Size: () => fromTable('volume', 'size'),
    VolumeType: () => fromTable('volume', 'volumeType'),
    Iops: () => fromTable('volume', 'iops'),
    Throughput: () => fromTable('volume', 'throughput'),
    Tags: () => fromTable('volume', 'tags'),
    AvailabilityZone: () => fromTable('volume', 'availabilityZone'),
    Encrypted: () => fromTable('volume', 'encrypted'),
  },
  'AWS::EC2::VolumeAttachment': {},
  'AWS::EC2::SecurityGroup': { SecurityGroupIngress: () => 'False', SecurityGroupEgress: () => 'False', Tags: () => 'False' },
  'AWS::EC2::EIP': { Tags: () => 'False' },
  'AWS::EC2::EIPAssociation': { InstanceId: () => 'Conditional', AllocationId: () => 'Conditional' },
  'AWS::EC2::LaunchTemplate': { LaunchTemplateData: () => 'False', TagSpecifications: () => 'False' },
  'AWS::ElasticLoadBalancingV2::TargetGroup': {
    Targets: () => 'False', Tags: () => 'False', HealthCheckPath: () => 'False', TargetGroupAttributes: () => 'False',
  },
  'AWS::ElasticLoadBalancingV2::LoadBalancer': {
    Subnets: () => 'False', SecurityGroups: () => 'False', LoadBalancerAttributes: () => 'False', Tags: () => 'False',
  },
  'AWS::ElasticLoadBalancingV2::Listener': { DefaultActions: () => 'False', Port: () => 'False', Protocol: () => 'False' },
};

/** The Replacement a change set reports for these changed properties of a resource type. */
export function replacementOf(type: string, changed: readonly string[]): Replacement {
  const behaviours = changed.map((name) => BEHAVIOUR[type]?.[name]?.() ?? 'True');
  if (behaviours.includes('True')) return 'True';
  if (behaviours.includes('Conditional')) return 'Conditional';
  return 'False';
}
