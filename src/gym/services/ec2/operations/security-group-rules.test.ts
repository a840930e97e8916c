import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { codeOf, networkTestWorld } from './network-testing.js';

function setup() {
  const gym = networkTestWorld();
  const vpcId: string = gym.call('CreateVpc', { CidrBlock: '10.0.0.0/16' }).Vpc.VpcId;
  const groupId: string = gym.call('CreateSecurityGroup', { GroupName: 'web', Description: 'web tier', VpcId: vpcId }).GroupId;
  const describe = (id = groupId) => gym.call('DescribeSecurityGroups', { GroupIds: [id] }).SecurityGroups[0];
  return { gym, vpcId, groupId, describe };
}

const ssh = { IpProtocol: 'tcp', FromPort: 22, ToPort: 22, IpRanges: [{ CidrIp: '10.0.0.0/8' }] };

describe('security group rules', () => {
  it('gives a new group the all-traffic egress rule and no ingress', () => {
    const { describe } = setup();
    const group = describe();
    assert.deepEqual(group.IpPermissions, []);
    assert.equal(group.IpPermissionsEgress.length, 1);
    assert.equal(group.IpPermissionsEgress[0].IpProtocol, '-1');
    assert.equal(group.IpPermissionsEgress[0].FromPort, undefined);
    assert.deepEqual(group.IpPermissionsEgress[0].IpRanges, [{ CidrIp: '0.0.0.0/0', Description: undefined }]);
  });

  it('groups rules by protocol and ports, normalising protocol numbers to names', () => {
    const { gym, groupId, describe } = setup();
    const other = gym.call('CreateSecurityGroup', { GroupName: 'lb', Description: 'balancer', VpcId: describe().VpcId }).GroupId;
    const result = gym.call('AuthorizeSecurityGroupIngress', {
      GroupId: groupId,
      IpPermissions: [
        { IpProtocol: '6', FromPort: 443, ToPort: 443, IpRanges: [{ CidrIp: '0.0.0.0/0', Description: 'https' }], Ipv6Ranges: [{ CidrIpv6: '::/0' }] },
        { IpProtocol: 'tcp', FromPort: 443, ToPort: 443, UserIdGroupPairs: [{ GroupId: other }] },
        { IpProtocol: 'icmp', FromPort: -1, ToPort: -1, IpRanges: [{ CidrIp: '10.0.0.0/16' }] },
      ],
    });
    assert.equal(result.SecurityGroupRules.length, 4);
    assert.ok(result.SecurityGroupRules.every((rule: any) => /^sgr-[0-9a-f]{17}$/.test(rule.SecurityGroupRuleId)));
    const permissions = describe().IpPermissions;
    assert.equal(permissions.length, 2);
    assert.equal(permissions[0].IpProtocol, 'tcp');
    assert.deepEqual(permissions[0].IpRanges, [{ CidrIp: '0.0.0.0/0', Description: 'https' }]);
    assert.equal(permissions[0].Ipv6Ranges[0].CidrIpv6, '::/0');
    assert.equal(permissions[0].UserIdGroupPairs[0].GroupId, other);
    assert.deepEqual([permissions[1].IpProtocol, permissions[1].FromPort, permissions[1].ToPort], ['icmp', -1, -1]);
  });

  it('rejects duplicates (descriptions do not matter), within a request and against existing rules', () => {
    const { gym, groupId } = setup();
    gym.call('AuthorizeSecurityGroupIngress', { GroupId: groupId, IpPermissions: [ssh] });
    const again = { ...ssh, IpRanges: [{ CidrIp: '10.0.0.0/8', Description: 'other words' }] };
    assert.equal(codeOf(() => gym.call('AuthorizeSecurityGroupIngress', { GroupId: groupId, IpPermissions: [again] })), 'InvalidPermission.Duplicate');
    const twice = { IpProtocol: 'udp', FromPort: 53, ToPort: 53, IpRanges: [{ CidrIp: '10.1.0.0/16' }, { CidrIp: '10.1.0.0/16' }] };
    assert.equal(codeOf(() => gym.call('AuthorizeSecurityGroupIngress', { GroupId: groupId, IpPermissions: [twice] })), 'InvalidPermission.Duplicate');
  });

  it('validates protocols, ports, CIDRs, sources and referenced groups', () => {
    const { gym, groupId } = setup();
    const authorize = (permission: Record<string, unknown>) => codeOf(() => gym.call('AuthorizeSecurityGroupIngress', { GroupId: groupId, IpPermissions: [permission] }));
    assert.equal(authorize({ ...ssh, IpProtocol: 'carrier-pigeon' }), 'InvalidParameterValue');
    assert.equal(authorize({ ...ssh, FromPort: undefined }), 'InvalidParameterValue');
    assert.equal(authorize({ ...ssh, FromPort: 90, ToPort: 80 }), 'InvalidParameterValue');
    assert.equal(authorize({ ...ssh, ToPort: 70000 }), 'InvalidParameterValue');
    assert.equal(authorize({ ...ssh, IpRanges: [{ CidrIp: '10.0.0.0/33' }] }), 'InvalidParameterValue');
    assert.equal(authorize({ ...ssh, IpRanges: [] }), 'InvalidParameterValue');
    assert.equal(authorize({ ...ssh, IpRanges: [], UserIdGroupPairs: [{ GroupId: 'sg-0123456789abcdef0' }] }), 'InvalidGroup.NotFound');
    const defaultGroup = gym.call('DescribeSecurityGroups', { GroupNames: ['default'] }).SecurityGroups[0].GroupId;
    assert.equal(authorize({ ...ssh, IpRanges: [], UserIdGroupPairs: [{ GroupId: defaultGroup }] }), 'InvalidGroup.NotFound', 'a group in another VPC');
  });

  it('revokes by permission or by rule id; an unknown rule fails in a non-default VPC and nothing is revoked', () => {
    const { gym, groupId, describe } = setup();
    const [rule] = gym.call('AuthorizeSecurityGroupIngress', { GroupId: groupId, IpPermissions: [ssh] }).SecurityGroupRules;
    const http = { IpProtocol: 'tcp', FromPort: 80, ToPort: 80, IpRanges: [{ CidrIp: '0.0.0.0/0' }] };
    assert.equal(codeOf(() => gym.call('RevokeSecurityGroupIngress', { GroupId: groupId, IpPermissions: [ssh, http] })), 'InvalidPermission.NotFound');
    assert.equal(describe().IpPermissions.length, 1, 'the failed revoke changed nothing');
    assert.equal(codeOf(() => gym.call('RevokeSecurityGroupIngress', { GroupId: groupId, SecurityGroupRuleIds: ['sgr-0000000000000000f'] })), 'InvalidSecurityGroupRuleId.NotFound');
    assert.equal(gym.call('RevokeSecurityGroupIngress', { GroupId: groupId, SecurityGroupRuleIds: [rule.SecurityGroupRuleId] }).Return, true);
    assert.deepEqual(describe().IpPermissions, []);
  });

  it('in the default VPC, revokes what matches and reports the rest as UnknownIpPermissions', () => {
    const gym = networkTestWorld();
    const groupId = gym.call('CreateSecurityGroup', { GroupName: 'app', Description: 'app' }).GroupId;
    gym.call('AuthorizeSecurityGroupIngress', { GroupName: 'app', IpPermissions: [ssh] });
    const http = { IpProtocol: 'tcp', FromPort: 80, ToPort: 80, IpRanges: [{ CidrIp: '0.0.0.0/0' }] };
    const result = gym.call('RevokeSecurityGroupIngress', { GroupId: groupId, IpPermissions: [ssh, http] });
    assert.equal(result.Return, true);
    assert.equal(result.UnknownIpPermissions.length, 1);
    assert.equal(result.UnknownIpPermissions[0].FromPort, 80);
  });

  it('modifies a rule in place and updates descriptions, keeping rule ids', () => {
    const { gym, groupId } = setup();
    const [rule] = gym.call('AuthorizeSecurityGroupIngress', { GroupId: groupId, IpPermissions: [ssh] }).SecurityGroupRules;
    gym.call('ModifySecurityGroupRules', {
      GroupId: groupId,
      SecurityGroupRules: [{ SecurityGroupRuleId: rule.SecurityGroupRuleId, SecurityGroupRule: { IpProtocol: 'tcp', FromPort: 2222, ToPort: 2222, CidrIpv4: '10.0.0.0/8' } }],
    });
    gym.call('UpdateSecurityGroupRuleDescriptionsIngress', { GroupId: groupId, SecurityGroupRuleDescriptions: [{ SecurityGroupRuleId: rule.SecurityGroupRuleId, Description: 'bastion' }] });
    const [described] = gym.call('DescribeSecurityGroupRules', { SecurityGroupRuleIds: [rule.SecurityGroupRuleId] }).SecurityGroupRules;
    assert.deepEqual([described.FromPort, described.ToPort, described.Description, described.IsEgress], [2222, 2222, 'bastion', false]);
    const egress = gym.call('DescribeSecurityGroupRules', { Filters: [{ Name: 'group-id', Values: [groupId] }] }).SecurityGroupRules.filter((entry: any) => entry.IsEgress);
    assert.deepEqual([egress[0].IpProtocol, egress[0].FromPort, egress[0].ToPort, egress[0].CidrIpv4], ['-1', -1, -1, '0.0.0.0/0']);
  });

  it('refuses to delete a group an instance uses or another group references, and the default group', () => {
    const { gym, vpcId, groupId, describe } = setup();
    const subnet = gym.call('CreateSubnet', { VpcId: vpcId, CidrBlock: '10.0.1.0/24' }).Subnet.SubnetId;
    const client = gym.call('CreateSecurityGroup', { GroupName: 'client', Description: 'client', VpcId: vpcId }).GroupId;
    gym.call('AuthorizeSecurityGroupIngress', { GroupId: groupId, IpPermissions: [{ IpProtocol: 'tcp', FromPort: 5432, ToPort: 5432, UserIdGroupPairs: [{ GroupId: client }] }] });
    assert.equal(codeOf(() => gym.call('DeleteSecurityGroup', { GroupId: client })), 'DependencyViolation');
    const instance = gym.seedInstance({ subnetId: subnet, vpcId, privateIpAddress: '10.0.1.4', securityGroupIds: [groupId] });
    assert.equal(codeOf(() => gym.call('DeleteSecurityGroup', { GroupId: groupId })), 'DependencyViolation');
    gym.run((store) => store.instances.update(instance.id, (draft) => {
      draft.state = 'terminated';
    }));
    assert.equal(gym.call('DeleteSecurityGroup', { GroupId: groupId }).Return, true);
    assert.equal(gym.call('DeleteSecurityGroup', { GroupId: client }).Return, true);
    const defaultId = gym.call('DescribeSecurityGroups', { Filters: [{ Name: 'vpc-id', Values: [vpcId] }, { Name: 'group-name', Values: ['default'] }] }).SecurityGroups[0].GroupId;
    assert.equal(codeOf(() => gym.call('DeleteSecurityGroup', { GroupId: defaultId })), 'CannotDelete');
    assert.equal(codeOf(() => describe()), 'InvalidGroup.NotFound');
  });
});
