// How long the gym's CloudFormation takes to create and to update a 50-resource stack: wall time from
// CreateStack/UpdateStack to *_COMPLETE (polling DescribeStacks every 10 ms), and the simulated time the
// stack's events span, at a fast gym clock so simulated waits (instance boots) cost little real time.
// Usage: node <dist>/bench/iac/stack.js [--resources N] [--rounds N] [--speed N]
import { cpus, loadavg, totalmem } from 'node:os';
import { parseArgs } from 'node:util';
import { CloudFormationClient, CreateStackCommand, DeleteStackCommand, DescribeStackEventsCommand, DescribeStacksCommand, UpdateStackCommand } from '@aws-sdk/client-cloudformation';
import { DescribeImagesCommand, EC2Client } from '@aws-sdk/client-ec2';
import { Gym } from '../../src/gym/gym.js';
import { formatTable, median } from '../gym/stats.js';

const { values } = parseArgs({ options: { resources: { type: 'string', default: '50' }, rounds: { type: 'string', default: '3' }, speed: { type: 'string', default: '6000' } } });
const resources = Number(values.resources);
const rounds = Number(values.rounds);
const speed = Number(values.speed);
if (!Number.isInteger(resources) || resources < 10) throw new Error(`--resources must be a whole number of at least 10, not ${values.resources}`);
if (!Number.isInteger(rounds) || rounds < 1) throw new Error(`--rounds must be a positive whole number, not ${values.rounds}`);
if (!(speed > 0)) throw new Error(`--speed must be a positive number, not ${values.speed}`);

/**
 * A network with public subnets, security groups with rules, instances with data volumes: the mix a team's
 * stack has. `size` sets the tier counts; `instanceType` and `tag` are what the update changes.
 */
export function benchTemplate(size: number, imageId: string, instanceType: string, tag: string): { body: string; count: number } {
  const body: Record<string, unknown> = {
    Vpc: { Type: 'AWS::EC2::VPC', Properties: { CidrBlock: '10.40.0.0/16', Tags: [{ Key: 'tier', Value: tag }] } },
    Gateway: { Type: 'AWS::EC2::InternetGateway' },
    Attachment: { Type: 'AWS::EC2::VPCGatewayAttachment', Properties: { VpcId: { Ref: 'Vpc' }, InternetGatewayId: { Ref: 'Gateway' } } },
    Routes: { Type: 'AWS::EC2::RouteTable', Properties: { VpcId: { Ref: 'Vpc' } } },
    DefaultRoute: { Type: 'AWS::EC2::Route', DependsOn: 'Attachment', Properties: { RouteTableId: { Ref: 'Routes' }, DestinationCidrBlock: '0.0.0.0/0', GatewayId: { Ref: 'Gateway' } } },
  };
  // Each unit adds a subnet, its route table association, a group, a rule, an instance and a volume
  // with its attachment: 7 resources; the 5 above are shared.
  const units = Math.max(1, Math.ceil((size - 5) / 7));
  for (let unit = 0; unit < units; unit++) {
    body[`Subnet${unit}`] = { Type: 'AWS::EC2::Subnet', Properties: { VpcId: { Ref: 'Vpc' }, CidrBlock: `10.40.${unit}.0/24`, AvailabilityZone: { 'Fn::Select': [unit % 3, { 'Fn::GetAZs': '' }] } } };
    body[`Association${unit}`] = { Type: 'AWS::EC2::SubnetRouteTableAssociation', Properties: { SubnetId: { Ref: `Subnet${unit}` }, RouteTableId: { Ref: 'Routes' } } };
    body[`Group${unit}`] = { Type: 'AWS::EC2::SecurityGroup', Properties: { GroupDescription: `tier ${unit}`, VpcId: { Ref: 'Vpc' }, Tags: [{ Key: 'tier', Value: tag }] } };
    body[`Https${unit}`] = { Type: 'AWS::EC2::SecurityGroupIngress', Properties: { GroupId: { Ref: `Group${unit}` }, IpProtocol: 'tcp', FromPort: 443, ToPort: 443, CidrIp: '10.0.0.0/8', Description: 'https inside' } };
    body[`Server${unit}`] = { Type: 'AWS::EC2::Instance', Properties: { ImageId: imageId, InstanceType: instanceType, SubnetId: { Ref: `Subnet${unit}` }, SecurityGroupIds: [{ Ref: `Group${unit}` }] } };
    body[`Data${unit}`] = { Type: 'AWS::EC2::Volume', Properties: { Size: 20, VolumeType: 'gp3', Encrypted: true, AvailabilityZone: { 'Fn::GetAtt': [`Server${unit}`, 'AvailabilityZone'] } } };
    body[`DataAttachment${unit}`] = { Type: 'AWS::EC2::VolumeAttachment', Properties: { InstanceId: { Ref: `Server${unit}` }, VolumeId: { Ref: `Data${unit}` }, Device: '/dev/sdf' } };
  }
  return { body: JSON.stringify({ AWSTemplateFormatVersion: '2010-09-09', Resources: body }), count: Object.keys(body).length };
}

async function settle(client: CloudFormationClient, name: string, want: string): Promise<number> {
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
