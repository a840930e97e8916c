// Times the EC2 codec in-process, without HTTP: loading the EC2 model, decoding RunInstances and a
// filtered DescribeInstances, and encoding DescribeVpcs and a 300-instance DescribeInstances answer.
// It isolates the protocol code that the end-to-end benchmark (index.ts) exercises, so a change there
// can be measured before and after.
// Usage: node <dist>/bench/gym/codec-bench.js [--seconds N]
import type { Instance, Reservation } from '@aws-sdk/client-ec2';
import { parseArgs } from 'node:util';
import { ServiceModel } from '../../src/aws/models/service-model.js';
import { ec2Codec } from '../../src/aws/protocols/ec2.js';
import type { WireRequest } from '../../src/aws/protocols/wire.js';
import { nameFilterParameters, runInstancesParameters, type Ec2Parameters } from './ec2-request.js';
import { formatTable } from './stats.js';

/** An instance shaped like the gym's DescribeInstances output (every member AWS fills for a running instance). */
export function sampleInstance(index: number): Instance {
  const launched = new Date(Date.UTC(2024, 0, 1, 0, 0, index));
  const ip = `172.31.${Math.floor(index / 250)}.${(index % 250) + 4}`;
  const groups = [{ GroupId: 'sg-0123456789abcdef0', GroupName: 'default' }];
  const association = { IpOwnerId: 'amazon', PublicDnsName: `ec2-54-0-0-${index % 250}.compute-1.amazonaws.com`, PublicIp: `54.0.0.${index % 250}` };
  return {
    AmiLaunchIndex: 0, ImageId: 'ami-0abcdef1234567890', InstanceId: `i-0${index.toString(16).padStart(16, '0')}`, InstanceType: 't3.micro',
    LaunchTime: launched, Monitoring: { State: 'disabled' }, Placement: { AvailabilityZone: 'us-east-1a', GroupName: '', Tenancy: 'default' },
    PrivateDnsName: `ip-${ip.replace(/\./g, '-')}.ec2.internal`, PrivateIpAddress: ip, ProductCodes: [], PublicDnsName: association.PublicDnsName,
    PublicIpAddress: association.PublicIp, State: { Code: 16, Name: 'running' }, StateTransitionReason: '', SubnetId: 'subnet-0123456789abcdef0',
    VpcId: 'vpc-0123456789abcdef0', Architecture: 'x86_64',
    BlockDeviceMappings: [{ DeviceName: '/dev/xvda', Ebs: { AttachTime: launched, DeleteOnTermination: true, Status: 'attached', VolumeId: `vol-0${index.toString(16).padStart(16, '0')}` } }],
    ClientToken: '', EbsOptimized: false, EnaSupport: true, Hypervisor: 'xen',
    NetworkInterfaces: [{
      Association: association,
      Attachment: { AttachTime: launched, AttachmentId: `eni-attach-0${index.toString(16).padStart(16, '0')}`, DeleteOnTermination: true, DeviceIndex: 0, Status: 'attached', NetworkCardIndex: 0 },
      Description: '', Groups: groups, Ipv6Addresses: [], MacAddress: '0a:12:34:56:78:9a', NetworkInterfaceId: `eni-0${index.toString(16).padStart(16, '0')}`,
      OwnerId: '123456789012', PrivateDnsName: 'ip-172-31-0-4.ec2.internal', PrivateIpAddress: ip,
      PrivateIpAddresses: [{ Association: association, Primary: true, PrivateDnsName: 'ip-172-31-0-4.ec2.internal', PrivateIpAddress: ip }],
      SourceDestCheck: true, Status: 'in-use', SubnetId: 'subnet-0123456789abcdef0', VpcId: 'vpc-0123456789abcdef0', InterfaceType: 'interface',
    }],
    RootDeviceName: '/dev/xvda', RootDeviceType: 'ebs', SecurityGroups: groups, SourceDestCheck: true,
    Tags: [{ Key: 'Name', Value: `bench-${index}` }], VirtualizationType: 'hvm', CpuOptions: { CoreCount: 1, ThreadsPerCore: 2 },
    CapacityReservationSpecification: { CapacityReservationPreference: 'open' }, HibernationOptions: { Configured: false },
    MetadataOptions: { State: 'applied', HttpTokens: 'required', HttpPutResponseHopLimit: 2, HttpEndpoint: 'enabled', HttpProtocolIpv6: 'disabled', InstanceMetadataTags: 'disabled' },
    EnclaveOptions: { Enabled: false }, PlatformDetails: 'Linux/UNIX', UsageOperation: 'RunInstances', UsageOperationUpdateTime: launched,
    PrivateDnsNameOptions: { HostnameType: 'ip-name', EnableResourceNameDnsARecord: false, EnableResourceNameDnsAAAARecord: false },
    MaintenanceOptions: { AutoRecovery: 'default' }, CurrentInstanceBootMode: 'legacy-bios',
  };
}

/** `count` instances in reservations of `perReservation`, as DescribeInstances returns them. */
export function sampleReservations(count: number, perReservation = 100): Reservation[] {
  const out: Reservation[] = [];
  for (let index = 0; index < count; index++) {
    if (index % perReservation === 0) out.push({ ReservationId: `r-0${index.toString(16).padStart(16, '0')}`, OwnerId: '123456789012', Groups: [], Instances: [] });
    out[out.length - 1]!.Instances!.push(sampleInstance(index));
  }
  return out;
}

function wireRequest(action: string, parameters: Ec2Parameters): WireRequest {
  const params = new URLSearchParams([['Action', action], ['Version', '2016-11-15']]);
  for (const [name, value] of parameters) params.append(name, String(value));
  return { method: 'POST', path: '/', headers: {}, body: Buffer.alloc(0), params };
}

/**
 * Microseconds per call of `work`: the best of several short rounds after a warm-up, since the best round
 * is the one least disturbed by other processes on a shared machine.
 */
function time(work: () => unknown, seconds: number): number {
  const warmupEnd = performance.now() + Math.min(500, seconds * 200);
  while (performance.now() < warmupEnd) work();
  let best = Number.POSITIVE_INFINITY;
  const rounds = Math.max(1, Math.round(seconds * 5));
  for (let round = 0; round < rounds; round++) {
    let calls = 0;
    const started = performance.now();
    const end = started + 200;
    while (performance.now() < end) {
      work();
      calls++;
    }
    best = Math.min(best, ((performance.now() - started) * 1000) / calls);
  }
  return best;
}

function main(argv: string[]): void {
  const { values } = parseArgs({ args: argv, options: { seconds: { type: 'string' } } });
  const seconds = Number(values.seconds ?? 2);
  const model = ServiceModel.load('ec2-2016-11-15');
  const operation = (name: string) => model.operation(name)!;
  const runInstances = wireRequest('RunInstances', runInstancesParameters('ami-0abcdef1234567890', 1, 'bench'));
  const byName = wireRequest('DescribeInstances', nameFilterParameters('bench-target-1'));
  const vpcs = { Vpcs: [{ VpcId: 'vpc-0123456789abcdef0', CidrBlock: '172.31.0.0/16', State: 'available', DhcpOptionsId: 'dopt-7a8b9c2d', InstanceTenancy: 'default', IsDefault: true, OwnerId: '123456789012', CidrBlockAssociationSet: [{ AssociationId: 'vpc-cidr-assoc-0123456789abcdef0', CidrBlock: '172.31.0.0/16', CidrBlockState: { State: 'associated' } }] }] };
  const three = { Reservations: sampleReservations(300) };
  const one = { Reservations: sampleReservations(1) };
  // Encoding is timed up to the byte count the server sends as Content-Length, which makes V8 flatten the
  // built string: that is part of the cost of producing an answer.
  const encoded = (name: string, output: unknown) => () => Buffer.byteLength(ec2Codec.encode(model, operation(name), output, 'request-id').body);
  const cases: [string, () => unknown][] = [
    ['load the EC2 model, resolve DescribeVpcs', () => ServiceModel.load('ec2-2016-11-15').operation('DescribeVpcs')!.output!.members],
    ['decode RunInstances', () => ec2Codec.decode(runInstances, model)],
    ['decode DescribeInstances tag:Name', () => ec2Codec.decode(byName, model)],
    ['encode DescribeVpcs (1 VPC)', encoded('DescribeVpcs', vpcs)],
    ['encode DescribeInstances (1 instance)', encoded('DescribeInstances', one)],
    ['encode DescribeInstances (300 instances)', encoded('DescribeInstances', three)],
  ];
  const rows = cases.map(([name, work]) => [name, `${time(work, seconds).toFixed(1)} µs`]);
  process.stdout.write(`${formatTable(['case', 'per call'], rows)}\n`);
}

if (process.argv[1]?.endsWith('codec-bench.js')) main(process.argv.slice(2));
