import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  type CloudFormationClient, CreateChangeSetCommand, CreateStackCommand, DeleteStackCommand, DescribeChangeSetCommand, DescribeStackResourcesCommand,
  DescribeStacksCommand, DescribeStackDriftDetectionStatusCommand, DescribeStackResourceDriftsCommand, DetectStackDriftCommand, ExecuteChangeSetCommand, UpdateStackCommand, waitUntilChangeSetCreateComplete, waitUntilStackCreateComplete,
  waitUntilStackDeleteComplete, waitUntilStackUpdateComplete,
} from '@aws-sdk/client-cloudformation';
import {
  DescribeAddressesCommand, DescribeImagesCommand, DescribeInstancesCommand, DescribeSecurityGroupsCommand, DescribeSubnetsCommand,
  DescribeVolumesCommand, DescribeVpcsCommand, type EC2Client,
} from '@aws-sdk/client-ec2';
import {
  DescribeListenersCommand, DescribeLoadBalancersCommand, DescribeTargetGroupsCommand, DescribeTargetHealthCommand, type ElasticLoadBalancingV2Client,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import type { Gym } from '../../src/gym/gym.js';
import { startTestGym } from '../support/gym.js';
import { cloudFormationClient, waiter } from '../support/cloudformation.js';
import { synthesizeCdkWeb } from '../support/cdk-app.js';
import { sdkClients, sdkError } from '../support/sdk.js';

describe('templates written by aws-cdk-lib (app.synth(), as cdk synth runs it) deploy, update and delete in the gym', () => {
  let gym: Gym;
  let cloudFormation: CloudFormationClient;
  let ec2: EC2Client;
  let elbv2: ElasticLoadBalancingV2Client;
  const resources = async () => (await cloudFormation.send(new DescribeStackResourcesCommand({ StackName: 'CdkWeb' }))).StackResources!;
  const physicalIds = async () => Object.fromEntries((await resources()).map((resource) => [resource.LogicalResourceId!, resource.PhysicalResourceId!]));
  // CDK's logical ids are the construct path and an 8-digit hash: match the path part exactly.
  const idOf = (ids: Record<string, string>, path: string) => Object.entries(ids).find(([logicalId]) => new RegExp(`^${path}[0-9A-F]{8}$`).test(logicalId))![1];
  const instance = async (id: string) => (await ec2.send(new DescribeInstancesCommand({ InstanceIds: [id] }))).Reservations![0]!.Instances![0]!;
  const ingress = async (groupId: string) => (await ec2.send(new DescribeSecurityGroupsCommand({ GroupIds: [groupId] }))).SecurityGroups![0]!.IpPermissions!
    .map((rule) => `${rule.IpProtocol} ${rule.FromPort} ${[...rule.IpRanges!.map((range) => range.CidrIp), ...rule.UserIdGroupPairs!.map((pair) => pair.GroupId)].join(',')}`)
    .sort();
  const targets = async (ids: Record<string, string>) => (await elbv2.send(new DescribeTargetHealthCommand({ TargetGroupArn: idOf(ids, 'BalancerHttpWebGroup') })))
    .TargetHealthDescriptions!.map((target) => `${target.Target!.Id}:${target.Target!.Port}`);

  before(async () => {
    gym = await startTestGym({ speed: 600 });
    cloudFormation = cloudFormationClient(gym.endpoint);
    ({ ec2, elbv2 } = sdkClients(gym.endpoint));
  });
  after(async () => {
    await gym.stop();
  });

  it('synthesizes the CDK stack with its bootstrap check, version reporting and an SSM image parameter, and no IAM or Lambda resources', () => {
    const template = JSON.parse(synthesizeCdkWeb());
    assert.equal(template.Parameters.BootstrapVersion.Type, 'AWS::SSM::Parameter::Value<String>');
    assert.equal(template.Parameters.BootstrapVersion.Default, '/cdk-bootstrap/hnb659fds/version');
    assert.ok(template.Rules.CheckBootstrapVersion, 'the default synthesizer adds its bootstrap rule');
    assert.equal(template.Resources.CDKMetadata.Type, 'AWS::CDK::Metadata');
    const imageParameter = Object.values<{ Type: string; Default: string }>(template.Parameters).find((parameter) => parameter.Type.includes('AWS::EC2::Image::Id'))!;
    assert.equal(imageParameter.Default, '/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-6.1-x86_64');
    const types = new Set(Object.values<{ Type: string }>(template.Resources).map((resource) => resource.Type));
    assert.deepEqual([...types].filter((type) => /IAM|Lambda|Custom/.test(type)), []);
  });

  it('creates the stack from the synthesized template as is, and EC2 and ELBv2 hold what the CDK code describes', async () => {
    await cloudFormation.send(new CreateStackCommand({ StackName: 'CdkWeb', TemplateBody: synthesizeCdkWeb() }));
    await waitUntilStackCreateComplete(waiter(cloudFormation), { StackName: 'CdkWeb' });
    const stack = (await cloudFormation.send(new DescribeStacksCommand({ StackName: 'CdkWeb' }))).Stacks![0]!;
    assert.equal(stack.StackStatus, 'CREATE_COMPLETE');
    const bootstrap = stack.Parameters!.find((parameter) => parameter.ParameterKey === 'BootstrapVersion')!;
    assert.equal(bootstrap.ParameterValue, '/cdk-bootstrap/hnb659fds/version');
    assert.ok(Number(bootstrap.ResolvedValue) >= 6, 'the bootstrap version passes CDK\'s CheckBootstrapVersion rule');

    const ids = await physicalIds();
    const vpc = (await ec2.send(new DescribeVpcsCommand({ VpcIds: [idOf(ids, 'Network')] }))).Vpcs![0]!;
    assert.equal(vpc.CidrBlock, '10.40.0.0/16');
    const subnets = (await ec2.send(new DescribeSubnetsCommand({ Filters: [{ Name: 'vpc-id', Values: [vpc.VpcId!] }] }))).Subnets!;
    assert.deepEqual(subnets.map((subnet) => `${subnet.CidrBlock} ${subnet.MapPublicIpOnLaunch}`).sort(), ['10.40.0.0/24 true', '10.40.1.0/24 true', '10.40.2.0/24 false', '10.40.3.0/24 false']);
    assert.equal(new Set(subnets.map((subnet) => subnet.AvailabilityZone)).size, 2, 'two zones, from Fn::GetAZs');

    const web = await instance(ids['Web']!);
    const [image] = (await ec2.send(new DescribeImagesCommand({ ImageIds: [web.ImageId!] }))).Images!;
    assert.match(image!.Name!, /^al2023-ami-.*x86_64$/, 'latestAmazonLinux2023() resolved to the gym\'s Amazon Linux 2023 image');
    assert.deepEqual([web.InstanceType, web.State!.Name, web.SubnetId], ['t3.micro', 'running', idOf(ids, 'NetworkpublicSubnet1Subnet')]);
    const balancerGroup = idOf(ids, 'BalancerSecurityGroup');
    assert.deepEqual(await ingress(idOf(ids, 'WebGroup')), ['tcp 22 10.40.0.0/16', `tcp 8080 ${balancerGroup}`]);
    assert.deepEqual(await ingress(balancerGroup), ['tcp 80 0.0.0.0/0']);
    const address = (await ec2.send(new DescribeAddressesCommand({ PublicIps: [ids['WebAddress']!] }))).Addresses![0]!;
    assert.equal(address.InstanceId, web.InstanceId);
    const volume = (await ec2.send(new DescribeVolumesCommand({ VolumeIds: [ids['Data']!] }))).Volumes![0]!;
    assert.deepEqual([volume.Size, volume.VolumeType, volume.AvailabilityZone], [20, 'gp3', subnets.find((subnet) => subnet.CidrBlock === '10.40.2.0/24')!.AvailabilityZone]);

    const balancer = (await elbv2.send(new DescribeLoadBalancersCommand({ LoadBalancerArns: [idOf(ids, 'Balancer')] }))).LoadBalancers![0]!;
    assert.deepEqual([balancer.Scheme, balancer.Type, balancer.SecurityGroups], ['internet-facing', 'application', [balancerGroup]]);
    assert.equal(stack.Outputs!.find((output) => output.OutputKey === 'BalancerDns')!.OutputValue, balancer.DNSName);
    const [listener] = (await elbv2.send(new DescribeListenersCommand({ LoadBalancerArn: balancer.LoadBalancerArn }))).Listeners!;
    assert.deepEqual([listener!.Port, listener!.Protocol, listener!.DefaultActions![0]!.TargetGroupArn], [80, 'HTTP', idOf(ids, 'BalancerHttpWebGroup')]);
    const [group] = (await elbv2.send(new DescribeTargetGroupsCommand({ TargetGroupArns: [idOf(ids, 'BalancerHttpWebGroup')] }))).TargetGroups!;
    assert.deepEqual([group!.Port, group!.TargetType, group!.HealthCheckPath], [8080, 'instance', '/health']);
    assert.deepEqual(await targets(ids), [`${web.InstanceId}:8080`]);
  });

  it('finds a freshly deployed CDK stack in sync, with its CDKMetadata not checked, as AWS reports it', async () => {
    const { StackDriftDetectionId } = await cloudFormation.send(new DetectStackDriftCommand({ StackName: 'CdkWeb' }));
    let status;
    for (let attempt = 0; attempt < 100; attempt++) {
      status = await cloudFormation.send(new DescribeStackDriftDetectionStatusCommand({ StackDriftDetectionId }));
      if (status.DetectionStatus !== 'DETECTION_IN_PROGRESS') break;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const drifts = (await cloudFormation.send(new DescribeStackResourceDriftsCommand({ StackName: 'CdkWeb' }))).StackResourceDrifts!;
    const drifted = drifts.filter((drift) => drift.StackResourceDriftStatus !== 'IN_SYNC' && drift.StackResourceDriftStatus !== 'NOT_CHECKED');
    assert.equal(status?.StackDriftStatus, 'IN_SYNC', JSON.stringify(drifted.map((drift) => [drift.ResourceType, drift.PropertyDifferences])));
    const metadata = drifts.find((drift) => drift.ResourceType === 'AWS::CDK::Metadata');
    assert.equal(metadata?.StackResourceDriftStatus, 'NOT_CHECKED');
  });

  it('updates in place when the app adds an ingress rule and changes the instance type', async () => {
    const before = await physicalIds();
    await cloudFormation.send(new UpdateStackCommand({ StackName: 'CdkWeb', TemplateBody: synthesizeCdkWeb({ https: true, instanceType: 't3.small' }) }));
    await waitUntilStackUpdateComplete(waiter(cloudFormation), { StackName: 'CdkWeb' });
    assert.equal((await cloudFormation.send(new DescribeStacksCommand({ StackName: 'CdkWeb' }))).Stacks![0]!.StackStatus, 'UPDATE_COMPLETE');
    const after = await physicalIds();
    assert.deepEqual(after, before, 'nothing was replaced');
    const web = await instance(after['Web']!);
    assert.deepEqual([web.InstanceType, web.State!.Name], ['t3.small', 'running']);
    assert.deepEqual(await ingress(idOf(after, 'WebGroup')), ['tcp 22 10.40.0.0/16', 'tcp 443 0.0.0.0/0', `tcp 8080 ${idOf(after, 'BalancerSecurityGroup')}`]);
  });

  it('previews moving the instance to the other subnet as a replacement, and executing it re-points the address and the target group', async () => {
    const before = await physicalIds();
    await cloudFormation.send(new CreateChangeSetCommand({
      StackName: 'CdkWeb', ChangeSetName: 'move-web', TemplateBody: synthesizeCdkWeb({ https: true, instanceType: 't3.small', subnetIndex: 1 }),
    }));
    await waitUntilChangeSetCreateComplete(waiter(cloudFormation), { StackName: 'CdkWeb', ChangeSetName: 'move-web' });
    const changes = (await cloudFormation.send(new DescribeChangeSetCommand({ StackName: 'CdkWeb', ChangeSetName: 'move-web' }))).Changes!;
    const web = changes.find((change) => change.ResourceChange!.LogicalResourceId === 'Web')!.ResourceChange!;
    assert.deepEqual([web.Action, web.Replacement, web.Details!.map((detail) => detail.Target!.Name)], ['Modify', 'True', ['SubnetId']]);

    await cloudFormation.send(new ExecuteChangeSetCommand({ StackName: 'CdkWeb', ChangeSetName: 'move-web' }));
    await waitUntilStackUpdateComplete(waiter(cloudFormation), { StackName: 'CdkWeb' });
    const after = await physicalIds();
    assert.notEqual(after['Web'], before['Web']);
    const moved = await instance(after['Web']!);
    assert.deepEqual([moved.SubnetId, moved.InstanceType, moved.State!.Name], [idOf(after, 'NetworkpublicSubnet2Subnet'), 't3.small', 'running']);
    assert.equal((await instance(before['Web']!)).State!.Name, 'terminated', 'the old instance went in cleanup');
    const address = (await ec2.send(new DescribeAddressesCommand({ PublicIps: [after['WebAddress']!] }))).Addresses![0]!;
    assert.equal(address.InstanceId, moved.InstanceId);
    assert.deepEqual(await targets(after), [`${moved.InstanceId}:8080`]);
  });

  it('deletes the stack and leaves nothing behind', async () => {
    const ids = await physicalIds();
    await cloudFormation.send(new DeleteStackCommand({ StackName: 'CdkWeb' }));
    // The instance's public address blocks detaching the gateway until the instance has terminated.
    await waitUntilStackDeleteComplete(waiter(cloudFormation), { StackName: 'CdkWeb' });
    assert.equal((await sdkError(ec2.send(new DescribeVpcsCommand({ VpcIds: [idOf(ids, 'Network')] })))).code, 'InvalidVpcID.NotFound');
    assert.equal((await instance(ids['Web']!)).State!.Name, 'terminated');
    assert.equal((await sdkError(ec2.send(new DescribeVolumesCommand({ VolumeIds: [ids['Data']!] })))).code, 'InvalidVolume.NotFound');
    assert.deepEqual((await ec2.send(new DescribeAddressesCommand({}))).Addresses, []);
    assert.deepEqual((await elbv2.send(new DescribeLoadBalancersCommand({}))).LoadBalancers, []);
    assert.deepEqual((await elbv2.send(new DescribeTargetGroupsCommand({}))).TargetGroups, []);
    const groups = (await ec2.send(new DescribeSecurityGroupsCommand({}))).SecurityGroups!;
    assert.deepEqual(groups.filter((group) => group.VpcId === idOf(ids, 'Network') || group.GroupId === idOf(ids, 'WebGroup')), []);
  });
});
