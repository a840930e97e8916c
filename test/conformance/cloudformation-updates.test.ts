import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  type CloudFormationClient, CreateStackCommand, DeleteStackCommand, DescribeStackEventsCommand, DescribeStackResourcesCommand,
  DescribeStacksCommand, UpdateStackCommand, waitUntilStackCreateComplete, waitUntilStackDeleteComplete, waitUntilStackUpdateComplete,
} from '@aws-sdk/client-cloudformation';
import { DescribeInstancesCommand, DescribeSecurityGroupsCommand, DescribeSubnetsCommand, DescribeVpcsCommand, type EC2Client } from '@aws-sdk/client-ec2';
import type { Gym } from '../../src/gym/gym.js';
import { startTestGym } from '../support/gym.js';
import { cloudFormationClient, settledStack, waiter, webParameters, webTemplate } from '../support/cloudformation.js';
import { sdkClients, sdkError } from '../support/sdk.js';

describe('CloudFormation stack updates, exports and deletion policies through the AWS SDK v3', () => {
  let gym: Gym;
  let cloudFormation: CloudFormationClient;
  let ec2: EC2Client;
  let parameters: { ParameterKey: string; ParameterValue: string }[];
  const physicalIds = async (stack: string) => Object.fromEntries(
    (await cloudFormation.send(new DescribeStackResourcesCommand({ StackName: stack }))).StackResources!.map((resource) => [resource.LogicalResourceId!, resource.PhysicalResourceId!]),
  );
  before(async () => {
    gym = await startTestGym({ speed: 600 });
    cloudFormation = cloudFormationClient(gym.endpoint);
    ec2 = sdkClients(gym.endpoint).ec2;
    parameters = await webParameters(ec2);
    await cloudFormation.send(new CreateStackCommand({ StackName: 'app', TemplateBody: webTemplate(), Parameters: parameters }));
    await waitUntilStackCreateComplete(waiter(cloudFormation), { StackName: 'app' });
  });
  after(async () => {
    await gym.stop();
  });

  it('updates in place, replaces new-first and cleans up the old copy, and says when there is nothing to do', async () => {
    const before = await physicalIds('app');
    await cloudFormation.send(new UpdateStackCommand({ StackName: 'app', TemplateBody: webTemplate('web traffic', 't3.small'), Parameters: parameters }));
    await waitUntilStackUpdateComplete(waiter(cloudFormation), { StackName: 'app' });
    const resized = await physicalIds('app');
    assert.equal(resized['Web'], before['Web'], 'an instance type change keeps the instance');
    const instance = (await ec2.send(new DescribeInstancesCommand({ InstanceIds: [resized['Web']!] }))).Reservations![0]!.Instances![0]!;
    assert.deepEqual([instance.InstanceType, instance.State!.Name], ['t3.small', 'running']);

    const same = await sdkError(cloudFormation.send(new UpdateStackCommand({ StackName: 'app', TemplateBody: webTemplate('web traffic', 't3.small'), Parameters: parameters })));
    assert.deepEqual([same.code, same.message], ['ValidationError', 'No updates are to be performed.']);

    await cloudFormation.send(new UpdateStackCommand({ StackName: 'app', TemplateBody: webTemplate('web and health checks', 't3.small'), Parameters: parameters }));
    await waitUntilStackUpdateComplete(waiter(cloudFormation), { StackName: 'app' });
    const replaced = await physicalIds('app');
    assert.notEqual(replaced['WebGroup'], before['WebGroup'], 'a new GroupDescription replaces the group');
    assert.equal(replaced['Web'], before['Web'], 'the instance moves to the new group in place');
    const moved = (await ec2.send(new DescribeInstancesCommand({ InstanceIds: [replaced['Web']!] }))).Reservations![0]!.Instances![0]!;
    assert.deepEqual(moved.SecurityGroups!.map((group) => group.GroupId), [replaced['WebGroup']]);
    const oldGroup = await sdkError(ec2.send(new DescribeSecurityGroupsCommand({ GroupIds: [before['WebGroup']!] })));
    assert.equal(oldGroup.code, 'InvalidGroup.NotFound');
    const events = (await cloudFormation.send(new DescribeStackEventsCommand({ StackName: 'app' }))).StackEvents!.reverse();
    const lastUpdate = events.findLastIndex((event) => event.LogicalResourceId === 'app' && event.ResourceStatus === 'UPDATE_IN_PROGRESS');
    const sequence = events.slice(lastUpdate).map((event) => `${event.LogicalResourceId} ${event.ResourceStatus}`);
    const position = (entry: string) => sequence.indexOf(entry);
    assert.ok(position('WebGroup UPDATE_COMPLETE') < position('Web UPDATE_IN_PROGRESS'), 'the new group exists before the instance moves');
    assert.ok(position('app UPDATE_COMPLETE_CLEANUP_IN_PROGRESS') < position('WebGroup DELETE_IN_PROGRESS'), 'the old group goes in cleanup');
    assert.equal(sequence.at(-1), 'app UPDATE_COMPLETE');
  });

  it('rolls a failing update back to the last good state', async () => {
    const before = await physicalIds('app');
    const broken = JSON.parse(webTemplate('web and health checks', 't3.small'));
    broken.Resources.Vpc.Properties.Tags = [{ Key: 'Name', Value: 'renamed' }];
    broken.Resources.Subnet.Properties.CidrBlock = '10.99.0.0/24';
    await cloudFormation.send(new UpdateStackCommand({ StackName: 'app', TemplateBody: JSON.stringify(broken), Parameters: parameters }));
    const stack = await settledStack(cloudFormation, 'app');
    assert.equal(stack.StackStatus, 'UPDATE_ROLLBACK_COMPLETE');
    assert.deepEqual(await physicalIds('app'), before);
    const vpc = (await ec2.send(new DescribeVpcsCommand({ VpcIds: [before['Vpc']!] }))).Vpcs![0]!;
    assert.equal(vpc.Tags!.find((tag) => tag.Key === 'Name')!.Value, 'cfn-web', 'the tag change was undone');
    const events = (await cloudFormation.send(new DescribeStackEventsCommand({ StackName: 'app' }))).StackEvents!;
    const failure = events.find((event) => event.LogicalResourceId === 'Subnet' && event.ResourceStatus === 'UPDATE_FAILED')!;
    assert.match(failure.ResourceStatusReason!, /10\.99\.0\.0\/24/);
    assert.ok(events.some((event) => event.LogicalResourceId === 'app' && event.ResourceStatus === 'UPDATE_ROLLBACK_IN_PROGRESS'));
    const vpcUpdates = events.filter((event) => event.LogicalResourceId === 'Vpc' && event.ResourceStatus === 'UPDATE_COMPLETE');
    assert.equal(vpcUpdates.length, 2, 'the VPC was retagged, then put back');
  });

  it('refuses to delete a stack whose export another stack imports, and keeps resources with DeletionPolicy Retain', async () => {
    const consumer = JSON.stringify({
      Resources: {
        Subnet: { Type: 'AWS::EC2::Subnet', DeletionPolicy: 'Retain', Properties: { VpcId: { 'Fn::ImportValue': 'app-vpc' }, CidrBlock: '10.20.9.0/24' } },
      },
    });
    await cloudFormation.send(new CreateStackCommand({ StackName: 'consumer', TemplateBody: consumer }));
    await waitUntilStackCreateComplete(waiter(cloudFormation), { StackName: 'consumer' });
    const refused = await sdkError(cloudFormation.send(new DeleteStackCommand({ StackName: 'app' })));
    assert.deepEqual([refused.code, refused.message], ['ValidationError', 'Export app-vpc cannot be deleted as it is in use by consumer']);

    const subnetId = (await physicalIds('consumer'))['Subnet']!;
    await cloudFormation.send(new DeleteStackCommand({ StackName: 'consumer' }));
    await waitUntilStackDeleteComplete(waiter(cloudFormation), { StackName: 'consumer' });
    const described = await ec2.send(new DescribeVpcsCommand({ Filters: [{ Name: 'tag:aws:cloudformation:stack-name', Values: ['app'] }] }));
    assert.equal(described.Vpcs!.length, 1);
    const { Subnets } = await ec2.send(new DescribeSubnetsCommand({ SubnetIds: [subnetId] }));
    assert.equal(Subnets!.length, 1, 'the retained subnet is still there');
    const stackId = (await cloudFormation.send(new DescribeStacksCommand({}))).Stacks!.find((stack) => stack.StackName === 'consumer');
    assert.equal(stackId, undefined, 'a deleted stack is not listed by DescribeStacks without its id');
  });
});
