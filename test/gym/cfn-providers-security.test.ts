import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { resourceProviders } from '../../src/gym/services/cloudformation/providers/index.js';
import { replacementFor } from '../../src/gym/services/cloudformation/providers/provider.js';
import { ProviderTestWorld } from '../../src/gym/services/cloudformation/providers/provider-testing.js';

const providers = resourceProviders();
const group = providers.get('AWS::EC2::SecurityGroup')!;
const ingress = providers.get('AWS::EC2::SecurityGroupIngress')!;
const egress = providers.get('AWS::EC2::SecurityGroupEgress')!;

function setup() {
  const gym = new ProviderTestWorld();
  const vpcId = gym.create(providers.get('AWS::EC2::VPC')!, 'Vpc', { CidrBlock: '10.0.0.0/16' });
  return { gym, vpcId };
}

describe('CloudFormation security group providers', () => {
  it('SecurityGroup: inline rules become EC2 rules, egress replaces the allow-all default, and it reads back the same', () => {
    const { gym, vpcId } = setup();
    const properties = {
      GroupDescription: 'web servers',
      VpcId: vpcId,
      SecurityGroupIngress: [
        { IpProtocol: 'tcp', FromPort: 443, ToPort: 443, CidrIp: '0.0.0.0/0', Description: 'https' },
        { IpProtocol: 'tcp', FromPort: '22', ToPort: '22', CidrIp: '10.0.0.0/8' },
      ],
      SecurityGroupEgress: [{ IpProtocol: 'tcp', FromPort: 5432, ToPort: 5432, CidrIp: '10.0.0.0/16' }],
      Tags: [{ Key: 'Name', Value: 'web' }],
    };
    const id = gym.create(group, 'WebGroup', properties);
    const read = gym.read(group, id)!;
    assert.equal(read['GroupDescription'], 'web servers');
    assert.match(String(read['GroupName']), /^web-WebGroup-[A-Z0-9]{12}$/, 'CloudFormation names an unnamed group after the stack and logical id');
    assert.deepEqual(read['SecurityGroupIngress'], [
      { IpProtocol: 'tcp', FromPort: 443, ToPort: 443, CidrIp: '0.0.0.0/0', Description: 'https' },
      { IpProtocol: 'tcp', FromPort: 22, ToPort: 22, CidrIp: '10.0.0.0/8' },
    ]);
    assert.deepEqual(read['SecurityGroupEgress'], properties.SecurityGroupEgress);
    assert.deepEqual(read['Tags'], properties.Tags);
    const described = gym.call('ec2', 'DescribeSecurityGroups', { GroupIds: [id] }).SecurityGroups[0];
    assert.equal(gym.getAtt(group, id, 'GroupId'), described.GroupId);
    assert.equal(gym.getAtt(group, id, 'VpcId'), vpcId);
    assert.equal(gym.run((context) => group.ref(id, context)), id, 'a group outside the default VPC is referred to by id');
  });

  it('SecurityGroup: rules change in place (an opened port, a closed one, egress back to the default); the name is a replacement', () => {
    const { gym, vpcId } = setup();
    const previous = { GroupDescription: 'db', VpcId: vpcId, SecurityGroupIngress: [{ IpProtocol: 'tcp', FromPort: 22, ToPort: 22, CidrIp: '10.0.0.0/8' }], SecurityGroupEgress: [] };
    const id = gym.create(group, 'DbGroup', previous);
    assert.equal(gym.read(group, id)!['SecurityGroupEgress'] instanceof Array && (gym.read(group, id)!['SecurityGroupEgress'] as unknown[]).length, 0, 'an empty egress list leaves no egress rule');
    const next = { GroupDescription: 'db', VpcId: vpcId, SecurityGroupIngress: [{ IpProtocol: 'tcp', FromPort: 5432, ToPort: 5432, CidrIp: '10.0.0.0/16' }] };
    gym.run((context) => group.update(context, id, previous, next));
    const read = gym.read(group, id)!;
    assert.deepEqual(read['SecurityGroupIngress'], next.SecurityGroupIngress);
    assert.deepEqual(read['SecurityGroupEgress'], [{ IpProtocol: '-1', CidrIp: '0.0.0.0/0' }]);
    assert.equal(replacementFor(group, ['SecurityGroupIngress', 'Tags']), 'False');
    assert.equal(replacementFor(group, ['GroupName']), 'True');
    gym.delete(group, id, next);
    assert.equal(gym.read(group, id), undefined);
  });

  it('SecurityGroup in the default VPC: Ref gives the group name, as AWS documents', () => {
    const gym = new ProviderTestWorld();
    const id = gym.create(group, 'Legacy', { GroupDescription: 'legacy', GroupName: 'legacy-web' });
    assert.equal(gym.run((context) => group.ref(id, context)), 'legacy-web');
  });

  it('SecurityGroupIngress and Egress: one rule each, Id is the EC2 rule id, the description changes in place, delete revokes it', () => {
    const { gym, vpcId } = setup();
    const groupId = gym.create(group, 'AppGroup', { GroupDescription: 'app', VpcId: vpcId });
    const sourceId = gym.create(group, 'LbGroup', { GroupDescription: 'lb', VpcId: vpcId });
    const ruleProperties = { GroupId: groupId, IpProtocol: 'tcp', FromPort: 8080, ToPort: 8080, SourceSecurityGroupId: sourceId, Description: 'from the lb' };
    const ruleId = gym.create(ingress, 'FromLb', ruleProperties);
    assert.match(ruleId, /^sgr-/);
    assert.equal(gym.getAtt(ingress, ruleId, 'Id'), ruleId);
    assert.deepEqual(gym.read(ingress, ruleId), ruleProperties);
    gym.run((context) => ingress.update(context, ruleId, ruleProperties, { ...ruleProperties, Description: 'from the load balancer' }));
    assert.equal(gym.read(ingress, ruleId)!['Description'], 'from the load balancer');
    assert.equal(replacementFor(ingress, ['FromPort']), 'True');
    const egressProperties = { GroupId: groupId, IpProtocol: 'tcp', FromPort: 443, ToPort: 443, CidrIp: '0.0.0.0/0' };
    const egressId = gym.create(egress, 'Https', egressProperties);
    assert.deepEqual(gym.read(egress, egressId), egressProperties);
    gym.delete(ingress, ruleId, ruleProperties);
    gym.delete(egress, egressId, egressProperties);
    assert.equal(gym.read(ingress, ruleId), undefined);
    assert.equal(gym.read(egress, egressId), undefined);
    const left = gym.call('ec2', 'DescribeSecurityGroupRules', { Filters: [{ Name: 'group-id', Values: [groupId] }] }).SecurityGroupRules;
    assert.deepEqual(left.map((rule: { IsEgress: boolean; CidrIpv4?: string }) => [rule.IsEgress, rule.CidrIpv4]), [[true, '0.0.0.0/0']], 'only the default egress rule is left');
  });

  it('a create that fails halfway (the group made, a rule refused) leaves no group behind: the provider runs in one transaction', () => {
    const { gym, vpcId } = setup();
    const groups = () => gym.call('ec2', 'DescribeSecurityGroups', { Filters: [{ Name: 'vpc-id', Values: [vpcId] }] }).SecurityGroups.length;
    const before = groups();
    assert.throws(() => gym.create(group, 'Broken', { GroupDescription: 'broken', VpcId: vpcId, SecurityGroupIngress: [{ IpProtocol: 'tcp', FromPort: 22, ToPort: 22, CidrIp: '10.0.0.0/33' }] }), /10\.0\.0\.0\/33/);
    assert.equal(groups(), before);
  });
});
