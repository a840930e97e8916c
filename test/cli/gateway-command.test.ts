import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DescribeVpcsCommand, EC2Client, RunInstancesCommand } from '@aws-sdk/client-ec2';
import type { Gym } from '../../src/gym/gym.js';
import { distFolder, repositoryRoot, runCirro, spawnCirro, temporaryFolder, type CirroProcess } from '../gym/child-gym.js';
import { startTestGym, TEST_REGION } from '../support/gym.js';
import { sdkError } from '../support/sdk.js';

const home = temporaryFolder('cirro-gateway-cli-');
const running: CirroProcess[] = [];

/** Starts `cirro gateway start …` and resolves once it printed the key to use. */
async function startGatewayProcess(args: readonly string[], cirroHome: string): Promise<CirroProcess & { endpoint: string; key: { accessKeyId: string; secretAccessKey: string } }> {
  const cirro = spawnCirro(['gateway', 'start', '--port', '0', ...args], cirroHome);
  running.push(cirro);
  const found = await new Promise<RegExpExecArray>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the gateway printed no key within 15 s:\n${cirro.stdout()}${cirro.stderr()}`)), 15_000);
    const look = () => {
      const match = /export AWS_ENDPOINT_URL=(\S+) AWS_ACCESS_KEY_ID=(\S+) AWS_SECRET_ACCESS_KEY=(\S+)/.exec(cirro.stdout());
      if (match) {
        clearTimeout(timer);
        resolve(match);
      }
    };
    cirro.child.stdout!.on('data', look);
    void cirro.exited.then((run) => {
      clearTimeout(timer);
      reject(new Error(`the gateway exited (${run.code ?? run.signal}) before serving:\n${run.stdout}${run.stderr}`));
    });
  });
  return { ...cirro, endpoint: found[1]!, key: { accessKeyId: found[2]!, secretAccessKey: found[3]! } };
}

describe('cirro gateway start', () => {
  let gym: Gym;

  before(async () => {
    gym = await startTestGym();
  });
  after(async () => {
    for (const cirro of running) if (cirro.child.exitCode === null && cirro.child.signalCode === null) cirro.child.kill('SIGKILL');
    await gym.stop();
    home.cleanup();
  });

  it('prints a key that works with the SDK, registers itself privately, audits, and cleans up on SIGTERM', async () => {
    const cirroHome = join(home.path, 'main');
    const gateway = await startGatewayProcess(['--upstream', gym.endpoint, '--agent', 'tester'], cirroHome);
    assert.match(gateway.stdout(), new RegExp(`^cirro gateway: guarding the gym at ${gym.endpoint} at http://127\\.0\\.0\\.1:\\d+\\n`));
    assert.match(gateway.stdout(), /a key for agent tester in role operator:/);
    const registrationPath = join(cirroHome, 'gateway.json');
    assert.equal(statSync(registrationPath).mode & 0o777, 0o600);
    const registration = JSON.parse(readFileSync(registrationPath, 'utf8'));
    assert.deepEqual(Object.keys(registration).sort(), ['adminToken', 'endpoint', 'pid']);
    assert.equal(registration.endpoint, gateway.endpoint);
    assert.equal(registration.pid, gateway.pid);
    const ec2 = new EC2Client({ endpoint: gateway.endpoint, region: TEST_REGION, credentials: gateway.key, maxAttempts: 1 });
    assert.ok((await ec2.send(new DescribeVpcsCommand({}))).Vpcs!.length >= 1);
    const audit = readFileSync(join(cirroHome, 'audit', 'audit.jsonl'), 'utf8').trim().split('\n').map((line) => JSON.parse(line));
    assert.equal(audit.at(-1).actor, 'gateway:tester');
    assert.equal(audit.at(-1).data.operation, 'DescribeVpcs');
    const second = await runCirro(['gateway', 'start', '--upstream', gym.endpoint, '--port', '0'], cirroHome);
    assert.equal(second.code, 1);
    assert.match(second.stderr, new RegExp(`a gateway \\(pid ${gateway.pid}\\) already runs at ${gateway.endpoint}`));
    gateway.child.kill('SIGTERM');
    const run = await gateway.exited;
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /cirro gateway: SIGTERM received, stopping\n$/);
    assert.equal(existsSync(registrationPath), false);
  });

  it('takes the role from the flag, and the key is held to it', async () => {
    const gateway = await startGatewayProcess(['--upstream', gym.endpoint, '--role', 'reader'], join(home.path, 'reader'));
    const ec2 = new EC2Client({ endpoint: gateway.endpoint, region: TEST_REGION, credentials: gateway.key, maxAttempts: 1 });
    const refused = await sdkError(ec2.send(new RunInstancesCommand({ ImageId: 'ami-00000000000000001', MinCount: 1, MaxCount: 1 })));
    assert.equal(refused.code, 'UnauthorizedOperation');
    gateway.child.kill('SIGINT');
    assert.equal((await gateway.exited).code, 0);
  });

  it('explains bad flags and exits 2', async () => {
    const cases: [string[], RegExp][] = [
      [['--port', 'abc'], /--port abc is not valid: expected an integer from 0 to 65535/],
      [['--upstream', 'ftp://example.com'], /--upstream ftp:\/\/example\.com is not valid: expected an http\(s\) URL/],
      [['--upstream', gym.endpoint, '--role', 'superuser'], /role superuser \(from --role\) is not defined; known roles: reader, operator, admin/],
      [['--bogus'], /Unknown option '--bogus'/],
    ];
    for (const [args, message] of cases) {
      const run = await runCirro(['gateway', 'start', '--port', '0', ...args], join(home.path, 'flags'));
      assert.equal(run.code, 2, `${args.join(' ')}: ${run.stderr}`);
      assert.match(run.stderr, message);
      assert.match(run.stderr, /Run 'cirro gateway --help' for the options/);
    }
    const unknown = await runCirro(['gateway', 'stop'], join(home.path, 'flags'));
    assert.equal(unknown.code, 2);
    const help = await runCirro(['gateway', '--help'], join(home.path, 'flags'));
    assert.equal(help.code, 0);
    assert.match(help.stdout, /--upstream URL\|aws/);
  });

  it('refuses to start on a policy file it cannot read, naming the file', async () => {
    const project = join(home.path, 'project');
    mkdirSync(join(project, '.cirro'), { recursive: true });
    writeFileSync(join(project, '.cirro', 'policy.yaml'), 'role: operator\nroles: [unclosed\n');
    const child = spawn(process.execPath, [join(repositoryRoot(), 'bin', 'cirro.js'), 'gateway', 'start', '--port', '0', '--upstream', gym.endpoint], {
      cwd: project, env: { ...process.env, CIRRO_HOME: join(home.path, 'policy'), CIRRO_DIST: distFolder() }, stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    assert.equal(code, 2, 'a broken policy file is bad input, as for cirro ask');
    assert.match(stderr, new RegExp(`${join(project, '.cirro', 'policy.yaml').replace(/[.]/g, '\\.')} line \\d+: not valid YAML`));
  });
});
