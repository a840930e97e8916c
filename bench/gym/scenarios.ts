import { countElements, ec2Request, nameFilterParameters, runInstancesParameters, type Ec2Parameters } from './ec2-request.js';
import { sendAll, sendOnce } from './load.js';

/** What a scenario hands the load generator: the requests to replay, and a check of one answer. */
export interface PreparedScenario {
  readonly requests: readonly Buffer[];
  /** Instances in the world the requests run in, when the scenario builds one. */
  readonly instances?: number;
  /** Returns a complaint when a response body is not what the scenario expects, so both servers do the same work. */
  check(body: string): string | undefined;
}

/** One measured request mix in one kind of world. */
export interface Scenario {
  readonly id: string;
  readonly operation: string;
  /** The world the requests run in, for the report. */
  readonly world: string;
  /** True when this scenario's world is the large one whose memory the report shows. */
  readonly largeWorld?: boolean;
  /** Builds the world in a fresh server (within `budgetSeconds` for the large one) and returns the request mix. */
  prepare(port: number, log: (message: string) => void, budgetSeconds: number): Promise<PreparedScenario>;
}

/** Instances launched per RunInstances call while building a world. */
const FILL_BATCH = 100;
/** Instances whose Name tag is unique, which the filtered DescribeInstances looks up in turn. */
const NAMED_TARGETS = 10;

/** The benchmark's scenarios; `largeInstances` sizes the world of the filtered lookup. */
export function scenarios(largeInstances: number, describeInstances = 300): Scenario[] {
  return [
    {
      id: 'describe-vpcs',
      operation: 'DescribeVpcs',
      world: 'fresh region (default VPC)',
      async prepare(port) {
        return {
          requests: [ec2Request(host(port), 'DescribeVpcs')],
          check: (body) => (countElements(body, 'vpcId') >= 1 ? undefined : 'no VPC in the answer'),
        };
      },
    },
    {
      id: 'run-instances',
      operation: 'RunInstances',
      world: 'fresh region, 1 instance per call',
      async prepare(port) {
        const image = await findImage(port);
        // A fast server fills the default subnets (6 x 4,091 addresses) within seconds, so the launches
        // also go, in turn, into three /16 subnets of their own (3 x 65,531 addresses).
        const subnets = [...(await defaultSubnets(port)), ...(await largeSubnets(port, 3))];
        const requests = subnets.map((subnet) => ec2Request(host(port), 'RunInstances', runInstancesParameters(image, 1, 'bench-launch', subnet)));
        return { requests, check: (body) => expectInstances(body, 1) };
      },
    },
    {
      id: 'describe-instances',
      operation: 'DescribeInstances',
      world: `${describeInstances} instances, all returned`,
      async prepare(port, log) {
        const instances = await populate(port, describeInstances, 0, log);
        return {
          requests: [ec2Request(host(port), 'DescribeInstances')],
          instances,
          check: (body) => expectInstances(body, instances),
        };
      },
    },
    {
      id: 'describe-instances-by-name',
      operation: 'DescribeInstances tag:Name',
      world: `${largeInstances.toLocaleString('en-US')} instances, one matching`,
      largeWorld: true,
      async prepare(port, log, budgetSeconds) {
        const instances = await populate(port, largeInstances, NAMED_TARGETS, log, budgetSeconds);
        const requests = Array.from({ length: NAMED_TARGETS }, (_, index) =>
          ec2Request(host(port), 'DescribeInstances', nameFilterParameters(targetName(index))));
        return { requests, instances, check: (body) => expectInstances(body, 1) };
      },
    },
  ];
}

function host(port: number): string {
  return `127.0.0.1:${port}`;
}

function targetName(index: number): string {
  return `bench-target-${index}`;
}

function expectInstances(body: string, expected: number): string | undefined {
  const found = countElements(body, 'instanceId');
  return found === expected ? undefined : `expected ${expected} instances in the answer, found ${found}: ${body.slice(0, 300)}`;
}

/** An x86_64 machine image from the server's Amazon catalogue, for RunInstances. */
export async function findImage(port: number): Promise<string> {
  const request = ec2Request(host(port), 'DescribeImages', [
    ['Owner.1', 'amazon'],
    ['Filter.1.Name', 'architecture'],
    ['Filter.1.Value.1', 'x86_64'],
  ]);
  const response = await sendOnce(port, request);
  const match = /<imageId>([^<]+)<\/imageId>/.exec(response.body);
  if (response.status !== 200 || !match) {
    throw new Error(`DescribeImages found no Amazon x86_64 image to launch (HTTP ${response.status}): ${response.body.slice(0, 300)}`);
  }
  return match[1]!;
}

/** The default subnets (one per availability zone) of the server's default VPC. */
export async function defaultSubnets(port: number): Promise<string[]> {
  const request = ec2Request(host(port), 'DescribeSubnets', [['Filter.1.Name', 'default-for-az'], ['Filter.1.Value.1', 'true']]);
  const response = await sendOnce(port, request);
  const found = [...response.body.matchAll(/<subnetId>([^<]+)<\/subnetId>/g)].map((match) => match[1]!);
  if (response.status !== 200 || found.length === 0) {
    throw new Error(`DescribeSubnets found no default subnet to launch into (HTTP ${response.status}): ${response.body.slice(0, 300)}`);
  }
  return found;
}

/** Creates `count` VPCs (10.N.0.0/16), each with one subnet as large as the VPC; returns the subnet ids. */
export async function largeSubnets(port: number, count: number): Promise<string[]> {
  const subnets: string[] = [];
  for (let index = 0; index < count; index++) {
    const cidr = `10.${index}.0.0/16`;
    const vpcId = await createdId(port, 'CreateVpc', [['CidrBlock', cidr]], 'vpcId');
    subnets.push(await createdId(port, 'CreateSubnet', [['VpcId', vpcId], ['CidrBlock', cidr]], 'subnetId'));
  }
  return subnets;
}

async function createdId(port: number, action: string, parameters: Ec2Parameters, element: string): Promise<string> {
  const response = await sendOnce(port, ec2Request(host(port), action, parameters));
  const match = new RegExp(`<${element}>([^<]+)</${element}>`).exec(response.body);
  if (response.status !== 200 || !match) throw new Error(`${action} failed (HTTP ${response.status}): ${response.body.slice(0, 300)}`);
  return match[1]!;
}

/**
 * Launches `total` instances: `named` of them one by one with unique Name tags (bench-target-N), the
 * rest in batches of 100 that share a Name per batch, so a large world builds in seconds even on moto.
 * Batches go round-robin over the default subnets: one /20 holds 4,091 addresses, as on AWS. Stops
 * launching when `budgetSeconds` run out (moto slows down as its world grows) and returns how many
 * instances were launched.
 */
export async function populate(port: number, total: number, named: number, log: (message: string) => void, budgetSeconds = Number.POSITIVE_INFINITY): Promise<number> {
  const image = await findImage(port);
  const subnets = await defaultSubnets(port);
  const started = performance.now();
  const requests: Buffer[] = [];
  const sizes: number[] = [];
  for (let index = 0; index < named; index++) {
    sizes.push(1);
    requests.push(ec2Request(host(port), 'RunInstances', runInstancesParameters(image, 1, targetName(index), subnets[index % subnets.length])));
  }
  for (let left = total - named, batch = 0; left > 0; left -= FILL_BATCH, batch++) {
    const subnet = subnets[batch % subnets.length];
    sizes.push(Math.min(FILL_BATCH, left));
    requests.push(ec2Request(host(port), 'RunInstances', runInstancesParameters(image, Math.min(FILL_BATCH, left), `bench-fill-${batch}`, subnet)));
  }
  const sent = await sendAll(port, requests, 4, started + budgetSeconds * 1000);
  const launched = sizes.slice(0, sent).reduce((sum, size) => sum + size, 0);
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  log(launched < total ? `launched ${launched} of ${total} instances before the ${budgetSeconds} s budget ran out (${seconds} s)` : `launched ${total} instances in ${seconds} s`);
  return launched;
}
