import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  AuthorizeSecurityGroupEgressCommand, AuthorizeSecurityGroupIngressCommand, CreateSecurityGroupCommand, CreateVpcCommand,
  DeleteSecurityGroupCommand, DescribeSecurityGroupRulesCommand, DescribeSecurityGroupsCommand, RevokeSecurityGroupEgressCommand,
  RevokeSecurityGroupIngressCommand, UpdateSecurityGroupRuleDescriptionsIngressCommand,
} from '@aws-sdk/client-ec2';
import type { Gym } from '../../src/gym/gym.js';
import { startTestGym } from '../support/gym.js';
import { AWS_CLI_INSTALL, awsCli, awsJson, cliErrorCode, findAwsCli } from '../support/aws-cli.js';
import { BOTO3_INSTALL, boto3, boto3Available } from '../support/boto3.js';
import { sdkClients, sdkError } from '../support/sdk.js';
import { requireTool } from '../support/external-tool.js';

describe('security groups, through the three real clients', () => {
  let gym: Gym;
  before(async () => {
    gym = await startTestGym();
  });
  after(async () => {
    await gym.stop();
  });

  it('round-trips an SSH rule with the CLI shorthand and refuses it twice (AWS CLI)', async (context) => {
    if (!requireTool(context, !!findAwsCli(), 'AWS CLI v2', AWS_CLI_INSTALL)) return;
    const group = (await awsJson(gym.endpoint, ['ec2', 'create-security-group', '--group-name', 'bastion', '--description', 'SSH in'])).GroupId;
    assert.match(group, /^sg-[0-9a-f]{17}$/);
    const added = await awsJson(gym.endpoint, ['ec2', 'authorize-security-group-ingress', '--group-id', group, '--protocol', 'tcp', '--port', '22', '--cidr', '203.0.113.0/24']);
    assert.equal(added.Return, true);
    assert.equal(added.SecurityGroupRules[0].CidrIpv4, '203.0.113.0/24');
    const twice = await awsCli(gym.endpoint, ['ec2', 'authorize-security-group-ingress', '--group-id', group, '--protocol', 'tcp', '--port', '22', '--cidr', '203.0.113.0/24']);
    assert.equal(cliErrorCode(twice), 'InvalidPermission.Duplicate');
    const described = await awsJson(gym.endpoint, ['ec2', 'describe-security-groups', '--group-names', 'bastion']);
    const [sg] = described.SecurityGroups;
    assert.deepEqual(sg.IpPermissions, [{ IpProtocol: 'tcp', FromPort: 22, ToPort: 22, IpRanges: [{ CidrIp: '203.0.113.0/24' }], Ipv6Ranges: [], PrefixListIds: [], UserIdGroupPairs: [] }]);
    assert.deepEqual(sg.IpPermissionsEgress, [{ IpProtocol: '-1', IpRanges: [{ CidrIp: '0.0.0.0/0' }], Ipv6Ranges: [], PrefixListIds: [], UserIdGroupPairs: [] }]);
    await awsJson(gym.endpoint, ['ec2', 'revoke-security-group-ingress', '--group-id', group, '--protocol', 'tcp', '--port', '22', '--cidr', '203.0.113.0/24']);
    const after = await awsJson(gym.endpoint, ['ec2', 'describe-security-groups', '--group-ids', group]);
    assert.deepEqual(after.SecurityGroups[0].IpPermissions, []);
  });

  it('refuses reserved and duplicate names and the default group\'s deletion (AWS CLI)', async (context) => {
    if (!requireTool(context, !!findAwsCli(), 'AWS CLI v2', AWS_CLI_INSTALL)) return;
    const reserved = await awsCli(gym.endpoint, ['ec2', 'create-security-group', '--group-name', 'sg-looks-like-an-id', '--description', 'x']);
    assert.equal(cliErrorCode(reserved), 'InvalidParameterValue');
    await awsJson(gym.endpoint, ['ec2', 'create-security-group', '--group-name', 'twin', '--description', 'first']);
    const duplicate = await awsCli(gym.endpoint, ['ec2', 'create-security-group', '--group-name', 'twin', '--description', 'second']);
    assert.equal(cliErrorCode(duplicate), 'InvalidGroup.Duplicate');
    const byName = await awsCli(gym.endpoint, ['ec2', 'delete-security-group', '--group-name', 'default']);
    assert.equal(cliErrorCode(byName), 'CannotDelete');
    const missing = await awsCli(gym.endpoint, ['ec2', 'describe-security-groups', '--group-names', 'nobody']);
    assert.equal(cliErrorCode(missing), 'InvalidGroup.NotFound');
  });

  it('authorizes every source kind, lists rules, and filters on them (SDK v3)', async () => {
    const { ec2 } = sdkClients(gym.endpoint);
    const vpc = (await ec2.send(new CreateVpcCommand({ CidrBlock: '10.90.0.0/16' }))).Vpc!.VpcId!;
    const web = (await ec2.send(new CreateSecurityGroupCommand({ GroupName: 'web', Description: 'web tier', VpcId: vpc }))).GroupId!;
    const lb = (await ec2.send(new CreateSecurityGroupCommand({ GroupName: 'lb', Description: 'load balancer', VpcId: vpc }))).GroupId!;
    const result = await ec2.send(new AuthorizeSecurityGroupIngressCommand({
      GroupId: web,
      IpPermissions: [
        { IpProtocol: 'tcp', FromPort: 80, ToPort: 80, UserIdGroupPairs: [{ GroupId: lb, Description: 'from the balancer' }] },
        { IpProtocol: 'tcp', FromPort: 443, ToPort: 443, IpRanges: [{ CidrIp: '0.0.0.0/0' }], Ipv6Ranges: [{ CidrIpv6: '::/0' }], PrefixListIds: [{ PrefixListId: 'pl-0123456789abcdef0' }] },
      ],
    }));
    assert.equal(result.SecurityGroupRules!.length, 4);
    const [fromLb] = result.SecurityGroupRules!;
    assert.deepEqual(fromLb!.ReferencedGroupInfo, { GroupId: lb, UserId: '123456789012' });

    const rules = await ec2.send(new DescribeSecurityGroupRulesCommand({ Filters: [{ Name: 'group-id', Values: [web] }] }));
    assert.equal(rules.SecurityGroupRules!.length, 5, 'four ingress rules and the default egress rule');
    assert.equal(rules.SecurityGroupRules!.filter((rule) => rule.IsEgress).length, 1);

    const https = await ec2.send(new DescribeSecurityGroupsCommand({ Filters: [{ Name: 'ip-permission.from-port', Values: ['443'] }, { Name: 'vpc-id', Values: [vpc] }] }));
    assert.deepEqual(https.SecurityGroups!.map((group) => group.GroupId), [web]);
    const referencing = await ec2.send(new DescribeSecurityGroupsCommand({ Filters: [{ Name: 'ip-permission.group-id', Values: [lb] }] }));
    assert.deepEqual(referencing.SecurityGroups!.map((group) => group.GroupId), [web]);
    const open = await ec2.send(new DescribeSecurityGroupsCommand({ Filters: [{ Name: 'egress.ip-permission.cidr', Values: ['0.0.0.0/0'] }, { Name: 'vpc-id', Values: [vpc] }] }));
    assert.equal(open.SecurityGroups!.length, 3, 'web, lb and the VPC default group all allow all egress');

    const inUse = await sdkError(ec2.send(new DeleteSecurityGroupCommand({ GroupId: lb })));
    assert.equal(inUse.code, 'DependencyViolation');

    await ec2.send(new UpdateSecurityGroupRuleDescriptionsIngressCommand({
      GroupId: web, IpPermissions: [{ IpProtocol: 'tcp', FromPort: 80, ToPort: 80, UserIdGroupPairs: [{ GroupId: lb, Description: 'ALB only' }] }],
    }));
    const [updated] = (await ec2.send(new DescribeSecurityGroupRulesCommand({ SecurityGroupRuleIds: [fromLb!.SecurityGroupRuleId!] }))).SecurityGroupRules!;
    assert.equal(updated!.Description, 'ALB only');

    await ec2.send(new RevokeSecurityGroupIngressCommand({ GroupId: web, SecurityGroupRuleIds: [fromLb!.SecurityGroupRuleId!] }));
    await ec2.send(new DeleteSecurityGroupCommand({ GroupId: lb }));
    const gone = await sdkError(ec2.send(new DescribeSecurityGroupsCommand({ GroupIds: [lb] })));
    assert.equal(gone.code, 'InvalidGroup.NotFound');
  });

  it('revokes unknown rules as AWS does: an error in a custom VPC, a report in the default VPC (SDK v3)', async () => {
    const { ec2 } = sdkClients(gym.endpoint);
    const vpc = (await ec2.send(new CreateVpcCommand({ CidrBlock: '10.91.0.0/16' }))).Vpc!.VpcId!;
    const custom = (await ec2.send(new CreateSecurityGroupCommand({ GroupName: 'custom', Description: 'custom', VpcId: vpc }))).GroupId!;
    const rdp = { IpProtocol: 'tcp', FromPort: 3389, ToPort: 3389, IpRanges: [{ CidrIp: '10.0.0.0/8' }] };
    const strict = await sdkError(ec2.send(new RevokeSecurityGroupIngressCommand({ GroupId: custom, IpPermissions: [rdp] })));
    assert.equal(strict.code, 'InvalidPermission.NotFound');
    const lenient = (await ec2.send(new CreateSecurityGroupCommand({ GroupName: 'lenient', Description: 'default vpc' }))).GroupId!;
    const report = await ec2.send(new RevokeSecurityGroupIngressCommand({ GroupId: lenient, IpPermissions: [rdp] }));
    assert.equal(report.Return, true);
    assert.equal(report.UnknownIpPermissions![0]!.FromPort, 3389);

    // Egress: replace the allow-all rule with HTTPS only.
    await ec2.send(new RevokeSecurityGroupEgressCommand({ GroupId: custom, IpPermissions: [{ IpProtocol: '-1', IpRanges: [{ CidrIp: '0.0.0.0/0' }] }] }));
    await ec2.send(new AuthorizeSecurityGroupEgressCommand({ GroupId: custom, IpPermissions: [{ IpProtocol: 'tcp', FromPort: 443, ToPort: 443, IpRanges: [{ CidrIp: '0.0.0.0/0' }] }] }));
    const [group] = (await ec2.send(new DescribeSecurityGroupsCommand({ GroupIds: [custom] }))).SecurityGroups!;
    assert.deepEqual(group!.IpPermissionsEgress!.map((permission) => [permission.IpProtocol, permission.FromPort]), [['tcp', 443]]);
    const badPort = await sdkError(ec2.send(new AuthorizeSecurityGroupIngressCommand({ GroupId: custom, IpPermissions: [{ IpProtocol: 'tcp', FromPort: 100, ToPort: 10, IpRanges: [{ CidrIp: '0.0.0.0/0' }] }] })));
    assert.equal(badPort.code, 'InvalidParameterValue');
    const malformed = await sdkError(ec2.send(new DescribeSecurityGroupsCommand({ GroupIds: ['web'] })));
    assert.equal(malformed.code, 'InvalidGroupId.Malformed');
  });

  it('answers boto3 the same way', async (context) => {
    if (!requireTool(context, boto3Available(), 'boto3', BOTO3_INSTALL)) return;
    const result = await boto3(gym.endpoint, `
ec2 = client('ec2')
group = ec2.create_security_group(GroupName='py', Description='from boto3')['GroupId']
ec2.authorize_security_group_ingress(GroupId=group, IpPermissions=[{'IpProtocol': 'udp', 'FromPort': 53, 'ToPort': 53, 'IpRanges': [{'CidrIp': '10.0.0.0/8', 'Description': 'dns'}]}])
again = run(lambda: ec2.authorize_security_group_ingress(GroupId=group, IpProtocol='udp', FromPort=53, ToPort=53, CidrIp='10.0.0.0/8'))
perm = ec2.describe_security_groups(GroupIds=[group])['SecurityGroups'][0]['IpPermissions'][0]
print(json.dumps({'protocol': perm['IpProtocol'], 'range': perm['IpRanges'][0], 'again': again['error']}))
`);
    assert.deepEqual(result, { protocol: 'udp', range: { CidrIp: '10.0.0.0/8', Description: 'dns' }, again: 'InvalidPermission.Duplicate' });
  });
});
