import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  type CloudFormationClient, CreateChangeSetCommand, DeleteChangeSetCommand, DescribeChangeSetCommand, DescribeStackResourcesCommand,
  DescribeStacksCommand, ExecuteChangeSetCommand, ListChangeSetsCommand, waitUntilChangeSetCreateComplete, waitUntilStackCreateComplete,
  waitUntilStackUpdateComplete,
} from '@aws-sdk/client-cloudformation';
import { DescribeInstancesCommand } from '@aws-sdk/client-ec2';
import type { Gym } from '../../src/gym/gym.js';
import { startTestGym } from '../support/gym.js';
import { cloudFormationClient, waiter, webParameters, webTemplate } from '../support/cloudformation.js';
import { sdkClients, sdkError } from '../support/sdk.js';
import { AWS_CLI_INSTALL, awsCli, awsJson, findAwsCli } from '../support/aws-cli.js';
import { requireTool } from '../support/external-tool.js';

describe('CloudFormation change sets through the AWS SDK v3 and the AWS CLI', () => {
  let gym: Gym;
  let cloudFormation: CloudFormationClient;
  let parameters: { ParameterKey: string; ParameterValue: string }[];
  let folder: string;
  before(async () => {
    gym = await startTestGym({ speed: 600 });
    cloudFormation = cloudFormationClient(gym.endpoint);
    parameters = await webParameters(sdkClients(gym.endpoint).ec2);
    folder = mkdtempSync(join(tmpdir(), 'cirro-cfn-'));
  });
  after(async () => {
    await gym.stop();
    rmSync(folder, { recursive: true, force: true });
  });

  it('creates a stack through a CREATE change set, then previews and executes an update with its replacements', async () => {
    const created = await cloudFormation.send(new CreateChangeSetCommand({ StackName: 'shop', ChangeSetName: 'first', ChangeSetType: 'CREATE', TemplateBody: webTemplate(), Parameters: parameters }));
    assert.match(created.Id!, /^arn:aws:cloudformation:us-east-1:123456789012:changeSet\/first\/[0-9a-f-]{36}$/);
    await waitUntilChangeSetCreateComplete(waiter(cloudFormation), { StackName: 'shop', ChangeSetName: 'first' });
    assert.equal((await cloudFormation.send(new DescribeStacksCommand({ StackName: 'shop' }))).Stacks![0]!.StackStatus, 'REVIEW_IN_PROGRESS');
    const first = await cloudFormation.send(new DescribeChangeSetCommand({ StackName: 'shop', ChangeSetName: 'first' }));
    assert.deepEqual(first.Changes!.map((change) => [change.ResourceChange!.Action, change.ResourceChange!.LogicalResourceId]).sort(), [['Add', 'Subnet'], ['Add', 'Vpc'], ['Add', 'Web'], ['Add', 'WebGroup']]);
    await cloudFormation.send(new ExecuteChangeSetCommand({ StackName: 'shop', ChangeSetName: 'first' }));
    await waitUntilStackCreateComplete(waiter(cloudFormation), { StackName: 'shop' });
    assert.equal((await cloudFormation.send(new DescribeChangeSetCommand({ ChangeSetName: created.Id }))).ExecutionStatus, 'EXECUTE_COMPLETE');

    const missing = await sdkError(cloudFormation.send(new CreateChangeSetCommand({ StackName: 'nowhere', ChangeSetName: 'x', TemplateBody: webTemplate(), Parameters: parameters })));
    assert.deepEqual([missing.code, missing.message], ['ValidationError', 'Stack [nowhere] does not exist']);

    const resources = Object.fromEntries((await cloudFormation.send(new DescribeStackResourcesCommand({ StackName: 'shop' }))).StackResources!.map((resource) => [resource.LogicalResourceId!, resource.PhysicalResourceId!]));
    await cloudFormation.send(new CreateChangeSetCommand({ StackName: 'shop', ChangeSetName: 'regroup', TemplateBody: webTemplate('web and admin', 't3.large'), Parameters: parameters }));
    const update = await cloudFormation.send(new DescribeChangeSetCommand({ StackName: 'shop', ChangeSetName: 'regroup' }));
    assert.equal(update.Status, 'CREATE_COMPLETE');
    assert.equal(update.ExecutionStatus, 'AVAILABLE');
    const byId = Object.fromEntries(update.Changes!.map((change) => [change.ResourceChange!.LogicalResourceId, change.ResourceChange!]));
    assert.deepEqual(Object.keys(byId).sort(), ['Web', 'WebGroup']);
    assert.deepEqual([byId['WebGroup']!.Action, byId['WebGroup']!.Replacement, byId['WebGroup']!.PhysicalResourceId], ['Modify', 'True', resources['WebGroup']]);
    assert.deepEqual(byId['WebGroup']!.Details, [{ Target: { Attribute: 'Properties', Name: 'GroupDescription', RequiresRecreation: 'Always' }, Evaluation: 'Static', ChangeSource: 'DirectModification' }]);
    assert.equal(byId['Web']!.Replacement, 'False', 'a type change and a new group id stop the instance but keep it');
    assert.deepEqual(byId['Web']!.Details!.map((detail: { Target?: { Name?: string }; ChangeSource?: string }) => [detail.Target!.Name, detail.ChangeSource]).sort(), [['InstanceType', 'DirectModification'], ['SecurityGroupIds', 'ResourceReference']]);
    assert.deepEqual(byId['Web']!.Scope, ['Properties']);
    const listed = (await cloudFormation.send(new ListChangeSetsCommand({ StackName: 'shop' }))).Summaries!;
    assert.deepEqual(listed.map((summary) => [summary.ChangeSetName, summary.ExecutionStatus]), [['first', 'EXECUTE_COMPLETE'], ['regroup', 'AVAILABLE']]);

    await cloudFormation.send(new ExecuteChangeSetCommand({ StackName: 'shop', ChangeSetName: 'regroup' }));
    await waitUntilStackUpdateComplete(waiter(cloudFormation), { StackName: 'shop' });
    const instance = (await sdkClients(gym.endpoint).ec2.send(new DescribeInstancesCommand({ InstanceIds: [resources['Web']!] }))).Reservations![0]!.Instances![0]!;
    assert.equal(instance.InstanceType, 't3.large');
    assert.notEqual(instance.SecurityGroups![0]!.GroupId, resources['WebGroup']);

    await cloudFormation.send(new CreateChangeSetCommand({ StackName: 'shop', ChangeSetName: 'same', TemplateBody: webTemplate('web and admin', 't3.large'), Parameters: parameters }));
    const same = await cloudFormation.send(new DescribeChangeSetCommand({ StackName: 'shop', ChangeSetName: 'same' }));
    assert.deepEqual([same.Status, same.StatusReason], ['FAILED', "The submitted information didn't contain changes. Submit different information to create a change set."]);
    const refused = await sdkError(cloudFormation.send(new ExecuteChangeSetCommand({ StackName: 'shop', ChangeSetName: 'same' })));
    assert.equal(refused.code, 'InvalidChangeSetStatusException');
    await cloudFormation.send(new DeleteChangeSetCommand({ StackName: 'shop', ChangeSetName: 'same' }));
    const deleted = await sdkError(cloudFormation.send(new DescribeChangeSetCommand({ StackName: 'shop', ChangeSetName: 'same' })));
    assert.equal(deleted.code, 'ChangeSetNotFoundException');
  });

  it('deploys and updates a stack with `aws cloudformation deploy`, and shows Replacement with create-change-set', async (context) => {
    if (!requireTool(context, !!findAwsCli(), 'AWS CLI v2', AWS_CLI_INSTALL)) return;
    const template = join(folder, 'web.json');
    const imageId = parameters[0]!.ParameterValue;
    writeFileSync(template, webTemplate());
    const created = await awsCli(gym.endpoint, ['cloudformation', 'deploy', '--stack-name', 'cli-web', '--template-file', template, '--parameter-overrides', `ImageId=${imageId}`]);
    assert.equal(created.status, 0, created.stderr);
    assert.match(created.stdout, /Successfully created\/updated stack - cli-web/);
    const stack = await awsJson(gym.endpoint, ['cloudformation', 'describe-stacks', '--stack-name', 'cli-web']);
    assert.equal(stack.Stacks[0].StackStatus, 'CREATE_COMPLETE');

    writeFileSync(template, webTemplate('web traffic', 't3.small'));
    const updated = await awsCli(gym.endpoint, ['cloudformation', 'deploy', '--stack-name', 'cli-web', '--template-file', template]);
    assert.equal(updated.status, 0, updated.stderr);
    const after = await awsJson(gym.endpoint, ['cloudformation', 'describe-stacks', '--stack-name', 'cli-web']);
    assert.equal(after.Stacks[0].StackStatus, 'UPDATE_COMPLETE');
    assert.deepEqual(after.Stacks[0].Parameters, [{ ParameterKey: 'ImageId', ParameterValue: imageId }], 'deploy kept the previous parameter value');
    const unchanged = await awsCli(gym.endpoint, ['cloudformation', 'deploy', '--stack-name', 'cli-web', '--template-file', template]);
    assert.equal(unchanged.status, 0, unchanged.stderr);
    assert.match(unchanged.stdout + unchanged.stderr, /No changes to deploy/);

    writeFileSync(template, webTemplate('web behind a proxy', 't3.small'));
    const changeSet = await awsJson(gym.endpoint, ['cloudformation', 'create-change-set', '--stack-name', 'cli-web', '--change-set-name', 'proxy', '--template-body', `file://${template}`, '--parameters', 'ParameterKey=ImageId,UsePreviousValue=true']);
    assert.match(changeSet.Id, /changeSet\/proxy\//);
    const described = await awsJson(gym.endpoint, ['cloudformation', 'describe-change-set', '--stack-name', 'cli-web', '--change-set-name', 'proxy']);
    const group = described.Changes.find((change: any) => change.ResourceChange.LogicalResourceId === 'WebGroup').ResourceChange;
    assert.deepEqual([group.Action, group.Replacement], ['Modify', 'True']);
  });
});
