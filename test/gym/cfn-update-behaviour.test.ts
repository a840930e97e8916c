import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { changeRule, type ChangeEffect } from '../../src/cloud/change-table.js';
import type { ResourceKind } from '../../src/cloud/inventory.js';
import { resourceProviders } from '../../src/gym/services/cloudformation/providers/index.js';
import type { UpdateBehaviour } from '../../src/gym/services/cloudformation/providers/provider.js';

/**
 * Where a CloudFormation property and a row of the planner's change table describe the same change: the
 * resource type and property on one side, the kind and attribute on the other.
 */
const CORRESPONDENCES: readonly [type: string, property: string, kind: ResourceKind, attribute: string][] = [
  ['AWS::EC2::Instance', 'InstanceType', 'instance', 'instanceType'],
  ['AWS::EC2::Instance', 'UserData', 'instance', 'userData'],
  ['AWS::EC2::Instance', 'EbsOptimized', 'instance', 'ebsOptimized'],
  ['AWS::EC2::Instance', 'Monitoring', 'instance', 'monitoring'],
  ['AWS::EC2::Instance', 'SecurityGroupIds', 'instance', 'securityGroups'],
  ['AWS::EC2::Instance', 'Tags', 'instance', 'tags'],
  ['AWS::EC2::Instance', 'DisableApiTermination', 'instance', 'terminationProtection'],
  ['AWS::EC2::Instance', 'InstanceInitiatedShutdownBehavior', 'instance', 'shutdownBehavior'],
  ['AWS::EC2::Instance', 'SourceDestCheck', 'instance', 'sourceDestCheck'],
  ['AWS::EC2::Instance', 'ImageId', 'instance', 'imageId'],
  ['AWS::EC2::Instance', 'SubnetId', 'instance', 'subnet'],
  ['AWS::EC2::Instance', 'AvailabilityZone', 'instance', 'availabilityZone'],
  ['AWS::EC2::Instance', 'KeyName', 'instance', 'keyName'],
  ['AWS::EC2::Instance', 'PrivateIpAddress', 'instance', 'privateIpAddress'],
  // A CloudFormation instance becomes spot through its launch template's InstanceMarketOptions.
  ['AWS::EC2::Instance', 'LaunchTemplate', 'instance', 'market'],
  ['AWS::EC2::Volume', 'Size', 'volume', 'size'],
  ['AWS::EC2::Volume', 'VolumeType', 'volume', 'volumeType'],
  ['AWS::EC2::Volume', 'Iops', 'volume', 'iops'],
  ['AWS::EC2::Volume', 'Throughput', 'volume', 'throughput'],
  ['AWS::EC2::Volume', 'Tags', 'volume', 'tags'],
  ['AWS::EC2::Volume', 'AvailabilityZone', 'volume', 'availabilityZone'],
  ['AWS::EC2::Volume', 'Encrypted', 'volume', 'encrypted'],
  ['AWS::EC2::Volume', 'KmsKeyId', 'volume', 'kmsKeyId'],
  ['AWS::EC2::Volume', 'SnapshotId', 'volume', 'snapshotId'],
  ['AWS::EC2::SecurityGroup', 'SecurityGroupIngress', 'security-group', 'rules'],
  ['AWS::EC2::SecurityGroup', 'SecurityGroupEgress', 'security-group', 'rules'],
  ['AWS::EC2::SecurityGroup', 'Tags', 'security-group', 'tags'],
  ['AWS::EC2::SecurityGroup', 'GroupName', 'security-group', 'groupName'],
  ['AWS::EC2::SecurityGroup', 'GroupDescription', 'security-group', 'description'],
  ['AWS::EC2::SecurityGroup', 'VpcId', 'security-group', 'vpc'],
  ['AWS::ElasticLoadBalancingV2::LoadBalancer', 'Subnets', 'load-balancer', 'subnets'],
  ['AWS::ElasticLoadBalancingV2::LoadBalancer', 'SecurityGroups', 'load-balancer', 'securityGroups'],
  ['AWS::ElasticLoadBalancingV2::LoadBalancer', 'IpAddressType', 'load-balancer', 'ipAddressType'],
  ['AWS::ElasticLoadBalancingV2::LoadBalancer', 'LoadBalancerAttributes', 'load-balancer', 'attributes'],
  ['AWS::ElasticLoadBalancingV2::LoadBalancer', 'Tags', 'load-balancer', 'tags'],
  ['AWS::ElasticLoadBalancingV2::LoadBalancer', 'Scheme', 'load-balancer', 'scheme'],
  ['AWS::ElasticLoadBalancingV2::LoadBalancer', 'Type', 'load-balancer', 'type'],
  ['AWS::ElasticLoadBalancingV2::LoadBalancer', 'Name', 'load-balancer', 'name'],
  ['AWS::ElasticLoadBalancingV2::TargetGroup', 'HealthCheckPath', 'target-group', 'healthCheck'],
  ['AWS::ElasticLoadBalancingV2::TargetGroup', 'HealthCheckIntervalSeconds', 'target-group', 'healthCheck'],
  ['AWS::ElasticLoadBalancingV2::TargetGroup', 'Targets', 'target-group', 'targets'],
  ['AWS::ElasticLoadBalancingV2::TargetGroup', 'TargetGroupAttributes', 'target-group', 'attributes'],
  ['AWS::ElasticLoadBalancingV2::TargetGroup', 'Tags', 'target-group', 'tags'],
  ['AWS::ElasticLoadBalancingV2::TargetGroup', 'Port', 'target-group', 'port'],
  ['AWS::ElasticLoadBalancingV2::TargetGroup', 'Protocol', 'target-group', 'protocol'],
  ['AWS::ElasticLoadBalancingV2::TargetGroup', 'VpcId', 'target-group', 'vpc'],
  ['AWS::ElasticLoadBalancingV2::TargetGroup', 'TargetType', 'target-group', 'targetType'],
  ['AWS::ElasticLoadBalancingV2::Listener', 'Port', 'listener', 'port'],
  ['AWS::ElasticLoadBalancingV2::Listener', 'Protocol', 'listener', 'protocol'],
  ['AWS::ElasticLoadBalancingV2::Listener', 'DefaultActions', 'listener', 'defaultActions'],
  ['AWS::ElasticLoadBalancingV2::Listener', 'Certificates', 'listener', 'certificates'],
  ['AWS::EC2::VPC', 'CidrBlock', 'vpc', 'cidrBlock'],
  ['AWS::EC2::VPC', 'EnableDnsSupport', 'vpc', 'dnsSettings'],
  ['AWS::EC2::VPC', 'EnableDnsHostnames', 'vpc', 'dnsSettings'],
  ['AWS::EC2::VPC', 'Tags', 'vpc', 'tags'],
  ['AWS::EC2::Subnet', 'MapPublicIpOnLaunch', 'subnet', 'mapPublicIpOnLaunch'],
  ['AWS::EC2::Subnet', 'Tags', 'subnet', 'tags'],
  ['AWS::EC2::Subnet', 'CidrBlock', 'subnet', 'cidrBlock'],
  ['AWS::EC2::Subnet', 'AvailabilityZone', 'subnet', 'availabilityZone'],
  ['AWS::EC2::EIP', 'InstanceId', 'elastic-ip', 'association'],
  ['AWS::EC2::EIP', 'Tags', 'elastic-ip', 'tags'],
  ['AWS::EC2::VPCGatewayAttachment', 'VpcId', 'internet-gateway', 'vpc'],
  ['AWS::EC2::Route', 'GatewayId', 'route-table', 'routes'],
  ['AWS::EC2::Route', 'InstanceId', 'route-table', 'routes'],
  ['AWS::EC2::KeyPair', 'PublicKeyMaterial', 'key-pair', 'publicKey'],
];

/**
 * Where the CloudFormation reference and the planner's table disagree, each with why. These are reported,
 * not papered over: CloudFormation's change sets use the reference (that is what AWS shows), the planner
 * uses what the service API allows. The test fails when a disagreement appears or disappears, so this list
 * stays the truth.
 */
const KNOWN_DISAGREEMENTS: Readonly<Record<string, string>> = {
  'AWS::EC2::Instance SecurityGroupIds':
    'the reference says "Some interruptions"; EC2 swaps the groups of a running VPC instance (ModifyInstanceAttribute) without stopping it',
  'AWS::EC2::Volume AvailabilityZone':
    'the reference says "No interruption" (the type has no create-only properties) though EC2 cannot move a volume; the planner replaces it from a snapshot',
  'AWS::EC2::Volume Encrypted':
    'the reference says "No interruption"; EC2 fixes encryption at creation, so the planner copies the volume from a snapshot',
  'AWS::EC2::Volume KmsKeyId':
    'the reference says "No interruption"; EC2 fixes the KMS key at creation, so the planner copies the volume from a snapshot',
  'AWS::EC2::Volume SnapshotId':
    'the reference says "No interruption"; a volume\'s source snapshot cannot change, so the planner creates a new volume',
};

const EXPECTED: Readonly<Record<ChangeEffect, UpdateBehaviour>> = { 'update-live': 'none', 'update-stop-start': 'interrupt', replace: 'replace' };

describe('CloudFormation update behaviour and the planner\'s change table', () => {
  const providers = resourceProviders();

  it('every correspondence names a real provider property and a real change-table row', () => {
    for (const [type, property, kind, attribute] of CORRESPONDENCES) {
      assert.ok(providers.get(type)?.properties[property], `${type} has no property ${property}`);
      assert.ok(changeRule(kind, attribute), `the change table has no row ${kind}.${attribute}`);
    }
  });

  it('agree wherever both describe the same change, except the disagreements written down with their reasons', () => {
    const disagreements: string[] = [];
    for (const [type, property, kind, attribute] of CORRESPONDENCES) {
      const cloudFormation = providers.get(type)!.properties[property]!.update;
      const planner = changeRule(kind, attribute)!.effect;
      if (cloudFormation !== EXPECTED[planner]) disagreements.push(`${type} ${property}`);
    }
    assert.deepEqual(disagreements.sort(), Object.keys(KNOWN_DISAGREEMENTS).sort());
  });

  it('a replace in the planner is never "No interruption" in a provider outside the written-down disagreements', () => {
    for (const [type, property, kind, attribute] of CORRESPONDENCES) {
      if (changeRule(kind, attribute)!.effect !== 'replace' || `${type} ${property}` in KNOWN_DISAGREEMENTS) continue;
      assert.equal(providers.get(type)!.properties[property]!.update, 'replace', `${type} ${property}`);
    }
  });
});
