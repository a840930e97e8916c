import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CreateVpcCommand, DescribeVpcsCommand, EC2Client } from '@aws-sdk/client-ec2';
import { TEST_CREDENTIALS } from '../support/gym.js';
import { runCirro, startChildGym, temporaryFolder, type ChildGym } from '../gym/child-gym.js';

const home = temporaryFolder('cirro-cli-');
const started: ChildGym[] = [];
after(async () => {
  for (const gym of started) if (gym.child.exitCode === null && gym.child.signalCode === null) await gym.kill();
  home.cleanup();
});

async function start(stateDirectory: string): Promise<ChildGym> {
  const gym = await startChildGym(stateDirectory, home.path);
  started.push(gym);
  return gym;
}

async function createVpc(endpoint: string, cidr: string): Promise<string> {
  const client = new EC2Client({ endpoint, region: 'us-east-1', credentials: TEST_CREDENTIALS, maxAttempts: 1 });
  try {
    return (await client.send(new CreateVpcCommand({ CidrBlock: cidr }))).Vpc!.VpcId!;
  } finally {
    client.destroy();
  }
}

async function vpcIds(endpoint: string): Promise<string[]> {
  const client = new EC2Client({ endpoint, region: 'us-east-1', credentials: TEST_CREDENTIALS, maxAttempts: 1 });
  try {
    return (await client.send(new DescribeVpcsCommand({}))).Vpcs!.map((vpc) => vpc.VpcId!);
  } finally {
    client.destroy();
  }
}

describe('cirro gym start', () => {
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    it(`prints its endpoint, and on ${signal} saves state, cleans up and exits 0`, async () => {
      const state = join(home.path, `stop-${signal}`);
      const gym = await start(state);
      assert.match(gym.stdout(), new RegExp(`^cirro gym: serving EC2, ELBv2, STS and CloudFormation at http://127\\.0\\.0\\.1:\\d+ \\(ready in \\d+ ms; state in ${state}; clock 60x\\)\\n`));
      assert.match(gym.stdout(), /try: aws --endpoint-url http:\/\/127\.0\.0\.1:\d+ ec2 describe-vpcs/);
      const id = await createVpc(gym.endpoint, '10.11.0.0/16');
      const run = await gym.stop(signal);
      assert.equal(run.code, 0, run.stderr);
      assert.match(run.stdout, new RegExp(`cirro gym: ${signal} received, saving state and stopping\\n$`));
      assert.equal(run.stderr, '');
      assert.ok(readFileSync(join(state, 'world.json'), 'utf8').includes(id), 'the final checkpoint holds the VPC');
      assert.equal(existsSync(join(state, 'journal.jsonl')), false, 'nothing left to replay');
      assert.equal(existsSync(join(state, 'gym.json')), false, 'the registration is removed');
      assert.equal(existsSync(join(state, 'gym.lock')), false, 'the state directory is released');
      const again = await start(state);
      assert.ok((await vpcIds(again.endpoint)).includes(id));
      await again.stop();
    });
  }

  it('refuses bad flags with exit 2 and a clear message, starting nothing', async () => {
    const state = join(home.path, 'never-created');
    const cases: [string[], RegExp][] = [
      [['--port', 'abc'], /^cirro gym start: --port abc is not valid: expected an integer from 0 to 65535\. Run 'cirro gym --help' for the options\.\n$/],
      [['--port', '70000'], /--port 70000 is not valid: expected an integer from 0 to 65535/],
      [['--speed=-1'], /--speed -1 is not valid: expected a number above 0 and at most 100000/],
      [['--speed', '-1'], /Option '--speed' argument is ambiguous/],
      [['--seed', '1.5'], /--seed 1\.5 is not valid: expected a non-negative integer/],
      [['--bogus'], /^cirro gym start: Unknown option '--bogus'\. Run 'cirro gym --help' for the options\.\n$/],
    ];
    const runs = await Promise.all(cases.map(([flags]) => runCirro(['gym', 'start', '--state-dir', state, ...flags], home.path)));
    runs.forEach((run, index) => {
      const [flags, message] = cases[index]!;
      assert.equal(run.code, 2, `${flags.join(' ')}: ${run.stderr}`);
      assert.match(run.stderr, message);
      assert.equal(run.stdout, '', `${flags.join(' ')} started nothing`);
    });
    assert.equal(existsSync(state), false, 'no state directory was made');
  });
});

describe('cirro gym status and reset', () => {
  it('reports a running gym (exit 0), its JSON, and a stopped one (exit 3)', async () => {
    const state = join(home.path, 'status');
    const gym = await start(state);
    const running = await runCirro(['gym', 'status', '--state-dir', state], home.path);
    assert.equal(running.code, 0, running.stderr);
    assert.match(running.stdout, new RegExp(`^gym running at ${gym.endpoint.replace(/\./g, '\\.')} \\(pid ${gym.pid}, up \\d+ s\\)\\n`));
    assert.match(running.stdout, /services: ec2 \(\d+ operations\), elbv2 \(\d+ operations\), sts \(\d+ operations\)/);
    const json = await runCirro(['gym', 'status', '--state-dir', state, '--json'], home.path);
    assert.equal(json.code, 0);
    assert.deepEqual(
      (({ running: isRunning, endpoint, pid }) => ({ isRunning, endpoint, pid }))(JSON.parse(json.stdout)),
      { isRunning: true, endpoint: gym.endpoint, pid: gym.pid },
    );
    await gym.stop();
    const stopped = await runCirro(['gym', 'status', '--state-dir', state], home.path);
    assert.equal(stopped.code, 3);
    assert.equal(stopped.stdout, `no gym is running for ${state}; start one with 'cirro gym start'\n`);
  });

  it('looks in $CIRRO_HOME/gym by default', async () => {
    const run = await runCirro(['gym', 'status'], home.path);
    assert.equal(run.code, 3);
    assert.equal(run.stdout, `no gym is running for ${join(home.path, 'gym')}; start one with 'cirro gym start'\n`);
  });

  it('resets the running gym to a fresh world', async () => {
    const state = join(home.path, 'reset');
    const gym = await start(state);
    const id = await createVpc(gym.endpoint, '10.12.0.0/16');
    const before = await vpcIds(gym.endpoint);
    const run = await runCirro(['gym', 'reset', '--state-dir', state], home.path);
    assert.equal(run.code, 0, run.stderr);
    assert.equal(run.stdout, `gym at ${gym.endpoint} reset to a fresh world\n`);
    const after = await vpcIds(gym.endpoint);
    assert.ok(!after.includes(id), 'the created VPC is gone');
    assert.deepEqual(after, before.filter((vpc) => vpc !== id), 'the default VPC is back as it was');
    await gym.stop();
  });
});

describe('cirro', () => {
  it('answers --help with the commands (exit 0), and a missing or unknown command with exit 2', async () => {
    const [help, gymHelp, bare, unknown, unknownSub] = await Promise.all([
      runCirro(['--help'], home.path),
      runCirro(['gym', '--help'], home.path),
      runCirro([], home.path),
      runCirro(['frobnicate'], home.path),
      runCirro(['gym', 'explode'], home.path),
    ]);
    assert.equal(help.code, 0);
    assert.match(help.stdout, /^cirro \d+\.\d+\.\d+: /);
    assert.match(help.stdout, /gym start +Serve the local AWS cloud/);
    assert.equal(gymHelp.code, 0);
    assert.match(gymHelp.stdout, /^Usage: cirro gym <start\|status\|reset> \[options\]/);
    assert.equal(bare.code, 2);
    assert.match(bare.stdout, /Usage: cirro <command>/);
    assert.equal(unknown.code, 2);
    assert.equal(unknown.stderr, "cirro: unknown command 'frobnicate'. Run 'cirro --help' for the list of commands.\n");
    assert.equal(unknownSub.code, 2);
    assert.match(unknownSub.stderr, /cirro gym: unknown subcommand 'explode'\. Use start, status or reset\./);
  });
});
