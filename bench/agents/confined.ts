// What confinement costs per agent step: one DescribeVpcs made by a model-written AWS CLI argv (run
// without a shell) and by a model-written SDK program (a child Node under the permission model), both
// through a gateway in front of a gym, against the same call made in-process with the SDK through the
// same gateway. The difference is the price of running what a model wrote in its own confined process.
// Usage: node <dist>/bench/agents/confined.js [--rounds N]
import { cpus, loadavg, totalmem } from 'node:os';
import { parseArgs } from 'node:util';
import { performance } from 'node:perf_hooks';
import { DescribeVpcsCommand, EC2Client } from '@aws-sdk/client-ec2';
import { runAwsCliArgv } from '../../src/exec/confined/run-aws-cli-argv.js';
import { runSdkProgram } from '../../src/exec/confined/run-sdk-program.js';
import { startGateway } from '../../src/gateway/index.js';
import { createAuthorizer } from '../../src/guard/authorization/index.js';
import { Gym } from '../../src/gym/gym.js';
import { formatTable, median, sampleMilliseconds } from '../gym/stats.js';

const { values } = parseArgs({ options: { rounds: { type: 'string', default: '10' } } });
const rounds = Number(values.rounds);
if (!Number.isInteger(rounds) || rounds < 1) throw new Error(`--rounds must be a positive whole number, not ${values.rounds}`);

const gym = await Gym.start({ port: 0, host: '127.0.0.1' });
const authorizer = createAuthorizer();
if (!authorizer.ok) throw new Error(authorizer.error);
const gateway = await startGateway({ upstream: gym.endpoint, authorizer: authorizer.value });
const credentials = await gateway.issueCredentials({ agent: 'bench', role: 'reader' });
const limits = { endpoint: gateway.endpoint, credentials, region: 'us-east-1', timeoutMs: 60_000, maxOutputBytes: 256 * 1024 };
const program = "import { EC2Client, DescribeVpcsCommand } from '@aws-sdk/client-ec2';\nconsole.log(JSON.stringify(await new EC2Client({}).send(new DescribeVpcsCommand({}))));";

const time = (run: () => unknown) => sampleMilliseconds(rounds, run);

function expectRan(result: Awaited<ReturnType<typeof runSdkProgram>>): void {
  if (result.kind !== 'ran' || result.exitCode !== 0) throw new Error(`the confined run failed: ${JSON.stringify(result)}`);
}

const client = new EC2Client({ endpoint: gateway.endpoint, region: 'us-east-1', credentials });
const rows: string[][] = [];
const row = (name: string, samples: number[]) => rows.push([name, median(samples).toFixed(0), Math.max(...samples).toFixed(0)]);
try {
  row('SDK call in-process (no confinement)', await time(async () => void (await client.send(new DescribeVpcsCommand({})))));
  row('model-written SDK program, confined', await time(async () => expectRan(await runSdkProgram(program, limits))));
  const cli = process.env['CIRRO_AWS_CLI'] ?? '/usr/bin/aws';
  row('model-written aws argv, no shell', await time(async () => expectRan(await runAwsCliArgv(['aws', 'ec2', 'describe-vpcs'], { ...limits, binary: cli }))));
} finally {
  client.destroy();
  await gateway.close();
  await gym.stop();
}
process.stdout.write(`DescribeVpcs through a gateway in front of a gym, ${rounds} rounds after one warm-up; ${cpus()[0]?.model ?? 'unknown CPU'}, ${cpus().length} cores, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}, load average ${loadavg()[0]!.toFixed(1)}\n`);
process.stdout.write(`${formatTable(['one agent step', 'median ms', 'max ms'], rows)}\n`);
