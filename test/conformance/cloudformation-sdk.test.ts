import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  type CloudFormationClient, CreateStackCommand, DeleteStackCommand, DescribeStackEventsCommand, DescribeStackResourcesCommand,
  DescribeStacksCommand, GetTemplateCommand, ListExportsCommand, ListStacksCommand, ValidateTemplateCommand,
  waitUntilStackCreateComplete, waitUntilStackDeleteComplete, waitUntilStackUpdateComplete,
} from '@aws-sdk/client-cloudformation';
import { DescribeImagesCommand, DescribeInstancesCommand, DescribeVpcsCommand } from '@aws-sdk/client-ec2';
import type { Gym } from '../../src/gym/gym.js';
import { admin, startTestGym } from '../support/gym.js';
import { cloudFormationClient, settledStack, waiter, webTemplate } from '../support/cloudformation.js';
import { sdkClients, sdkError } from '../support/sdk.js';

describe('CloudFormation stacks through the AWS SDK v3', () => {
  let gym: Gym;
  let cloudFormation: CloudFormationClient;
  let imageId: string;
  before(async () => {
    gym = await startTestGym({ speed: 600 });
    cloudFormation = cloudFormationClient(gym.endpoint);
    const images = await sdkClients(gym.endpoint).ec2.send(new DescribeImagesCommand({ Owners: ['amazon'] }));
    imageId = images.Images!.find((image) => image.Architecture === 'x86_64')!.ImageId!;
  });
  after(async () => {
    await gym.stop();
  });

  it('creates a VPC, subnet, security group and instance to CREATE_COMPLETE, tags them, resolves outputs, and deletes them', async () => {
    const { ec2 } = sdkClients(gym.endpoint);
    const { StackId } = await cloudFormation.send(new CreateStackCommand({ StackName: 'web', TemplateBody: webTemplate(), Parameters: [{ ParameterKey: 'ImageId', ParameterValue: imageId }], Tags: [{ Key: 'team', Value: 'web' }] }));
    assert.match(StackId!, /^arn:aws:cloudformation:us-east-1:123456789012:stack\/web\/[0-9a-f-]{36}$/);
    await waitUntilStackCreateComplete(waiter(cloudFormation), { StackName: 'web' });
    const stack = (await cloudFormation.send(new DescribeStacksCommand({ StackName: 'web' }))).Stacks![0]!;
    assert.equal(stack.StackStatus, 'CREATE_COMPLETE');
    assert.equal(stack.Description, 'web tier');
    assert.deepEqual(stack.Parameters, [{ ParameterKey: 'ImageId', ParameterValue: imageId }]);
    assert.deepEqual(stack.Tags, [{ Key: 'team', Value: 'web' }]);
    const outputs = Object.fromEntries(stack.Outputs!.map((output) => [output.OutputKey, output]));
    assert.match(outputs['VpcId']!.OutputValue!, /^vpc-[0-9a-f]{17}$/);
    assert.equal(outputs['VpcId']!.ExportName, 'web-vpc');
    assert.match(outputs['WebIp']!.OutputValue!, /^10\.20\.1\.\d+$/);
    assert.deepEqual((await cloudFormation.send(new ListExportsCommand({}))).Exports!.map((item) => [item.Name, item.Value]), [['web-vpc', outputs['VpcId']!.OutputValue]]);

    const resources = (await cloudFormation.send(new DescribeStackResourcesCommand({ StackName: 'web' }))).StackResources!;
    assert.deepEqual(resources.map((resource) => [resource.LogicalResourceId, resource.ResourceStatus]).sort(), [['Subnet', 'CREATE_COMPLETE'], ['Vpc', 'CREATE_COMPLETE'], ['Web', 'CREATE_COMPLETE'], ['WebGroup', 'CREATE_COMPLETE']]);
    const instanceId = resources.find((resource) => resource.LogicalResourceId === 'Web')!.PhysicalResourceId!;
    const instance = (await ec2.send(new DescribeInstancesCommand({ InstanceIds: [instanceId] }))).Reservations![0]!.Instances![0]!;
    assert.equal(instance.State!.Name, 'running');
    const tags = Object.fromEntries(instance.Tags!.map((tag) => [tag.Key, tag.Value]));
    assert.equal(tags['aws:cloudformation:stack-name'], 'web');
    assert.equal(tags['aws:cloudformation:stack-id'], StackId);
    assert.equal(tags['aws:cloudformation:logical-id'], 'Web');

    // Events come newest first, one per status change: the stack's own CREATE_COMPLETE leads, its CREATE_IN_PROGRESS closes.
    const events = (await cloudFormation.send(new DescribeStackEventsCommand({ StackName: 'web' }))).StackEvents!;
    assert.deepEqual([events[0]!.LogicalResourceId, events[0]!.ResourceStatus], ['web', 'CREATE_COMPLETE']);
    assert.deepEqual([events.at(-1)!.LogicalResourceId, events.at(-1)!.ResourceStatus], ['web', 'CREATE_IN_PROGRESS']);
    const vpcEvents = events.filter((event) => event.LogicalResourceId === 'Vpc').map((event) => event.ResourceStatus).reverse();
    assert.deepEqual(vpcEvents, ['CREATE_IN_PROGRESS', 'CREATE_IN_PROGRESS', 'CREATE_COMPLETE']);
    const vpcDone = events.findIndex((event) => event.LogicalResourceId === 'Vpc' && event.ResourceStatus === 'CREATE_COMPLETE');
    const subnetStarted = events.findLastIndex((event) => event.LogicalResourceId === 'Subnet' && event.ResourceStatus === 'CREATE_IN_PROGRESS');
    assert.ok(subnetStarted < vpcDone, 'the subnet starts only after its VPC is complete');

    assert.equal((await cloudFormation.send(new GetTemplateCommand({ StackName: 'web' }))).TemplateBody, webTemplate());
    const again = await sdkError(cloudFormation.send(new CreateStackCommand({ StackName: 'web', TemplateBody: webTemplate(), Parameters: [{ ParameterKey: 'ImageId', ParameterValue: imageId }] })));
    assert.deepEqual([again.code, again.message], ['AlreadyExistsException', 'Stack [web] already exists']);

    await cloudFormation.send(new DeleteStackCommand({ StackName: 'web' }));
    await waitUntilStackDeleteComplete(waiter(cloudFormation), { StackName: StackId });
    const gone = await sdkError(cloudFormation.send(new DescribeStacksCommand({ StackName: 'web' })));
    assert.equal(gone.message, 'Stack with id web does not exist');
    assert.equal((await cloudFormation.send(new DescribeStacksCommand({ StackName: StackId }))).Stacks![0]!.StackStatus, 'DELETE_COMPLETE');
    const vpcs = await ec2.send(new DescribeVpcsCommand({ Filters: [{ Name: 'tag:aws:cloudformation:stack-id', Values: [StackId!] }] }));
    assert.deepEqual(vpcs.Vpcs, []);
    const terminated = (await ec2.send(new DescribeInstancesCommand({ InstanceIds: [instanceId] }))).Reservations![0]!.Instances![0]!;
    assert.match(terminated.State!.Name!, /shutting-down|terminated/);
    const listed = (await cloudFormation.send(new ListStacksCommand({ StackStatusFilter: ['DELETE_COMPLETE'] }))).StackSummaries!;
    assert.ok(listed.some((summary) => summary.StackId === StackId));
  });

  it('rejects resource types the gym cannot create and bad templates before anything runs', async () => {
    const health = await admin(gym, 'GET', '/_gym/health');
    assert.ok(health.body.services.some((service: { name: string }) => service.name === 'cloudformation'), 'the gym serves CloudFormation');
    const body = JSON.stringify({ Resources: { Queue: { Type: 'AWS::SQS::Queue' }, Topic: { Type: 'AWS::SNS::Topic' } } });
    const failure = await sdkError(cloudFormation.send(new CreateStackCommand({ StackName: 'queues', TemplateBody: body })));
    assert.deepEqual([failure.code, failure.message], ['ValidationError', 'Template format error: Unrecognized resource types: [AWS::SQS::Queue, AWS::SNS::Topic]']);
    const validated = await cloudFormation.send(new ValidateTemplateCommand({ TemplateBody: webTemplate() }));
    assert.deepEqual(validated.Parameters!.map((parameter) => parameter.ParameterKey), ['ImageId']);
    assert.equal(validated.Description, 'web tier');
  });

  it('rolls a failing create back, deleting what it made, or leaves it CREATE_FAILED when told to', async () => {
    const body = JSON.stringify({
      Resources: {
        Vpc: { Type: 'AWS::EC2::VPC', Properties: { CidrBlock: '10.30.0.0/16' } },
        Subnet: { Type: 'AWS::EC2::Subnet', Properties: { VpcId: { Ref: 'Vpc' }, CidrBlock: '10.99.0.0/24' } },
      },
    });
    await cloudFormation.send(new CreateStackCommand({ StackName: 'broken', TemplateBody: body }));
    await assert.rejects(waitUntilStackCreateComplete(waiter(cloudFormation), { StackName: 'broken' }));
    const stack = await settledStack(cloudFormation, 'broken');
    assert.equal(stack.StackStatus, 'ROLLBACK_COMPLETE');
    const events = (await cloudFormation.send(new DescribeStackEventsCommand({ StackName: 'broken' }))).StackEvents!;
    const rollback = events.find((event) => event.LogicalResourceId === 'broken' && event.ResourceStatus === 'ROLLBACK_IN_PROGRESS')!;
    assert.equal(rollback.ResourceStatusReason, 'The following resource(s) failed to create: [Subnet]. Rollback requested by user.');
    const subnetFailure = events.find((event) => event.LogicalResourceId === 'Subnet' && event.ResourceStatus === 'CREATE_FAILED')!;
    assert.match(subnetFailure.ResourceStatusReason!, /10\.99\.0\.0\/24/);
    assert.ok(events.some((event) => event.LogicalResourceId === 'Vpc' && event.ResourceStatus === 'DELETE_COMPLETE'));
    const { ec2 } = sdkClients(gym.endpoint);
    const vpcs = await ec2.send(new DescribeVpcsCommand({ Filters: [{ Name: 'cidr', Values: ['10.30.0.0/16'] }] }));
    assert.deepEqual(vpcs.Vpcs, []);

    await cloudFormation.send(new CreateStackCommand({ StackName: 'kept', TemplateBody: body, OnFailure: 'DO_NOTHING' }));
    await assert.rejects(waitUntilStackCreateComplete(waiter(cloudFormation), { StackName: 'kept' }));
    assert.equal((await cloudFormation.send(new DescribeStacksCommand({ StackName: 'kept' }))).Stacks![0]!.StackStatus, 'CREATE_FAILED');
    assert.equal((await ec2.send(new DescribeVpcsCommand({ Filters: [{ Name: 'cidr', Values: ['10.30.0.0/16'] }] }))).Vpcs!.length, 1);

    // A rolled-back stack holds nothing: deleting it deletes only the stack, with no second round of resource deletes.
    await cloudFormation.send(new DeleteStackCommand({ StackName: 'broken' }));
    await waitUntilStackDeleteComplete(waiter(cloudFormation), { StackName: stack.StackId });
    const afterDelete = (await cloudFormation.send(new DescribeStackEventsCommand({ StackName: stack.StackId }))).StackEvents!;
    assert.equal(afterDelete.filter((event) => event.LogicalResourceId === 'Vpc' && event.ResourceStatus === 'DELETE_IN_PROGRESS').length, 1);
  });
});
