import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { CloudFormationClient, CreateStackCommand, DescribeStacksCommand, DescribeStackResourcesCommand, ListChangeSetsCommand } from '@aws-sdk/client-cloudformation';
import { DescribeImagesCommand, DescribeInstancesCommand } from '@aws-sdk/client-ec2';
import type { Gym } from '../../src/gym/gym.js';
import { runPlan } from '../../src/exec/runner.js';
import { sdkTransport } from '../../src/exec/sdk-transport.js';
import type { CloudFormationTemplate } from '../../src/plan/iac/export-template.js';
import type { IacChange } from '../../src/plan/iac/iac-change.js';
import { iacPlan } from '../../src/plan/iac/iac-plan.js';
import type { Plan } from '../../src/plan/plan.js';
import { startTestGym, TEST_CREDENTIALS, TEST_REGION } from '../support/gym.js';
import { sdkClients } from '../support/sdk.js';

/**
 * The review of a change set is the safety net for a prediction Cirro gets wrong: whatever the reason
 * (a template Cirro misreads, a value resolved differently at update time), CloudFormation's own
 * Replacement flags decide. Here the change really replaces the instance (its ImageId changes) while the
 * prediction says it only changes InstanceType in place: the real change set, from the gym's
 * CloudFormation, must stop the plan before anything is executed.
 */
describe('the review check of an IaC plan, against a real change set', () => {
  let gym: Gym;
  let cloudformation: CloudFormationClient;
  let clients: ReturnType<typeof sdkClients>;
  before(async () => {
    gym = await startTestGym({ speed: 600 });
    cloudformation = new CloudFormationClient({ endpoint: gym.endpoint, region: TEST_REGION, credentials: TEST_CREDENTIALS, maxAttempts: 1 });
    clients = sdkClients(gym.endpoint);
  });
  after(async () => {
    cloudformation.destroy();
    clients.ec2.destroy();
    clients.elbv2.destroy();
    clients.sts.destroy();
    await gym.stop();
  });

  async function stackStatus(name: string): Promise<string | undefined> {
    return (await cloudformation.send(new DescribeStacksCommand({ StackName: name }))).Stacks?.[0]?.StackStatus;
  }

  it('GIVEN a change set that would replace an instance the prediction keeps WHEN the plan runs THEN the review step fails its check, the change set is deleted and the instance is untouched', async () => {
    const images = (await clients.ec2.send(new DescribeImagesCommand({ Owners: ['amazon'], Filters: [{ Name: 'architecture', Values: ['x86_64'] }] }))).Images!.map((image) => image.ImageId!);
    assert.ok(images.length >= 2, 'the gym offers two Amazon images');
    const instance = (imageId: string, type: string) => ({ Type: 'AWS::EC2::Instance', Properties: { ImageId: imageId, InstanceType: type, Tags: [{ Key: 'Name', Value: 'web-1' }] } });
    const current: CloudFormationTemplate = { AWSTemplateFormatVersion: '2010-09-09', Description: 'a user stack', Resources: { Web: instance(images[0]!, 't3.micro') } };
    await cloudformation.send(new CreateStackCommand({ StackName: 'shop', TemplateBody: JSON.stringify(current) }));
    for (let tries = 0; (await stackStatus('shop')) !== 'CREATE_COMPLETE' && tries < 100; tries++) await new Promise((resolve) => setTimeout(resolve, 50));
    const webId = (await cloudformation.send(new DescribeStackResourcesCommand({ StackName: 'shop' }))).StackResources![0]!.PhysicalResourceId!;

    const desired: CloudFormationTemplate = { ...current, Resources: { Web: instance(images[1]!, 't3.large') } };
    const wrong = [{ logicalId: 'Web', type: 'AWS::EC2::Instance', action: 'Modify' as const, replacement: 'False' as const, properties: ['InstanceType'] }];
    const change: IacChange = {
      stackName: 'shop', createsStack: false, imports: [], importTemplate: undefined, current, stackParameters: [], desired,
      phases: [{ template: desired, changes: wrong, reviewed: true, purpose: 'apply the change' }], changes: wrong, logicalIds: new Map([[webId, 'Web']]), notes: [],
    };
    const semantic: Plan = { intent: { type: 'resize', targets: { kind: 'instance', selector: { by: 'name', name: 'web-1' } }, instanceType: 't3.large' }, summary: 'change web-1 to t3.large', steps: [], advisories: [], postconditions: [] };
    const plan = iacPlan(change, semantic, 'cirro-review-test', new Map([['Web', 'web-1 (Web)']]));

    const report = await runPlan(plan, sdkTransport({ endpoint: gym.endpoint, region: TEST_REGION, credentials: TEST_CREDENTIALS }), { backoffMs: 5, pollMs: [10, 50], random: () => 0.5 });
    assert.equal(report.status, 'rolled-back');
    const review = report.steps.find((step) => step.stepId === 'change-set-1')!;
    assert.equal(review.status, 'failed');
    assert.equal(review.error?.code, 'CheckFailed');
    assert.match(review.error!.message, /CloudFormation would replace resources the plan did not declare, so nothing was executed: Web \(True\)/);
    assert.equal(report.steps.find((step) => step.stepId === 'update-1')!.status, 'not-run');
    assert.deepEqual(report.rollback?.steps.map((undo) => [undo.stepId, undo.status]), [['change-set-1', 'undone']]);
    assert.deepEqual((await cloudformation.send(new ListChangeSetsCommand({ StackName: 'shop' }))).Summaries ?? [], [], 'the change set was deleted');
    assert.equal(await stackStatus('shop'), 'CREATE_COMPLETE', 'the stack was not updated');
    const web = (await clients.ec2.send(new DescribeInstancesCommand({ InstanceIds: [webId] }))).Reservations![0]!.Instances![0]!;
    assert.deepEqual([web.State?.Name, web.ImageId, web.InstanceType], ['running', images[0], 't3.micro'], 'the instance is as it was');
  });
});
