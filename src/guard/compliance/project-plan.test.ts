import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { InstanceView, SecurityGroupView, VolumeView } from '../../cloud/inventory.js';
import { SAMPLE_IDS, sampleInventory } from '../../cloud/testing/sample-inventory.js';
import { projectPlan } from './project-plan.js';
import { planOf, ref, step } from './testing/plans.js';

const ids = SAMPLE_IDS;

describe('projectPlan', () => {
  it('gives created resources placeholder ids that later steps\' references resolve to', () => {
    const state = projectPlan(planOf(
      step('CreateSecurityGroup', { GroupName: 'admin-sg', Description: 'admins', VpcId: ids.vpc }, { effect: 'create', kind: 'security-group', name: 'admin-sg', outputs: { groupId: 'GroupId' } }),
      step('AuthorizeSecurityGroupIngress', { GroupId: ref('s1', 'groupId'), IpPermissions: [{ IpProtocol: '6', FromPort: 22, ToPort: 22, IpRanges: [{ CidrIp: '10.0.0.0/8', Description: 'office' }] }] }, { kind: 'security-group', name: 'admin-sg' }),
    ), sampleInventory());
    const group = state.after.securityGroups.find((candidate) => candidate.groupName === 'admin-sg')!;
    assert.equal(group.id, 'new:s1:security-group');
    assert.deepEqual([...state.created], [group.id]);
    assert.deepEqual(group.rules.map((rule) => [rule.direction, rule.protocol, rule.fromPort, rule.source, rule.description]), [
      ['egress', '-1', undefined, '0.0.0.0/0', undefined],
      ['ingress', 'tcp', 22, '10.0.0.0/8', 'office'],
    ]);
    assert.equal(state.before.securityGroups.length + 1, state.after.securityGroups.length, 'the inventory read is not changed');
  });

  it('launches into the default subnet with the VPC\'s default group, and gives a public address where the subnet maps one', () => {
    const inventory = sampleInventory();
    const noPublic = { ...inventory, subnets: inventory.subnets.map((subnet) => (subnet.id === ids.publicA ? { ...subnet, mapPublicIpOnLaunch: false } : subnet)) };
    const state = projectPlan(planOf(
      step('RunInstances', { ImageId: 'ami-1', InstanceType: 't3.micro', MinCount: 1, MaxCount: 1, TagSpecifications: [{ ResourceType: 'instance', Tags: [{ Key: 'Name', Value: 'tmp-1' }] }] }, { effect: 'create', name: 'tmp-1' }),
      step('ModifySubnetAttribute', { SubnetId: ids.publicA, MapPublicIpOnLaunch: { Value: true } }, { kind: 'subnet', id: ids.publicA }),
      step('RunInstances', { ImageId: 'ami-1', InstanceType: 't3.micro', MinCount: 1, MaxCount: 1, SubnetId: ids.publicA }, { effect: 'create', name: 'web-9' }),
    ), noPublic);
    const [tmp, web9] = ['new:s1:instance', 'new:s3:instance'].map((id) => state.byId.get(id) as InstanceView);
    assert.deepEqual([tmp!.name, tmp!.subnetId, tmp!.securityGroupIds, tmp!.publicIpAddress !== undefined], ['tmp-1', ids.defaultSubnetA, [ids.defaultSecurityGroup], true]);
    assert.deepEqual([web9!.name, web9!.vpcId, web9!.publicIpAddress !== undefined], ['web-9', ids.vpc, true], 'the subnet change earlier in the plan applies');
    assert.deepEqual(web9!.volumes.map((volume) => volume.device), [''], 'a launch without mappings gets the image\'s root volume');
  });

  it('terminates an instance: its root volume goes, its data volume and Elastic IP are freed', () => {
    const state = projectPlan(planOf(step('TerminateInstances', { InstanceIds: [ids.api1] }, { effect: 'delete', id: ids.api1 })), sampleInventory());
    assert.equal(state.byId.has(ids.api1), false);
    assert.equal(state.byId.has(ids.api1Root), false);
    const data = state.byId.get(ids.apiData) as VolumeView;
    assert.deepEqual([data.attachment, data.state], [undefined, 'available']);
    assert.equal(state.after.elasticIps[0]!.instanceId, undefined);
    assert.deepEqual([...state.touched].sort(), [ids.apiIp, ids.apiData].sort());
  });

  it('moves an Elastic IP to the instance it is associated with', () => {
    const state = projectPlan(planOf(step('AssociateAddress', { AllocationId: ids.apiIp, InstanceId: ids.web3, AllowReassociation: true })), sampleInventory());
    assert.equal((state.byId.get(ids.web3) as InstanceView).publicIpAddress, '3.80.0.1');
    assert.equal((state.byId.get(ids.api1) as InstanceView).publicIpAddress, undefined);
    assert.equal(state.after.elasticIps[0]!.instanceId, ids.web3);
  });

  it('revokes rules by permission or by rule id, and renames on CreateTags', () => {
    const inventory = sampleInventory();
    const withIds = {
      ...inventory,
      securityGroups: inventory.securityGroups.map((group) => (group.id === ids.webSg ? { ...group, rules: group.rules.map((rule, index) => ({ ...rule, ruleId: `sgr-${index}` })) } : group)),
    };
    const state = projectPlan(planOf(
      step('RevokeSecurityGroupIngress', { GroupId: ids.webSg, IpPermissions: [{ IpProtocol: 'tcp', FromPort: 80, ToPort: 80, IpRanges: [{ CidrIp: '0.0.0.0/0' }] }] }, { kind: 'security-group', id: ids.webSg }),
      step('RevokeSecurityGroupEgress', { GroupId: ids.webSg, SecurityGroupRuleIds: ['sgr-2'] }, { kind: 'security-group', id: ids.webSg }),
      step('CreateTags', { Resources: [ids.webSg], Tags: [{ Key: 'Name', Value: 'frontend-sg' }] }, { kind: 'security-group', id: ids.webSg }),
    ), withIds);
    const group = state.byId.get(ids.webSg) as SecurityGroupView;
    assert.deepEqual(group.rules.map((rule) => `${rule.direction} ${rule.fromPort}`), ['ingress 443']);
    assert.deepEqual([group.name, group.groupName], ['frontend-sg', 'web-sg']);
  });

  it('skips reads, and marks what an unmodelled call changes as touched', () => {
    const state = projectPlan(planOf(
      step('DescribeInstances', {}, { effect: 'read' }),
      step('RebootInstances', { InstanceIds: [ids.web1, ids.web2] }, { id: `${ids.web1},${ids.web2}` }),
    ), sampleInventory());
    assert.deepEqual([...state.touched].sort(), [ids.web1, ids.web2].sort());
    assert.equal(state.created.size, 0);
  });

  it('creates a load balancer without deletion protection until the plan turns it on', () => {
    const state = projectPlan(planOf(
      step('CreateLoadBalancer', { Name: 'api-lb', Type: 'application', Subnets: [ids.publicA, ids.publicB] }, { effect: 'create', kind: 'load-balancer', name: 'api-lb', outputs: { arn: 'LoadBalancers[0].LoadBalancerArn' } }),
      step('ModifyLoadBalancerAttributes', { LoadBalancerArn: ref('s1', 'arn'), Attributes: [{ Key: 'deletion_protection.enabled', Value: 'true' }] }, { kind: 'load-balancer', name: 'api-lb' }),
    ), sampleInventory());
    const balancer = state.after.loadBalancers.find((candidate) => candidate.name === 'api-lb')!;
    assert.deepEqual([balancer.vpcId, balancer.deletionProtection, balancer.securityGroupIds], [ids.vpc, true, [ids.mainVpcDefaultSg]]);
  });
});
