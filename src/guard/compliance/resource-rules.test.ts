import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Inventory, SubnetView } from '../../cloud/inventory.js';
import { SAMPLE_IDS, sampleInventory } from '../../cloud/testing/sample-inventory.js';
import type { ParameterValue, Plan } from '../../plan/plan.js';
import { DEFAULT_POLICY_FILE } from '../policy-file/index.js';
import { checkCompliance } from './index.js';
import { privateMarker } from './resource-rules.js';
import { planOf, ref, step } from './testing/plans.js';

const ids = SAMPLE_IDS;

function findings(plan: Plan, inventory: Inventory = sampleInventory()): string[] {
  return checkCompliance(plan, inventory, DEFAULT_POLICY_FILE).map((finding) => `${finding.ruleId} ${finding.severity}: ${finding.message}`);
}

/** What Cirro's builders launch with: IMDSv2 only, the root volume and data volumes encrypted. */
const IMDS_V2: ParameterValue = { HttpTokens: 'required', HttpEndpoint: 'enabled' };
const ENCRYPTED: ParameterValue = [{ DeviceName: '/dev/xvda', Ebs: { Encrypted: true } }, { DeviceName: '/dev/sdf', Ebs: { VolumeSize: 20, Encrypted: true } }];
const SECURE_LAUNCH: { readonly [key: string]: ParameterValue } = { MetadataOptions: IMDS_V2, BlockDeviceMappings: ENCRYPTED };

function launch(name: string, extra: { readonly [key: string]: ParameterValue } = {}) {
  return step('RunInstances', {
    ImageId: 'ami-0x86', InstanceType: 't3.micro', MinCount: 1, MaxCount: 1, SubnetId: ids.publicA,
    TagSpecifications: [{ ResourceType: 'instance', Tags: [{ Key: 'Name', Value: name }] }], ...extra,
  }, { effect: 'create', name, outputs: { instanceId: 'Instances[0].InstanceId' } });
}

const privateSubnet: SubnetView = {
  kind: 'subnet', id: 'subnet-0a1b2c3d4e5f6000c', name: 'app-a', tags: { Name: 'app-a', tier: 'private' }, vpcId: ids.vpc, cidrBlock: '10.0.3.0/24',
  availabilityZone: 'us-east-1a', defaultForAz: false, mapPublicIpOnLaunch: true, availableIpAddressCount: 250,
};
const withPrivateSubnet = (): Inventory => ({ ...sampleInventory(), subnets: [...sampleInventory().subnets, privateSubnet] });

describe('instance, volume, address and load balancer rules', () => {
  it('passes a launch with IMDSv2 required and every volume encrypted', () => {
    assert.deepEqual(findings(planOf(launch('web-9', SECURE_LAUNCH))), []);
  });

  it('CIRRO-EC2-006: a launch with no mappings leaves the root volume to the image, and an unencrypted data volume is named', () => {
    assert.deepEqual(findings(planOf(launch('web-9', { MetadataOptions: IMDS_V2 }))), [
      'CIRRO-EC2-006 high: the root volume of web-9 (new instance) is not encrypted (no block device mapping asks for it, so it takes the image\'s snapshot as it is)',
    ]);
    const dataPlain: { readonly [key: string]: ParameterValue } = { ...SECURE_LAUNCH, BlockDeviceMappings: [{ DeviceName: '/dev/xvda', Ebs: { Encrypted: true } }, { DeviceName: '/dev/sdf', Ebs: { VolumeSize: 20 } }] };
    assert.deepEqual(findings(planOf(launch('web-9', dataPlain))), ['CIRRO-EC2-006 high: the /dev/sdf volume of web-9 (new instance) is not encrypted']);
  });

  it('CIRRO-EC2-006: a loose volume must be created encrypted', () => {
    const create = (encrypted: boolean) => planOf(step('CreateVolume', {
      AvailabilityZone: 'us-east-1a', Size: 100, VolumeType: 'gp3', Encrypted: encrypted, TagSpecifications: [{ ResourceType: 'volume', Tags: [{ Key: 'Name', Value: 'scratch' }] }],
    }, { effect: 'create', kind: 'volume', name: 'scratch' }));
    assert.deepEqual(findings(create(false)), ['CIRRO-EC2-006 high: scratch (new volume) is not encrypted']);
    assert.deepEqual(findings(create(true)), []);
  });

  it('CIRRO-EC2-007: IMDSv1 left possible at launch, or turned back on, needs approval; turning it off passes', () => {
    const launchWith = (metadata: { readonly [key: string]: ParameterValue } | undefined) =>
      findings(planOf(launch('web-9', { BlockDeviceMappings: ENCRYPTED, ...(metadata ? { MetadataOptions: metadata } : {}) })));
    assert.deepEqual(launchWith(undefined), ['CIRRO-EC2-007 high: web-9 (new instance) does not require IMDSv2 (MetadataOptions.HttpTokens is not set, so the image\'s default applies and IMDSv1 may answer)']);
    assert.deepEqual(launchWith({ HttpTokens: 'optional' }), ['CIRRO-EC2-007 high: web-9 (new instance) allows IMDSv1 (instance metadata HttpTokens is optional)']);
    assert.deepEqual(launchWith({ HttpTokens: 'optional', HttpEndpoint: 'disabled' }), [], 'no metadata endpoint, nothing to steal');
    const modify = (tokens: string) => planOf(step('ModifyInstanceMetadataOptions', { InstanceId: ids.web1, HttpTokens: tokens }, { id: ids.web1, name: 'web-1' }));
    assert.deepEqual(findings(modify('optional')), [`CIRRO-EC2-007 high: web-1 (${ids.web1}) allows IMDSv1 (instance metadata HttpTokens is optional)`]);
    const legacy = sampleInventory({ instances: sampleInventory().instances.map((instance) => ({ ...instance, metadataHttpTokens: 'optional' })) });
    assert.deepEqual(findings(modify('required'), legacy), []);
  });

  it('CIRRO-EC2-008: a public address in a subnet marked private needs approval, in the subnet\'s own words', () => {
    const into = (extra: { readonly [key: string]: ParameterValue }) => planOf(launch('app-1', { ...SECURE_LAUNCH, SubnetId: privateSubnet.id, ...extra }));
    assert.deepEqual(findings(into({}), withPrivateSubnet()), [
      `CIRRO-EC2-008 high: app-1 (new instance) gets a public IP assigned at launch, but its subnet app-a (${privateSubnet.id}) is marked private (tag tier=private)`,
    ]);
    const noPublic = { NetworkInterfaces: [{ DeviceIndex: 0, SubnetId: privateSubnet.id, AssociatePublicIpAddress: false }] };
    assert.deepEqual(findings(into(noPublic), withPrivateSubnet()), []);
    assert.deepEqual(findings(planOf(launch('web-9', SECURE_LAUNCH)), withPrivateSubnet()), [], 'public-a is not marked private');
  });

  it('CIRRO-EC2-008: an Elastic IP associated with an instance in a private subnet counts too', () => {
    const inventory = withPrivateSubnet();
    const moved = { ...inventory, instances: inventory.instances.map((instance) => (instance.id === ids.web3 ? { ...instance, subnetId: privateSubnet.id } : instance)) };
    const plan = planOf(
      step('AllocateAddress', { Domain: 'vpc' }, { effect: 'create', kind: 'elastic-ip', name: 'web-3-ip', outputs: { allocationId: 'AllocationId' } }),
      step('AssociateAddress', { AllocationId: ref('s1', 'allocationId'), InstanceId: ids.web3 }, { kind: 'elastic-ip', name: 'web-3-ip' }),
    );
    assert.deepEqual(findings(plan, moved), [`CIRRO-EC2-008 high: web-3 (${ids.web3}) gets a new Elastic IP address, but its subnet app-a (${privateSubnet.id}) is marked private (tag tier=private)`]);
  });

  it('recognizes a private subnet by a tier or private tag, or by its name', () => {
    const marker = (tags: Record<string, string>, name?: string) => privateMarker({ ...privateSubnet, tags, name });
    assert.deepEqual(
      [marker({ Tier: 'Private' }), marker({ private: 'true' }), marker({}, 'private-b'), marker({ tier: 'public' }, 'web-a'), marker({ private: 'false' })],
      ['tag Tier=Private', 'tag private=true', 'its name', undefined, undefined],
    );
  });

  it('CIRRO-EC2-009: warns of an Elastic IP the plan leaves unattached, not of one it attaches', () => {
    const allocate = step('AllocateAddress', { Domain: 'vpc', TagSpecifications: [{ ResourceType: 'elastic-ip', Tags: [{ Key: 'Name', Value: 'spare-ip' }] }] }, { effect: 'create', kind: 'elastic-ip', name: 'spare-ip', outputs: { allocationId: 'AllocationId' } });
    assert.deepEqual(findings(planOf(allocate)), ['CIRRO-EC2-009 low: spare-ip (new Elastic IP) is not attached to any instance (an idle Elastic IP is billed by the hour)']);
    assert.deepEqual(findings(planOf(allocate, step('AssociateAddress', { AllocationId: ref('s1', 'allocationId'), InstanceId: ids.web3 }))), []);
    const terminate = planOf(step('TerminateInstances', { InstanceIds: [ids.api1] }, { effect: 'delete', id: ids.api1, name: 'api-1' }));
    assert.deepEqual(findings(terminate), [`CIRRO-EC2-009 low: api-ip (${ids.apiIp}) is not attached to any instance (an idle Elastic IP is billed by the hour)`]);
  });

  it('CIRRO-ELB-001: warns of a new load balancer without deletion protection, not of an old one the plan only tags', () => {
    const create = step('CreateLoadBalancer', { Name: 'api-lb', Type: 'application', Subnets: [ids.publicA, ids.publicB] }, { effect: 'create', kind: 'load-balancer', name: 'api-lb', outputs: { arn: 'LoadBalancers[0].LoadBalancerArn' } });
    assert.deepEqual(findings(planOf(create)), ['CIRRO-ELB-001 low: api-lb (new load balancer) has deletion protection off, so one mistaken call deletes it']);
    const protect = step('ModifyLoadBalancerAttributes', { LoadBalancerArn: ref('s1', 'arn'), Attributes: [{ Key: 'deletion_protection.enabled', Value: 'true' }] }, { kind: 'load-balancer', name: 'api-lb' });
    assert.deepEqual(findings(planOf(create, protect)), []);
    assert.deepEqual(findings(planOf(step('AddTags', { ResourceArns: [ids.loadBalancer], Tags: [{ Key: 'team', Value: 'shop' }] }, { kind: 'load-balancer', id: ids.loadBalancer }))), []);
    const inventory = sampleInventory({ loadBalancers: sampleInventory().loadBalancers.map((balancer) => ({ ...balancer, deletionProtection: true })) });
    const unprotect = planOf(step('ModifyLoadBalancerAttributes', { LoadBalancerArn: ids.loadBalancer, Attributes: [{ Key: 'deletion_protection.enabled', Value: 'false' }] }, { kind: 'load-balancer', id: ids.loadBalancer }));
    assert.deepEqual(findings(unprotect, inventory), ['CIRRO-ELB-001 low: shop-lb (load balancer) has deletion protection off, so one mistaken call deletes it']);
  });
});
