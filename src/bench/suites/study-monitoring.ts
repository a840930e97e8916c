import type { AgentAnswer } from '../agents/bench-agent.js';
import { attachNewVolume, createLoadBalancer, createSecurityGroup, createVpcWithSubnet, defaultNetwork, describeInstance, launchInstance, launchInstances } from '../fixtures.js';
import { mentions, volumesOf } from '../probes.js';
import { Findings, type BenchTask } from '../task.js';

/**
 * The answer a person reads: the lines after the last progress line (before them come what was
 * understood, the plan and the progress, which may name other resources).
 */
function answerText(result: AgentAnswer): string {
  const lines = result.text.split('\n');
  const last = lines.findLastIndex((line) => /^\s+done \(\d/.test(line) || /^\[\d+\/\d+\] /.test(line));
  return lines.slice(last + 1).join('\n');
}

/** The answer text and its data, as one text to look facts up in. */
function shown(result: AgentAnswer): string {
  return `${answerText(result)}\n${JSON.stringify(result.answer ?? null)}`;
}

/** True when the answer names an instance by its Name tag or its id. */
function names(result: AgentAnswer, name: string, id: string): boolean {
  return mentions(shown(result), name) || shown(result).includes(id);
}

const status: BenchTask = {
  id: 'monitor-status',
  taskClass: 'monitoring',
  title: 'VM status',
  phrasings: ['is web-2 running?', 'what state is web-2 in', 'status of web-2 please'],
  async setup(cloud) {
    const [web1, web2] = await launchInstances(cloud, [{ name: 'web-1' }, { name: 'web-2', stopped: true }]);
    return { web1: web1!, web2: web2! };
  },
  async check(cloud, fixture, result) {
    const state = (await describeInstance(cloud, fixture['web2']!)).State?.Name ?? '?';
    return new Findings()
      .expect(mentions(answerText(result), state), `the answer does not say web-2 is ${state} (DescribeInstances says so)`)
      .expect(!/web-2[^\n]*\bis running\b/.test(answerText(result)), 'the answer says web-2 is running, but it is stopped')
      .problems;
  },
};

const publicIp: BenchTask = {
  id: 'monitor-public-ip',
  taskClass: 'monitoring',
  title: 'public IP',
  phrasings: ['what is the public IP of web-1?', 'web-1 public address', 'give me the public ip address for web-1'],
  async setup(cloud) {
    return { web1: await launchInstance(cloud, { name: 'web-1' }) };
  },
  async check(cloud, fixture, result) {
    const address = (await describeInstance(cloud, fixture['web1']!)).PublicIpAddress;
    if (!address) return ['set-up problem: web-1 has no public IP in DescribeInstances'];
    return new Findings().expect(mentions(answerText(result), address), `the answer does not contain web-1's public IP ${address}`).problems;
  },
};

const privateIp: BenchTask = {
  id: 'monitor-private-ip',
  taskClass: 'monitoring',
  title: 'private IP',
  phrasings: ["what's the private IP of web-1?", 'internal address of web-1', 'show me the private ip for the web-1 instance'],
  async setup(cloud) {
    const [web1, web2] = await launchInstances(cloud, [{ name: 'web-1' }, { name: 'web-2' }]);
    return { web1: web1!, web2: web2! };
  },
  async check(cloud, fixture, result) {
    const mine = (await describeInstance(cloud, fixture['web1']!)).PrivateIpAddress ?? '?';
    const other = (await describeInstance(cloud, fixture['web2']!)).PrivateIpAddress ?? '?';
    return new Findings()
      .expect(mentions(answerText(result), mine), `the answer does not contain web-1's private IP ${mine}`)
      .expect(!mentions(answerText(result), other), `the answer gives web-2's private IP ${other} too, but only web-1 was asked about`)
      .problems;
  },
};

const disks: BenchTask = {
  id: 'monitor-disks',
  taskClass: 'monitoring',
  title: 'attached disks with size and type',
  phrasings: ['what disks are attached to web-1?', "list web-1's volumes with their size and type", 'show the storage on web-1'],
  async setup(cloud) {
    const [web1, web2] = await launchInstances(cloud, [{ name: 'web-1' }, { name: 'web-2' }]);
    const data = await attachNewVolume(cloud, web1!, 100, 'gp2', '/dev/sdf', 'web-1-data');
    const other = await attachNewVolume(cloud, web2!, 30, 'standard', '/dev/sdg', 'web-2-data');
    return { web1: web1!, web2: web2!, data, other };
  },
  async check(cloud, fixture, result) {
    const findings = new Findings();
    const volumes = await volumesOf(cloud, fixture['web1']!);
    for (const volume of volumes) {
      findings.expect(answerText(result).includes(volume.VolumeId!), `the answer does not list ${volume.VolumeId}`);
      const line = answerText(result).split('\n').find((candidate) => candidate.includes(volume.VolumeId!)) ?? '';
      findings.expect(mentions(line, String(volume.Size)) && line.includes(volume.VolumeType ?? '?'), `the answer's line for ${volume.VolumeId} does not give its size ${volume.Size} GiB and type ${volume.VolumeType}: "${line.trim()}"`);
    }
    findings.expect(!answerText(result).includes(fixture['other']!), `the answer lists web-2's volume ${fixture['other']}`);
    return findings.problems;
  },
};

const count: BenchTask = {
  id: 'monitor-count',
  taskClass: 'monitoring',
  title: 'counts',
  phrasings: ['how many instances do I have?', 'count my VMs', 'number of EC2 instances?'],
  async setup(cloud) {
    await launchInstances(cloud, [{ name: 'web-1' }, { name: 'web-2' }, { name: 'web-3' }, { name: 'batch-1', stopped: true }]);
    return {};
  },
  async check(_cloud, _fixture, result) {
    return new Findings().expect(mentions(answerText(result), '4'), 'the answer does not say 4 (3 running, 1 stopped)').problems;
  },
};

const networkPeers: BenchTask = {
  id: 'monitor-network-peers',
  taskClass: 'monitoring',
  title: 'what shares a network',
  phrasings: ['what shares a network with web-1?', 'which instances are in the same VPC as web-1', 'who are the network neighbours of web-1'],
  async setup(cloud) {
    const [web1, web2] = await launchInstances(cloud, [{ name: 'web-1' }, { name: 'web-2' }]);
    const other = await createVpcWithSubnet(cloud, 'db-vpc', '10.50.0.0/16', '10.50.1.0/24');
    const db1 = await launchInstance(cloud, { name: 'db-1', subnetId: other.subnetId });
    return { web1: web1!, web2: web2!, db1 };
  },
  async check(_cloud, fixture, result) {
    return new Findings()
      .expect(names(result, 'web-2', fixture['web2']!), 'the answer does not name web-2, which shares the default VPC with web-1')
      .expect(!mentions(answerText(result), 'db-1') && !answerText(result).includes(fixture['db1']!), 'the answer names db-1, which is in another VPC')
      .problems;
  },
};

const balancerMembers: BenchTask = {
  id: 'monitor-lb-members',
  taskClass: 'monitoring',
  title: 'what is behind the load balancer',
  phrasings: ['what is behind the load balancer?', 'which instances does shop-lb send traffic to', 'list the targets of shop-lb'],
  async setup(cloud) {
    const [web1, web2, web3] = await launchInstances(cloud, [{ name: 'web-1' }, { name: 'web-2' }, { name: 'web-3' }]);
    await createLoadBalancer(cloud, 'shop-lb', 'shop-tg', [web1!, web2!]);
    return { web1: web1!, web2: web2!, web3: web3! };
  },
  async check(_cloud, fixture, result) {
    return new Findings()
      .expect(names(result, 'web-1', fixture['web1']!), 'the answer does not name web-1, which is behind shop-lb')
      .expect(names(result, 'web-2', fixture['web2']!), 'the answer does not name web-2, which is behind shop-lb')
      .expect(!mentions(answerText(result), 'web-3') && !answerText(result).includes(fixture['web3']!), 'the answer names web-3, which is not behind shop-lb')
      .problems;
  },
};

const dependencyGraph: BenchTask = {
  id: 'monitor-dependency-graph',
  taskClass: 'monitoring',
  title: 'the dependency graph',
  phrasings: ['show the dependency graph of web-1', 'what does web-1 depend on?', "draw web-1's dependencies", 'dependency graph of web-1 as dot'],
  async setup(cloud) {
    const network = await defaultNetwork(cloud);
    const group = await createSecurityGroup(cloud, 'web-sg', network.vpcId, [80]);
    const web1 = await launchInstance(cloud, { name: 'web-1', subnetId: network.subnetIds[0]!, securityGroupIds: [group] });
    const root = (await volumesOf(cloud, web1))[0]?.VolumeId ?? '?';
    return { web1, group, subnet: network.subnetIds[0]!, vpc: network.vpcId, root };
  },
  async check(_cloud, fixture, result) {
    const findings = new Findings();
    for (const [what, key] of [['subnet', 'subnet'], ['VPC', 'vpc'], ['security group web-sg', 'group'], ['root volume', 'root']] as const) {
      findings.expect(shown(result).includes(fixture[key]!), `the graph does not show web-1's ${what} ${fixture[key]}`);
    }
    return findings.problems;
  },
};

/** The study's monitoring tasks: status, addresses, disks, counts, neighbours, load balancer members, dependencies. */
export const monitoringTasks: readonly BenchTask[] = [status, publicIp, privateIp, disks, count, networkPeers, balancerMembers, dependencyGraph];
