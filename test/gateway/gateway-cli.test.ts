import { after, before, describe, it, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { CreateTagsCommand, DescribeImagesCommand, DescribeInstancesCommand, RunInstancesCommand } from '@aws-sdk/client-ec2';
import type { AgentCredentials } from '../../src/gateway/types.js';
import { GYM_CREDENTIALS } from '../../src/gateway/upstream.js';
import { AWS_CLI_INSTALL, awsCli, cliErrorCode, findAwsCli } from '../support/aws-cli.js';
import { requireTool } from '../support/external-tool.js';
import { startGatewayRig, type GatewayRig } from '../support/gateway.js';

describe('the gateway in front of a gym, called with the real AWS CLI v2', () => {
  let rig: GatewayRig;
  let operator: AgentCredentials;
  let reader: AgentCredentials;
  let image: string;

  const cli = (credentials: { accessKeyId: string; secretAccessKey: string }, args: string[]) => awsCli(rig.gateway.endpoint, args, { credentials });
  const instanceIds = async () =>
    (await rig.direct.ec2.send(new DescribeInstancesCommand({}))).Reservations!.flatMap((reservation) => reservation.Instances!.map((instance) => instance.InstanceId!));
  const launchDirect = async (tags: Record<string, string>) =>
    (await rig.direct.ec2.send(new RunInstancesCommand({
      ImageId: image, InstanceType: 't3.micro', MinCount: 1, MaxCount: 1,
      TagSpecifications: [{ ResourceType: 'instance', Tags: Object.entries(tags).map(([Key, Value]) => ({ Key, Value })) }],
    }))).Instances![0]!.InstanceId!;
  const hasCli = (context: TestContext) => requireTool(context, findAwsCli() !== undefined, 'AWS CLI v2', AWS_CLI_INSTALL);

  before(async () => {
    rig = await startGatewayRig();
    operator = await rig.gateway.issueCredentials({ agent: 'cli-operator', role: 'operator' });
    reader = await rig.gateway.issueCredentials({ agent: 'cli-reader', role: 'reader' });
    const images = await rig.direct.ec2.send(new DescribeImagesCommand({ Owners: ['amazon'], Filters: [{ Name: 'name', Values: ['al2023-ami-2023*-x86_64'] }] }));
    image = images.Images![0]!.ImageId!;
  });
  after(async () => {
    await rig.close();
  });

  it('passes reads over EC2, ELBv2 and STS', async (context) => {
    if (!hasCli(context)) return;
    const vpcs = await cli(reader, ['ec2', 'describe-vpcs']);
    assert.equal(vpcs.status, 0, vpcs.stderr);
    assert.ok(vpcs.json.Vpcs.length >= 1);
    const balancers = await cli(reader, ['elbv2', 'describe-load-balancers']);
    assert.equal(balancers.status, 0, balancers.stderr);
    const identity = await cli(reader, ['sts', 'get-caller-identity']);
    assert.equal(identity.status, 0, identity.stderr);
    assert.match(identity.json.Account, /^\d{12}$/);
  });

  it('passes an operator\'s run-instances, and the gym has the instance', async (context) => {
    if (!hasCli(context)) return;
    const run = await cli(operator, ['ec2', 'run-instances', '--image-id', image, '--instance-type', 't3.micro', '--count', '1']);
    assert.equal(run.status, 0, run.stderr);
    assert.ok((await instanceIds()).includes(run.json.Instances[0].InstanceId));
  });

  it('refuses a reader\'s run-instances with the error the CLI prints for AWS, and the gym does not change', async (context) => {
    if (!hasCli(context)) return;
    const before = await instanceIds();
    const run = await cli(reader, ['ec2', 'run-instances', '--image-id', image, '--instance-type', 't3.micro', '--count', '1']);
    assert.notEqual(run.status, 0);
    assert.equal(cliErrorCode(run), 'UnauthorizedOperation');
    assert.match(run.stderr, /when calling the RunInstances operation( \(reached max retries: 0\))?: You are not authorized to perform this operation\. role reader may not ec2:RunInstances/);
    assert.deepEqual(await instanceIds(), before);
  });

  it('refuses an operator terminating an env=prod instance', async (context) => {
    if (!hasCli(context)) return;
    const id = await launchDirect({ Name: 'db-1', env: 'prod' });
    const result = await cli(operator, ['ec2', 'terminate-instances', '--instance-ids', id]);
    assert.equal(cliErrorCode(result), 'UnauthorizedOperation');
    assert.match(result.stderr, /env=prod/);
  });

  it('refuses an unknown key and a wrong secret', async (context) => {
    if (!hasCli(context)) return;
    const stranger = await cli({ accessKeyId: 'AKIAIMADETHISUP00000', secretAccessKey: 'x'.repeat(40) }, ['ec2', 'describe-vpcs']);
    assert.equal(cliErrorCode(stranger), 'AuthFailure');
    const wrong = await cli({ ...operator, secretAccessKey: 'not-the-secret' }, ['sts', 'get-caller-identity']);
    assert.equal(cliErrorCode(wrong), 'SignatureDoesNotMatch');
  });

  it('refuses a script that does more than its plan: the declared call passes, the extra terminate does not', async (context) => {
    if (!hasCli(context)) return;
    const agent = await rig.gateway.issueCredentials({ agent: 'llm-script', role: 'operator' });
    const declared = await launchDirect({ Name: 'web-1' });
    const bystander = await launchDirect({ Name: 'web-2' });
    const unbind = await rig.gateway.bindPlan(agent.accessKeyId, {
      planId: 'plan-cli', calls: [{ service: 'ec2', operation: 'CreateTags', resourceIds: [declared] }], expiresAt: new Date(Date.now() + 600_000),
    });
    const tagged = await cli(agent, ['ec2', 'create-tags', '--resources', declared, '--tags', 'Key=team,Value=web']);
    assert.equal(tagged.status, 0, tagged.stderr);
    const extra = await cli(agent, ['ec2', 'terminate-instances', '--instance-ids', bystander]);
    assert.equal(cliErrorCode(extra), 'UnauthorizedOperation');
    assert.match(extra.stderr, /ec2:TerminateInstances is not in plan plan-cli/);
    const state = (await rig.direct.ec2.send(new DescribeInstancesCommand({ InstanceIds: [bystander] }))).Reservations![0]!.Instances![0]!.State!.Name;
    assert.match(String(state), /pending|running/);
    assert.ok(rig.audit.entries.some((entry) => entry.type === 'refusal' && entry.planId === 'plan-cli' && entry.resources?.includes(bystander)));
    await unbind();
    await rig.direct.ec2.send(new CreateTagsCommand({ Resources: [bystander], Tags: [{ Key: 'checked', Value: 'yes' }] }));
  });

  it('never passes the CLI\'s keys upstream', (context) => {
    if (!hasCli(context)) return;
    for (const request of rig.proxy.requests) {
      const seen = `${request.url}\n${JSON.stringify(request.headers)}\n${request.body}`;
      for (const agent of [operator, reader]) {
        assert.equal(seen.includes(agent.accessKeyId), false);
        assert.equal(seen.includes(agent.secretAccessKey), false);
      }
      if (request.headers['authorization']) assert.match(String(request.headers['authorization']), new RegExp(`Credential=${GYM_CREDENTIALS.accessKeyId}/`));
    }
  });
});
