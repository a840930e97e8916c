import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  type CloudFormationClient, CreateChangeSetCommand, DescribeChangeSetCommand, DescribeStackResourcesCommand, DescribeStacksCommand,
  DescribeStackDriftDetectionStatusCommand, DetectStackDriftCommand, ExecuteChangeSetCommand, UpdateStackCommand, waitUntilStackUpdateComplete,
} from '@aws-sdk/client-cloudformation';
import { CreateSecurityGroupCommand, CreateVolumeCommand, CreateVpcCommand, DescribeSecurityGroupsCommand, type EC2Client } from '@aws-sdk/client-ec2';
import type { Gym } from '../../src/gym/gym.js';
import { startTestGym } from '../support/gym.js';
import { cloudFormationClient, settledStack, waiter } from '../support/cloudformation.js';
import { sdkClients, sdkError } from '../support/sdk.js';

type Resources = Record<string, { Type: string; DeletionPolicy?: string; Properties: Record<string, unknown> }>;

const template = (resources: Resources, extra: Record<string, unknown> = {}) => JSON.stringify({ Resources: resources, ...extra });

describe('CloudFormation resource import through the AWS SDK v3', () => {
  let gym: Gym;
  let cloudFormation: CloudFormationClient;
  let ec2: EC2Client;
  let vpcId: string;
  let groupId: string;
  let resources: Resources;
  let toImport: { ResourceType: string; LogicalResourceId: string; ResourceIdentifier: Record<string, string> }[];
  const importChangeSet = (name: string, body: string, imports = toImport) => cloudFormation.send(new CreateChangeSetCommand({
    StackName: 'adopted', ChangeSetName: name, ChangeSetType: 'IMPORT', TemplateBody: body, ResourcesToImport: imports,
  }));
  const failure = async (body: string, imports = toImport) => {
    const error = await sdkError(importChangeSet('refused', body, imports));
    assert.equal(error.code, 'ValidationError');
    return error.message;
  };
  before(async () => {
    gym = await startTestGym({ speed: 600 });
    cloudFormation = cloudFormationClient(gym.endpoint);
    ec2 = sdkClients(gym.endpoint).ec2;
    vpcId = (await ec2.send(new CreateVpcCommand({ CidrBlock: '10.40.0.0/16', TagSpecifications: [{ ResourceType: 'vpc', Tags: [{ Key: 'Name', Value: 'clicked' }] }] }))).Vpc!.VpcId!;
    groupId = (await ec2.send(new CreateSecurityGroupCommand({ GroupName: 'clicked-web', Description: 'made by hand', VpcId: vpcId }))).GroupId!;
    resources = {
      Vpc: { Type: 'AWS::EC2::VPC', DeletionPolicy: 'Retain', Properties: { CidrBlock: '10.40.0.0/16', Tags: [{ Key: 'Name', Value: 'clicked' }] } },
      Web: { Type: 'AWS::EC2::SecurityGroup', DeletionPolicy: 'Retain', Properties: { GroupName: 'clicked-web', GroupDescription: 'made by hand', VpcId: { Ref: 'Vpc' } } },
    };
    toImport = [
      { ResourceType: 'AWS::EC2::VPC', LogicalResourceId: 'Vpc', ResourceIdentifier: { VpcId: vpcId } },
      { ResourceType: 'AWS::EC2::SecurityGroup', LogicalResourceId: 'Web', ResourceIdentifier: { GroupId: groupId } },
    ];
  });
  after(async () => {
    await gym.stop();
  });

  it('refuses an import the way CloudFormation words it', async () => {
    const { DeletionPolicy: _policy, ...unretained } = resources['Web']!;
    assert.equal(await failure(template({ ...resources, Web: unretained })), 'The following resources to import [Web] must have DeletionPolicy attribute specified in the template.');
    assert.equal(await failure(template({ Vpc: resources['Vpc']! })), 'The logical resource ids [Web] provided in ResourceToImport do not exist in the template.');
    const extra = { ...resources, Spare: { Type: 'AWS::EC2::SecurityGroup', Properties: { GroupDescription: 'new', VpcId: { Ref: 'Vpc' } } } };
    assert.equal(
      await failure(template(extra)),
      'You have modified resources [Spare] in your template that are not being imported. Update, create or delete operations cannot be executed during import operations.',
    );
    assert.equal(await failure(template(resources, { Outputs: { VpcId: { Value: { Ref: 'Vpc' } } } })), 'As part of the import operation, you cannot modify or add [Outputs]');
    const route = { Route: { Type: 'AWS::EC2::Route', DeletionPolicy: 'Retain', Properties: { RouteTableId: 'rtb-1', DestinationCidrBlock: '0.0.0.0/0', GatewayId: 'igw-1' } } };
    assert.equal(
      await failure(template(route), [{ ResourceType: 'AWS::EC2::Route', LogicalResourceId: 'Route', ResourceIdentifier: { Id: 'r-1' } }]),
      'The following resource types are not supported for resource import: AWS::EC2::Route',
    );
  });

  it('adopts existing resources into a new stack, which later updates manage', async () => {
    await importChangeSet('adopt', template(resources));
    const changeSet = await cloudFormation.send(new DescribeChangeSetCommand({ StackName: 'adopted', ChangeSetName: 'adopt' }));
    assert.equal(changeSet.Status, 'CREATE_COMPLETE');
    assert.deepEqual(changeSet.Changes!.map((change) => [change.ResourceChange!.Action, change.ResourceChange!.LogicalResourceId, change.ResourceChange!.PhysicalResourceId]), [
      ['Import', 'Vpc', vpcId], ['Import', 'Web', groupId],
    ]);
    await cloudFormation.send(new ExecuteChangeSetCommand({ StackName: 'adopted', ChangeSetName: 'adopt' }));
    assert.equal((await settledStack(cloudFormation, 'adopted')).StackStatus, 'IMPORT_COMPLETE');
    const stackResources = (await cloudFormation.send(new DescribeStackResourcesCommand({ StackName: 'adopted' }))).StackResources!;
    assert.deepEqual(stackResources.map((resource) => [resource.LogicalResourceId, resource.PhysicalResourceId, resource.ResourceStatus]), [
      ['Vpc', vpcId, 'IMPORT_COMPLETE'], ['Web', groupId, 'IMPORT_COMPLETE'],
    ]);
    const { StackDriftDetectionId } = await cloudFormation.send(new DetectStackDriftCommand({ StackName: 'adopted' }));
    gym.changeClock({ advanceSeconds: 5 });
    const drift = await cloudFormation.send(new DescribeStackDriftDetectionStatusCommand({ StackDriftDetectionId }));
    assert.deepEqual([drift.DetectionStatus, drift.StackDriftStatus], ['DETECTION_COMPLETE', 'IN_SYNC'], 'what was imported matches its template');

    const owned = await sdkError(cloudFormation.send(new CreateChangeSetCommand({
      StackName: 'other', ChangeSetName: 'steal', ChangeSetType: 'IMPORT', TemplateBody: template({ Vpc: resources['Vpc']! }), ResourcesToImport: [toImport[0]!],
    })));
    assert.deepEqual([owned.code, owned.message], ['ValidationError', `Resource Vpc with identifier {VpcId=${vpcId}} already belongs to stack adopted; a resource can be managed by one stack only`]);

    const opened = structuredClone(resources);
    opened['Web']!.Properties['SecurityGroupIngress'] = [{ IpProtocol: 'tcp', FromPort: 443, ToPort: 443, CidrIp: '0.0.0.0/0' }];
    await cloudFormation.send(new UpdateStackCommand({ StackName: 'adopted', TemplateBody: template(opened) }));
    await waitUntilStackUpdateComplete(waiter(cloudFormation), { StackName: 'adopted' });
    const group = (await ec2.send(new DescribeSecurityGroupsCommand({ GroupIds: [groupId] }))).SecurityGroups![0]!;
    assert.deepEqual(group.IpPermissions!.map((permission) => [permission.FromPort, permission.IpRanges![0]!.CidrIp]), [[443, '0.0.0.0/0']], 'the update changed the adopted group in place');
    resources = opened;
  });

  it('adds an existing volume to a stack that has resources, and fails a change set naming one that does not exist', async () => {
    const volumeId = (await ec2.send(new CreateVolumeCommand({ AvailabilityZone: 'us-east-1a', Size: 10 }))).VolumeId!;
    const withData = { ...resources, Data: { Type: 'AWS::EC2::Volume', DeletionPolicy: 'Retain', Properties: { AvailabilityZone: 'us-east-1a', Size: 10 } } };
    const dataImport = [{ ResourceType: 'AWS::EC2::Volume', LogicalResourceId: 'Data', ResourceIdentifier: { VolumeId: volumeId } }];

    await importChangeSet('missing', template(withData), [{ ...dataImport[0]!, ResourceIdentifier: { VolumeId: 'vol-0123456789abcdef0' } }]);
    const missing = await cloudFormation.send(new DescribeChangeSetCommand({ StackName: 'adopted', ChangeSetName: 'missing' }));
    assert.deepEqual([missing.Status, missing.ExecutionStatus], ['FAILED', 'UNAVAILABLE']);
    assert.equal(missing.StatusReason, 'Import of Data failed: AWS::EC2::Volume with identifier {VolumeId=vol-0123456789abcdef0} does not exist');

    await importChangeSet('data', template(withData), dataImport);
    await cloudFormation.send(new ExecuteChangeSetCommand({ StackName: 'adopted', ChangeSetName: 'data' }));
    const stack = (await cloudFormation.send(new DescribeStacksCommand({ StackName: 'adopted' }))).Stacks![0]!;
    assert.equal(stack.StackStatus, 'IMPORT_COMPLETE');
    const stackResources = (await cloudFormation.send(new DescribeStackResourcesCommand({ StackName: 'adopted' }))).StackResources!;
    assert.deepEqual(stackResources.map((resource) => [resource.LogicalResourceId, resource.ResourceStatus]), [
      ['Vpc', 'IMPORT_COMPLETE'], ['Web', 'UPDATE_COMPLETE'], ['Data', 'IMPORT_COMPLETE'],
    ]);
    assert.equal(stackResources.find((resource) => resource.LogicalResourceId === 'Data')!.PhysicalResourceId, volumeId);
  });
});
