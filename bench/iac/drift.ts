// How long drift detection takes over about 1,000 stack-managed resources in the gym: DetectStackDrift on
// every stack at once, DescribeStackDriftDetectionStatus until all are complete, then
// DescribeStackResourceDrifts for every stack — with a tenth of the security groups retagged by hand
// first, so there is drift to find. Target: under 2 s.
// Usage: node <dist>/bench/iac/drift.js [--resources N] [--rounds N] [--speed N]
import { cpus, loadavg, totalmem } from 'node:os';
import { parseArgs } from 'node:util';
import {
  CloudFormationClient, CreateStackCommand, DescribeStackDriftDetectionStatusCommand, DescribeStackResourceDriftsCommand,
  DescribeStacksCommand, DetectStackDriftCommand, ListStackResourcesCommand,
} from '@aws-sdk/client-cloudformation';
import { CreateTagsCommand, DescribeImagesCommand, EC2Client } from '@aws-sdk/client-ec2';
import { Gym } from '../../src/gym/gym.js';
import { formatTable, median } from '../gym/stats.js';
import { benchTemplate } from './template.js';

const { values } = parseArgs({ options: { resources: { type: 'string', default: '1000' }, rounds: { type: 'string', default: '5' }, speed: { type: 'string', default: '6000' } } });
const total = Number(values.resources);
const rounds = Number(values.rounds);
const speed = Number(values.speed);
if (!Number.isInteger(total) || total < 50) throw new Error(`--resources must be a whole number of at least 50, not ${values.resources}`);
if (!Number.isInteger(rounds) || rounds < 1) throw new Error(`--rounds must be a positive whole number, not ${values.rounds}`);

/** AWS allows 500 resources per stack; these stacks stay well under it. */
const PER_STACK = 334;
const sleep = (milliseconds: number) => new Promise((resolve) => setTimeout(resolve, milliseconds));

const gym = await Gym.start({ port: 0, host: '127.0.0.1', speed });
const credentials = { accessKeyId: 'AKIDBENCH', secretAccessKey: 'bench' };
const cloudFormation = new CloudFormationClient({ endpoint: gym.endpoint, region: 'us-east-1', credentials });
const ec2 = new EC2Client({ endpoint: gym.endpoint, region: 'us-east-1', credentials });
const times: number[] = [];
let managed = 0;
let drifted = 0;
let checked = 0;
try {
  const imageId = (await ec2.send(new DescribeImagesCommand({ Owners: ['amazon'] }))).Images!.find((image) => image.Architecture === 'x86_64')!.ImageId!;
  const names = Array.from({ length: Math.ceil(total / PER_STACK) }, (_, index) => `drift-${index}`);
  for (const name of names) await cloudFormation.send(new CreateStackCommand({ StackName: name, TemplateBody: benchTemplate(Math.min(PER_STACK, total), imageId, 't3.micro', 'one').body }));
  for (const name of names) {
    for (;;) {
      const status = (await cloudFormation.send(new DescribeStacksCommand({ StackName: name }))).Stacks![0]!.StackStatus!;
      if (status === 'CREATE_COMPLETE') break;
      if (!status.endsWith('_IN_PROGRESS')) throw new Error(`${name} ended ${status}`);
      await sleep(20);
    }
    const resources = (await cloudFormation.send(new ListStackResourcesCommand({ StackName: name }))).StackResourceSummaries!;
    managed += resources.length;
    // Someone retags every tenth group behind CloudFormation's back (the template sets its Tags, so this is
    // drift; a rule added to a group whose rules live in separate ingress resources would not be, as in AWS).
    const groups = resources.filter((resource) => resource.ResourceType === 'AWS::EC2::SecurityGroup');
    for (const group of groups.filter((_, index) => index % 10 === 0)) {
      await ec2.send(new CreateTagsCommand({ Resources: [group.PhysicalResourceId!], Tags: [{ Key: 'tier', Value: 'changed-by-hand' }] }));
    }
  }
  for (let round = 0; round < rounds; round++) {
    const started = performance.now();
    const detections = await Promise.all(names.map((name) => cloudFormation.send(new DetectStackDriftCommand({ StackName: name }))));
    const statuses = await Promise.all(detections.map(async (detection) => {
      for (;;) {
        const status = await cloudFormation.send(new DescribeStackDriftDetectionStatusCommand({ StackDriftDetectionId: detection.StackDriftDetectionId! }));
        if (status.DetectionStatus !== 'DETECTION_IN_PROGRESS') return status;
        await sleep(5);
      }
    }));
    const reports = await Promise.all(names.map((name) => cloudFormation.send(new DescribeStackResourceDriftsCommand({ StackName: name }))));
    times.push(performance.now() - started);
    drifted = statuses.reduce((sum, status) => sum + (status.DriftedStackResourceCount ?? 0), 0);
    checked = reports.reduce((sum, report) => sum + report.StackResourceDrifts!.length, 0);
  }
} finally {
  await gym.stop();
}
process.stdout.write(`Drift detection over ${managed} stack-managed resources in ${Math.ceil(total / PER_STACK)} stacks, ${rounds} rounds, gym clock ${speed}x\n`);
process.stdout.write(`machine: ${cpus().length} x ${cpus()[0]?.model ?? 'cpu'}, ${Math.round(totalmem() / 2 ** 30)} GiB, load ${loadavg().map((load) => load.toFixed(1)).join(' ')}, node ${process.version}\n\n`);
process.stdout.write(`${formatTable(['detect + status + resource drifts', 'p50', 'max', 'resources reported', 'drifted'], [['all stacks', `${(median(times) / 1000).toFixed(2)} s`, `${(Math.max(...times) / 1000).toFixed(2)} s`, String(checked), String(drifted)]])}\n`);
process.stdout.write(`target: under 2 s: ${median(times) < 2000 ? 'met' : 'NOT met'}\n`);
