// How long the gym's CloudFormation takes to create and to update a 50-resource stack: wall time from
// CreateStack/UpdateStack to *_COMPLETE (polling DescribeStacks every 10 ms), and the simulated time the
// stack's events span, at a fast gym clock so simulated waits (instance boots) cost little real time.
// Usage: node <dist>/bench/iac/stack.js [--resources N] [--rounds N] [--speed N]
import { cpus, loadavg, totalmem } from 'node:os';
import { parseArgs } from 'node:util';
import { CloudFormationClient, CreateStackCommand, DeleteStackCommand, DescribeStackEventsCommand, DescribeStacksCommand, UpdateStackCommand } from '@aws-sdk/client-cloudformation';
import { DescribeImagesCommand, EC2Client } from '@aws-sdk/client-ec2';
import { Gym } from '../../src/gym/gym.js';
import { benchTemplate } from './template.js';
import { formatTable, median } from '../gym/stats.js';

const { values } = parseArgs({ options: { resources: { type: 'string', default: '50' }, rounds: { type: 'string', default: '3' }, speed: { type: 'string', default: '6000' } } });
const resources = Number(values.resources);
const rounds = Number(values.rounds);
const speed = Number(values.speed);
if (!Number.isInteger(resources) || resources < 10) throw new Error(`--resources must be a whole number of at least 10, not ${values.resources}`);
if (!Number.isInteger(rounds) || rounds < 1) throw new Error(`--rounds must be a positive whole number, not ${values.rounds}`);
if (!(speed > 0)) throw new Error(`--speed must be a positive number, not ${values.speed}`);

/** Polls DescribeStacks until the stack reaches `want`; fails on any other settled status. */
export async function settle(client: CloudFormationClient, name: string, want: string): Promise<number> {
  const started = performance.now();
  for (;;) {
    const status = (await client.send(new DescribeStacksCommand({ StackName: name }))).Stacks![0]!.StackStatus!;
    if (status === want) return performance.now() - started;
    if (!status.endsWith('_IN_PROGRESS')) throw new Error(`stack ${name} ended ${status}, not ${want}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

async function simulatedSeconds(client: CloudFormationClient, name: string, since: Date): Promise<number> {
  const events = (await client.send(new DescribeStackEventsCommand({ StackName: name }))).StackEvents!.filter((event) => event.Timestamp! >= since);
  const times = events.map((event) => event.Timestamp!.getTime());
  return (Math.max(...times) - Math.min(...times)) / 1000;
}

const gym = await Gym.start({ port: 0, host: '127.0.0.1', speed });
const credentials = { accessKeyId: 'AKIDBENCH', secretAccessKey: 'bench' };
const cloudFormation = new CloudFormationClient({ endpoint: gym.endpoint, region: 'us-east-1', credentials });
const ec2 = new EC2Client({ endpoint: gym.endpoint, region: 'us-east-1', credentials });
const imageId = (await ec2.send(new DescribeImagesCommand({ Owners: ['amazon'] }))).Images!.find((image) => image.Architecture === 'x86_64')!.ImageId!;
const create: number[] = [];
const update: number[] = [];
const simulated: { create: number[]; update: number[] } = { create: [], update: [] };
let count = 0;
try {
  for (let round = 0; round < rounds; round++) {
    const name = `bench-${round}`;
    const first = benchTemplate(resources, imageId, 't3.micro', 'one');
    count = first.count;
    const createdAt = new Date(String(gym.clockStatus()["now"]));
    await cloudFormation.send(new CreateStackCommand({ StackName: name, TemplateBody: first.body }));
    create.push(await settle(cloudFormation, name, 'CREATE_COMPLETE'));
    simulated.create.push(await simulatedSeconds(cloudFormation, name, createdAt));
    const updatedAt = new Date(String(gym.clockStatus()["now"]));
    // Every group and the VPC are retagged in place; every instance is resized (stop, modify, start).
    await cloudFormation.send(new UpdateStackCommand({ StackName: name, TemplateBody: benchTemplate(resources, imageId, 't3.small', 'two').body }));
    update.push(await settle(cloudFormation, name, 'UPDATE_COMPLETE'));
    simulated.update.push(await simulatedSeconds(cloudFormation, name, updatedAt));
    await cloudFormation.send(new DeleteStackCommand({ StackName: name }));
  }
} finally {
  await gym.stop();
}
const row = (what: string, wall: number[], sim: number[]) => [what, `${(median(wall) / 1000).toFixed(2)} s`, `${(Math.max(...wall) / 1000).toFixed(2)} s`, `${median(sim).toFixed(0)} s`];
process.stdout.write(`CloudFormation in the gym: a ${count}-resource stack, ${rounds} rounds, gym clock ${speed}x\n`);
process.stdout.write(`machine: ${cpus().length} x ${cpus()[0]?.model ?? 'cpu'}, ${Math.round(totalmem() / 2 ** 30)} GiB, load ${loadavg().map((load) => load.toFixed(1)).join(' ')}, node ${process.version}\n\n`);
process.stdout.write(`${formatTable(['operation', 'wall p50', 'wall max', 'simulated'], [row('CreateStack to CREATE_COMPLETE', create, simulated.create), row('UpdateStack to UPDATE_COMPLETE', update, simulated.update)])}\n`);
