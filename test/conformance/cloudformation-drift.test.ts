import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  type CloudFormationClient, CreateStackCommand, DescribeStackDriftDetectionStatusCommand, DescribeStackResourceDriftsCommand,
  DescribeStackResourcesCommand, DescribeStacksCommand, DetectStackDriftCommand, DetectStackResourceDriftCommand, waitUntilStackCreateComplete,
} from '@aws-sdk/client-cloudformation';
import {
  AuthorizeSecurityGroupIngressCommand, CreateTagsCommand, DeleteSecurityGroupCommand, DetachVolumeCommand, type EC2Client,
  ModifyInstanceAttributeCommand, StartInstancesCommand, StopInstancesCommand, waitUntilInstanceStopped, waitUntilVolumeAvailable,
} from '@aws-sdk/client-ec2';
import type { Gym } from '../../src/gym/gym.js';
import { startTestGym } from '../support/gym.js';
import { cloudFormationClient, waiter, webParameters } from '../support/cloudformation.js';
import { sdkClients, sdkError } from '../support/sdk.js';
import { AWS_CLI_INSTALL, awsJson, findAwsCli } from '../support/aws-cli.js';
import { requireTool } from '../support/external-tool.js';

/** A web tier with a data volume attached and a spare group: every kind of drift has something to hit. */
const driftTemplate = JSON.stringify({
  Parameters: { ImageId: { Type: 'String' } },
  Resources: {
    Vpc: { Type: 'AWS::EC2::VPC', Properties: { CidrBlock: '10.30.0.0/16', Tags: [{ Key: 'Name', Value: 'drift-web' }] } },
    Subnet: { Type: 'AWS::EC2::Subnet', Properties: { VpcId: { Ref: 'Vpc' }, CidrBlock: '10.30.1.0/24', AvailabilityZone: { 'Fn::Select': [0, { 'Fn::GetAZs': '' }] } } },
    WebGroup: {
      Type: 'AWS::EC2::SecurityGroup',
      Properties: { GroupDescription: 'web', VpcId: { Ref: 'Vpc' }, SecurityGroupIngress: [{ IpProtocol: 'tcp', FromPort: 80, ToPort: 80, CidrIp: '0.0.0.0/0' }] },
    },
    Spare: { Type: 'AWS::EC2::SecurityGroup', Properties: { GroupDescription: 'spare', VpcId: { Ref: 'Vpc' } } },
    Web: { Type: 'AWS::EC2::Instance', Properties: { ImageId: { Ref: 'ImageId' }, InstanceType: 't3.micro', SubnetId: { Ref: 'Subnet' }, SecurityGroupIds: [{ Ref: 'WebGroup' }] } },
    Data: { Type: 'AWS::EC2::Volume', Properties: { Size: 8, AvailabilityZone: { 'Fn::GetAtt': ['Subnet', 'AvailabilityZone'] } } },
    Attach: { Type: 'AWS::EC2::VolumeAttachment', Properties: { InstanceId: { Ref: 'Web' }, VolumeId: { Ref: 'Data' }, Device: '/dev/sdf' } },
  },
});

describe('CloudFormation drift detection through the AWS SDK v3 and the AWS CLI', () => {
  let gym: Gym;
  let cloudFormation: CloudFormationClient;
  let ec2: EC2Client;
  let ids: Record<string, string>;
  const detect = async (stack: string) => {
    const { StackDriftDetectionId } = await cloudFormation.send(new DetectStackDriftCommand({ StackName: stack }));
    for (let attempt = 0; attempt < 100; attempt++) {
      const status = await cloudFormation.send(new DescribeStackDriftDetectionStatusCommand({ StackDriftDetectionId }));
      if (status.DetectionStatus !== 'DETECTION_IN_PROGRESS') return status;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    throw new Error('drift detection did not finish');
  };
  before(async () => {
    gym = await startTestGym({ speed: 600 });
    cloudFormation = cloudFormationClient(gym.endpoint);
    ec2 = sdkClients(gym.endpoint).ec2;
    await cloudFormation.send(new CreateStackCommand({ StackName: 'drift', TemplateBody: driftTemplate, Parameters: await webParameters(ec2) }));
    await waitUntilStackCreateComplete(waiter(cloudFormation), { StackName: 'drift' });
    const resources = (await cloudFormation.send(new DescribeStackResourcesCommand({ StackName: 'drift' }))).StackResources!;
    ids = Object.fromEntries(resources.map((resource) => [resource.LogicalResourceId!, resource.PhysicalResourceId!]));
  });
  after(async () => {
    await gym.stop();
  });

  it('reports an untouched stack IN_SYNC, detecting on the gym clock', async () => {
    const stackBefore = (await cloudFormation.send(new DescribeStacksCommand({ StackName: 'drift' }))).Stacks![0]!;
    assert.equal(stackBefore.DriftInformation!.StackDriftStatus, 'NOT_CHECKED');
    gym.changeClock({ freeze: true });
    const { StackDriftDetectionId } = await cloudFormation.send(new DetectStackDriftCommand({ StackName: 'drift' }));
    const running = await cloudFormation.send(new DescribeStackDriftDetectionStatusCommand({ StackDriftDetectionId }));
    assert.equal(running.DetectionStatus, 'DETECTION_IN_PROGRESS');
    gym.changeClock({ advanceSeconds: 5, freeze: false });
    const done = await cloudFormation.send(new DescribeStackDriftDetectionStatusCommand({ StackDriftDetectionId }));
    assert.deepEqual([done.DetectionStatus, done.StackDriftStatus, done.DriftedStackResourceCount], ['DETECTION_COMPLETE', 'IN_SYNC', 0]);
    const drifts = (await cloudFormation.send(new DescribeStackResourceDriftsCommand({ StackName: 'drift' }))).StackResourceDrifts!;
    assert.deepEqual(drifts.map((drift) => `${drift.LogicalResourceId} ${drift.StackResourceDriftStatus}`).sort(), [
      'Attach IN_SYNC', 'Data IN_SYNC', 'Spare IN_SYNC', 'Subnet IN_SYNC', 'Vpc IN_SYNC', 'Web IN_SYNC', 'WebGroup IN_SYNC',
    ]);
    const web = drifts.find((drift) => drift.LogicalResourceId === 'Web')!;
    assert.equal(JSON.parse(web.ExpectedProperties!).InstanceType, 't3.micro');
    assert.deepEqual(JSON.parse(web.ActualProperties!), JSON.parse(web.ExpectedProperties!), 'only the properties the template sets are reported');
    const stack = (await cloudFormation.send(new DescribeStacksCommand({ StackName: 'drift' }))).Stacks![0]!;
    assert.equal(stack.DriftInformation!.StackDriftStatus, 'IN_SYNC');
    assert.ok(stack.DriftInformation!.LastCheckTimestamp instanceof Date);
  });

  it('finds a port opened, an instance resized, a volume detached, a group deleted and a tag changed behind its back', async (context) => {
    await ec2.send(new AuthorizeSecurityGroupIngressCommand({ GroupId: ids['WebGroup'], IpPermissions: [{ IpProtocol: 'tcp', FromPort: 22, ToPort: 22, IpRanges: [{ CidrIp: '0.0.0.0/0' }] }] }));
    await ec2.send(new StopInstancesCommand({ InstanceIds: [ids['Web']!] }));
    await waitUntilInstanceStopped({ client: ec2, maxWaitTime: 30, minDelay: 1, maxDelay: 1 }, { InstanceIds: [ids['Web']!] });
    await ec2.send(new ModifyInstanceAttributeCommand({ InstanceId: ids['Web'], InstanceType: { Value: 't3.small' } }));
    await ec2.send(new StartInstancesCommand({ InstanceIds: [ids['Web']!] }));
    await ec2.send(new DetachVolumeCommand({ VolumeId: ids['Data'] }));
    await waitUntilVolumeAvailable({ client: ec2, maxWaitTime: 30, minDelay: 1, maxDelay: 1 }, { VolumeIds: [ids['Data']!] });
    await ec2.send(new DeleteSecurityGroupCommand({ GroupId: ids['Spare'] }));
    await ec2.send(new CreateTagsCommand({ Resources: [ids['Vpc']!], Tags: [{ Key: 'Name', Value: 'renamed' }] }));

    const status = await detect('drift');
    assert.deepEqual([status.StackDriftStatus, status.DriftedStackResourceCount], ['DRIFTED', 5]);
    const drifts = (await cloudFormation.send(new DescribeStackResourceDriftsCommand({ StackName: 'drift', StackResourceDriftStatusFilters: ['MODIFIED', 'DELETED'] }))).StackResourceDrifts!;
    const found = Object.fromEntries(drifts.map((drift) => [drift.LogicalResourceId!, [drift.StackResourceDriftStatus, drift.PropertyDifferences]]));
    assert.deepEqual(found, {
      Vpc: ['MODIFIED', [{ PropertyPath: '/Tags/0/Value', ExpectedValue: 'drift-web', ActualValue: 'renamed', DifferenceType: 'NOT_EQUAL' }]],
      WebGroup: ['MODIFIED', [{
        PropertyPath: '/SecurityGroupIngress/1', ExpectedValue: 'null', ActualValue: '{"CidrIp":"0.0.0.0/0","FromPort":22,"IpProtocol":"tcp","ToPort":22}', DifferenceType: 'ADD',
      }]],
      Spare: ['DELETED', []],
      Web: ['MODIFIED', [{ PropertyPath: '/InstanceType', ExpectedValue: 't3.micro', ActualValue: 't3.small', DifferenceType: 'NOT_EQUAL' }]],
      Attach: ['DELETED', []],
    });
    const resources = (await cloudFormation.send(new DescribeStackResourcesCommand({ StackName: 'drift' }))).StackResources!;
    const resourceDrift = Object.fromEntries(resources.map((resource) => [resource.LogicalResourceId!, resource.DriftInformation!.StackResourceDriftStatus]));
    assert.deepEqual([resourceDrift['Data'], resourceDrift['Spare'], resourceDrift['Web']], ['IN_SYNC', 'DELETED', 'MODIFIED']);

    const single = (await cloudFormation.send(new DetectStackResourceDriftCommand({ StackName: 'drift', LogicalResourceId: 'Web' }))).StackResourceDrift!;
    assert.deepEqual([single.StackResourceDriftStatus, JSON.parse(single.ActualProperties!).InstanceType], ['MODIFIED', 't3.small']);
    const unknown = await sdkError(cloudFormation.send(new DetectStackResourceDriftCommand({ StackName: 'drift', LogicalResourceId: 'Nope' })));
    assert.deepEqual([unknown.code, unknown.message], ['ValidationError', 'Resource Nope does not exist for stack drift']);

    if (!requireTool(context, !!findAwsCli(), 'AWS CLI v2', AWS_CLI_INSTALL)) return;
    const { StackDriftDetectionId } = await awsJson(gym.endpoint, ['cloudformation', 'detect-stack-drift', '--stack-name', 'drift']);
    let cliStatus: any;
    for (let attempt = 0; attempt < 50 && cliStatus?.DetectionStatus !== 'DETECTION_COMPLETE'; attempt++) {
      cliStatus = await awsJson(gym.endpoint, ['cloudformation', 'describe-stack-drift-detection-status', '--stack-drift-detection-id', StackDriftDetectionId]);
    }
    assert.deepEqual([cliStatus.StackDriftStatus, cliStatus.DriftedStackResourceCount], ['DRIFTED', 5]);
    const cliDrifts = await awsJson(gym.endpoint, ['cloudformation', 'describe-stack-resource-drifts', '--stack-name', 'drift', '--stack-resource-drift-status-filters', 'DELETED']);
    assert.deepEqual(cliDrifts.StackResourceDrifts.map((drift: any) => drift.LogicalResourceId).sort(), ['Attach', 'Spare']);
    const web = await awsJson(gym.endpoint, ['cloudformation', 'detect-stack-resource-drift', '--stack-name', 'drift', '--logical-resource-id', 'Web']);
    assert.deepEqual(web.StackResourceDrift.PropertyDifferences, [{ PropertyPath: '/InstanceType', ExpectedValue: 't3.micro', ActualValue: 't3.small', DifferenceType: 'NOT_EQUAL' }]);
  });
});
