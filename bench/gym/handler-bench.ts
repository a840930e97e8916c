// CPU time per EC2 call inside one gym process, without HTTP: route, decode, run in a transaction,
// encode. CPU time (not wall time) and the best of several rounds keep the figures steady on a machine
// other work is using, so a change to the gym's own code can be measured before and after.
// Usage: node <dist>/bench/gym/handler-bench.js [--instances N]
import { parseArgs } from 'node:util';
import type { WireRequest } from '../../src/aws/protocols/wire.js';
import { Gym } from '../../src/gym/gym.js';
import { BENCH_REGION, EC2_VERSION, nameFilterParameters, runInstancesParameters, type Ec2Parameters } from './ec2-request.js';
import { formatTable } from './stats.js';

const AUTHORIZATION = `AWS4-HMAC-SHA256 Credential=AKIDCIRROBENCH/20240101/${BENCH_REGION}/ec2/aws4_request, SignedHeaders=host, Signature=${'0'.repeat(64)}`;

function call(action: string, parameters: Ec2Parameters = []): WireRequest {
  const params = new URLSearchParams([['Action', action], ['Version', EC2_VERSION]]);
  for (const [name, value] of parameters) params.append(name, String(value));
  return { method: 'POST', path: '/', headers: { authorization: AUTHORIZATION }, body: Buffer.alloc(0), params };
}

async function send(gym: Gym, request: WireRequest): Promise<string> {
  const response = await gym.handle(request);
  const body = String(response.body);
  if (response.status !== 200) throw new Error(`${request.params.get('Action')} answered HTTP ${response.status}: ${body.slice(0, 300)}`);
  return body;
}

function cpuMicroseconds(since: NodeJS.CpuUsage): number {
  const used = process.cpuUsage(since);
  return used.user + used.system;
}

/** CPU µs per call of `work`: the best of several rounds of about 200 ms of CPU each. */
async function best(work: () => Promise<unknown>, rounds = 8): Promise<number> {
  let fastest = Number.POSITIVE_INFINITY;
  for (let round = 0; round < rounds; round++) {
    const started = process.cpuUsage();
    let calls = 0;
    while (cpuMicroseconds(started) < 200_000) {
      await work();
      calls++;
    }
    fastest = Math.min(fastest, cpuMicroseconds(started) / calls);
  }
  return fastest;
}

async function setUp(): Promise<{ gym: Gym; image: string; subnets: string[] }> {
  const gym = Gym.create({});
  const images = await send(gym, call('DescribeImages', [['Owner.1', 'amazon'], ['Filter.1.Name', 'architecture'], ['Filter.1.Value.1', 'x86_64']]));
  const subnets = [...(await send(gym, call('DescribeSubnets', [['Filter.1.Name', 'default-for-az'], ['Filter.1.Value.1', 'true']]))).matchAll(/<subnetId>([^<]+)</g)].map((match) => match[1]!);
  return { gym, image: /<imageId>([^<]+)</.exec(images)![1]!, subnets };
}

async function main(argv: string[]): Promise<void> {
  const { values } = parseArgs({ args: argv, options: { instances: { type: 'string' } } });
  const large = Number(values.instances ?? 10_000);
  const rows: string[][] = [];
  const fresh = await setUp();
  const vpcs = call('DescribeVpcs');
  rows.push(['DescribeVpcs', 'fresh region', `${(await best(() => send(fresh.gym, vpcs))).toFixed(1)} µs`]);

  // Launches grow the world, so they are timed once over a fixed count rather than in best-of rounds.
  const launches = fresh.subnets.map((subnet) => call('RunInstances', runInstancesParameters(fresh.image, 1, 'bench', subnet)));
  const launchCount = 3000;
  const started = process.cpuUsage();
  for (let index = 0; index < launchCount; index++) await send(fresh.gym, launches[index % launches.length]!);
  rows.push(['RunInstances', `first ${launchCount} launches, 1 per call`, `${(cpuMicroseconds(started) / launchCount).toFixed(1)} µs`]);

  const three = await setUp();
  for (let batch = 0; batch < 3; batch++) await send(three.gym, call('RunInstances', runInstancesParameters(three.image, 100, `fill-${batch}`, three.subnets[batch])));
  const all = call('DescribeInstances');
  rows.push(['DescribeInstances', '300 instances, all returned', `${(await best(() => send(three.gym, all), 4)).toFixed(1)} µs`]);

  const big = await setUp();
  for (let index = 0; index < 10; index++) await send(big.gym, call('RunInstances', runInstancesParameters(big.image, 1, `bench-target-${index}`, big.subnets[index % big.subnets.length])));
  for (let left = large - 10, batch = 0; left > 0; left -= 100, batch++) {
    await send(big.gym, call('RunInstances', runInstancesParameters(big.image, Math.min(100, left), `fill-${batch}`, big.subnets[batch % big.subnets.length])));
  }
  const byName = Array.from({ length: 10 }, (_, index) => call('DescribeInstances', nameFilterParameters(`bench-target-${index}`)));
  let next = 0;
  rows.push(['DescribeInstances tag:Name', `${large.toLocaleString('en-US')} instances, one matching`, `${(await best(() => send(big.gym, byName[next++ % byName.length]!))).toFixed(1)} µs`]);
  process.stdout.write(`${formatTable(['call', 'world', 'CPU per call'], rows)}\n`);
}

if (process.argv[1]?.endsWith('handler-bench.js')) {
  main(process.argv.slice(2)).catch((error: unknown) => {
    process.stderr.write(`handler-bench failed: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  });
}
