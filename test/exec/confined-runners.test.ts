import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DescribeVolumesCommand } from '@aws-sdk/client-ec2';
import { runAwsCliArgv } from '../../src/exec/confined/run-aws-cli-argv.js';
import { runSdkProgram } from '../../src/exec/confined/run-sdk-program.js';
import type { ConfinedResult } from '../../src/exec/confined/types.js';
import type { AgentCredentials } from '../../src/gateway/types.js';
import { AWS_CLI_INSTALL, findAwsCli } from '../support/aws-cli.js';
import { requireTool } from '../support/external-tool.js';
import { startGatewayRig, type GatewayRig } from '../support/gateway.js';
import { TEST_REGION } from '../support/gym.js';

/*
 * The confined runners against a real gateway in front of a gym: what a model writes reaches the cloud
 * only through the gateway, with the keys it issued, and nothing else on the host.
 */

function ran(result: ConfinedResult): Extract<ConfinedResult, { kind: 'ran' }> {
  assert.equal(result.kind, 'ran', JSON.stringify(result));
  return result as Extract<ConfinedResult, { kind: 'ran' }>;
}

describe('confined runners through the gateway', () => {
  let rig: GatewayRig;
  let operator: AgentCredentials;
  let reader: AgentCredentials;
  const limits = { timeoutMs: 30_000, maxOutputBytes: 64 * 1024, region: TEST_REGION };
  before(async () => {
    rig = await startGatewayRig();
    operator = await rig.gateway.issueCredentials({ agent: 'confined-test', role: 'operator' });
    reader = await rig.gateway.issueCredentials({ agent: 'confined-reader', role: 'reader' });
  });
  after(async () => rig.close());

  it('a CLI argv runs against the gateway with the issued keys, and the gateway audits the call', async (context) => {
    if (!requireTool(context, !!findAwsCli(), 'AWS CLI v2', AWS_CLI_INSTALL)) return;
    const result = ran(await runAwsCliArgv(['aws', 'ec2', 'create-volume', '--availability-zone', 'us-east-1a', '--size', '8'], { ...limits, endpoint: rig.gateway.endpoint, credentials: operator, binary: findAwsCli()! }));
    assert.equal(result.exitCode, 0, result.stderr);
    const volumeId = JSON.parse(result.stdout).VolumeId as string;
    const volumes = await rig.direct.ec2.send(new DescribeVolumesCommand({ VolumeIds: [volumeId] }));
    assert.equal(volumes.Volumes?.[0]?.Size, 8);
    assert.ok(rig.audit.entries.some((entry) => entry.actor === 'gateway:confined-test' && entry.data['operation'] === 'CreateVolume'));
  });

  it('a pipe or redirect in the argv is a literal argument: no shell runs, no file is written', async (context) => {
    if (!requireTool(context, !!findAwsCli(), 'AWS CLI v2', AWS_CLI_INSTALL)) return;
    const target = join(mkdtempSync(join(tmpdir(), 'cirro-redirect-')), 'out');
    try {
      const result = ran(await runAwsCliArgv(['aws', 'ec2', 'describe-volumes', '>', target, '|', 'sh', '-c', `touch ${target}`], { ...limits, endpoint: rig.gateway.endpoint, credentials: operator, binary: findAwsCli()! }));
      assert.notEqual(result.exitCode, 0);
      assert.match(result.stderr, /Unknown options: .*\|, sh, -c, touch .*, >/, 'the CLI saw "|", "sh" and ">" as its own arguments');
      assert.equal(existsSync(target), false, 'nothing was written');
    } finally {
      rmSync(join(target, '..'), { recursive: true, force: true });
    }
  });

  it('a refused flag runs nothing and says why', async () => {
    const before = rig.audit.entries.length;
    const result = await runAwsCliArgv(['aws', 'ec2', 'describe-volumes', '--endpoint-url', rig.gym.endpoint], { ...limits, endpoint: rig.gateway.endpoint, credentials: operator });
    assert.deepEqual(result, { kind: 'refused', reason: '--endpoint-url is not allowed: Cirro sends every call to its gateway; leave --endpoint-url out' });
    assert.equal(rig.audit.entries.length, before, 'no call was made');
  });

  it('the CLI inherits no secrets from Cirro\'s environment', async (context) => {
    if (!requireTool(context, !!findAwsCli(), 'AWS CLI v2', AWS_CLI_INSTALL)) return;
    process.env['AWS_PROFILE'] = 'cirro-test-missing-profile';
    try {
      const result = ran(await runAwsCliArgv(['aws', 'sts', 'get-caller-identity'], { ...limits, endpoint: rig.gateway.endpoint, credentials: reader, binary: findAwsCli()! }));
      // With AWS_PROFILE inherited the CLI would fail with "The config profile ... could not be found".
      assert.equal(result.exitCode, 0, result.stderr);
    } finally {
      delete process.env['AWS_PROFILE'];
    }
  });

  it('an SDK program reaches the cloud only as its issued role: a reader\'s create is refused by the gateway', async () => {
    const count = async () => (await rig.direct.ec2.send(new DescribeVolumesCommand({}))).Volumes?.length ?? 0;
    const volumes = await count();
    const program = `
      import { EC2Client, CreateVolumeCommand, DescribeVolumesCommand } from '@aws-sdk/client-ec2';
      const ec2 = new EC2Client({});
      const seen = await ec2.send(new DescribeVolumesCommand({}));
      console.log('volumes', seen.Volumes.length);
      await ec2.send(new CreateVolumeCommand({ AvailabilityZone: 'us-east-1a', Size: 8 }));`;
    const result = ran(await runSdkProgram(program, { ...limits, endpoint: rig.gateway.endpoint, credentials: reader }));
    assert.match(result.stdout, new RegExp(`volumes ${volumes}`));
    assert.notEqual(result.exitCode, 0);
    assert.match(result.stderr, /AccessDenied|UnauthorizedOperation/);
    assert.equal(await count(), volumes, 'no volume was created');
  });
});
