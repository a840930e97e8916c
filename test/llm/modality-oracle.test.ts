import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { DescribeSecurityGroupsCommand, DescribeVolumesCommand } from '@aws-sdk/client-ec2';
import { runModalityAgent } from '../../src/agent/llm/modality/run-modality-agent.js';
import type { AgentModality } from '../../src/agent/llm/modality/modality-tools.js';
import { createModalityOracle } from '../../src/agent/llm/modality/testing/oracle.js';
import type { MockProviderServer } from '../../src/agent/llm/testing/mock-provider-server.js';
import { AWS_CLI_INSTALL, findAwsCli } from '../support/aws-cli.js';
import { requireTool } from '../support/external-tool.js';
import { startGatewayRig, type GatewayRig } from '../support/gateway.js';
import { TEST_CREDENTIALS, TEST_REGION } from '../support/gym.js';
import { liveInstances, scriptedModel } from './modality-world.js';

/*
 * The oracle (a competent agent, scripted from the embedded brain's plan) drives each modality agent
 * through the mock provider server, the gateway and the gym; the cloud shows the request done.
 */

describe('the modality oracle plays a competent agent', () => {
  let rig: GatewayRig;
  const servers: MockProviderServer[] = [];
  before(async () => {
    rig = await startGatewayRig();
  });
  after(async () => {
    await Promise.all(servers.map((server) => server.close()));
    await rig.close();
  });

  let agents = 0;
  async function play(modality: AgentModality, request: string, stackName?: string) {
    const oracle = await createModalityOracle({ request, modality, endpoint: rig.gym.endpoint, credentials: TEST_CREDENTIALS, region: TEST_REGION, ...(stackName ? { stackName } : {}) });
    assert.ok(oracle.plan, `the oracle planned "${request}": ${oracle.note}`);
    const { server, model } = await scriptedModel('openai', (received) => oracle.reply(received));
    servers.push(server);
    const credentials = await rig.gateway.issueCredentials({ agent: `oracle-${++agents}`, role: 'operator' });
    const result = await runModalityAgent({ model, modality, request, endpoint: rig.gateway.endpoint, credentials, region: TEST_REGION, audit: rig.audit, awsCli: findAwsCli(), deployTiming: { pollMs: 100, timeoutMs: 60_000 } });
    return { result, oracle };
  }

  it('CLI: launches three instances one command at a time, waits for them, and finishes', async (context) => {
    if (!requireTool(context, !!findAwsCli(), 'AWS CLI v2', AWS_CLI_INSTALL)) return;
    const { result, oracle } = await play('cli', 'launch three VMs named web-1, web-2 and web-3 in the same network');
    assert.equal(result.outcome, 'done', result.reason);
    assert.match(result.answer ?? '', /^Done: /);
    assert.ok(result.steps >= oracle.plan!.steps.length, `one command per step at least (${result.steps} steps for ${oracle.plan!.steps.length})`);
    const web = (await liveInstances(rig)).filter((instance) => /^web-[123]$/.test(instance.Tags?.find((tag) => tag.Key === 'Name')?.Value ?? ''));
    assert.equal(web.length, 3);
    assert.ok(web.every((instance) => instance.State?.Name === 'running'), 'the oracle waited until they run');
    assert.equal(new Set(web.map((instance) => instance.SubnetId)).size, 1, 'in one network');
  });

  it('SDK: one rendered program creates the volume', async () => {
    const { result } = await play('sdk', 'create a 20 GiB gp3 volume named data-1');
    assert.equal(result.outcome, 'done', result.reason);
    assert.equal(result.steps, 1);
    const volumes = (await rig.direct.ec2.send(new DescribeVolumesCommand({ Filters: [{ Name: 'tag:Name', Values: ['data-1'] }] }))).Volumes!;
    assert.equal(volumes.length, 1);
    assert.equal(volumes[0]!.Size, 20);
    assert.equal(volumes[0]!.VolumeType, 'gp3');
  });

  it('IaC: the plan becomes a template and one deploy creates the security group with its rules', async () => {
    const { result } = await play('iac', 'create a security group web-sg that allows HTTP and HTTPS from anywhere', 'web-sg-stack');
    assert.equal(result.outcome, 'done', result.reason);
    assert.equal(result.steps, 1);
    const group = (await rig.direct.ec2.send(new DescribeSecurityGroupsCommand({ Filters: [{ Name: 'group-name', Values: ['web-sg'] }] }))).SecurityGroups![0];
    assert.ok(group, 'web-sg exists');
    assert.deepEqual(group.IpPermissions!.map((permission) => permission.FromPort).sort(), [443, 80]);
    assert.ok(group.Tags?.some((tag) => tag.Key === 'aws:cloudformation:stack-name' && tag.Value === 'web-sg-stack'), 'and the stack manages it');
  });

  it('CLI: a question is read and answered', async (context) => {
    if (!requireTool(context, !!findAwsCli(), 'AWS CLI v2', AWS_CLI_INSTALL)) return;
    const web1 = (await liveInstances(rig)).find((instance) => instance.Tags?.some((tag) => tag.Key === 'Name' && tag.Value === 'web-1'));
    assert.ok(web1, 'web-1 was launched by the first test');
    const { result } = await play('cli', 'what is the private IP of web-1?');
    assert.equal(result.outcome, 'done', result.reason);
    assert.ok(result.answer?.includes(web1.PrivateIpAddress!), `the answer names ${web1.PrivateIpAddress}: ${result.answer}`);
  });
});
