import { DescribeSubnetsCommand, DescribeVpcsCommand } from '@aws-sdk/client-ec2';
import { DescribeListenersCommand, DescribeLoadBalancersCommand, DescribeTargetGroupsCommand } from '@aws-sdk/client-elastic-load-balancing-v2';
import type { BenchCloud } from '../bench-cloud.js';
import { defaultNetwork, launchInstances } from '../fixtures.js';
import { addresses, allowsIngress, allVolumes, instances, nameOf, securityGroupNamed, targetIds } from '../probes.js';
import { Findings, type BenchTask } from '../task.js';

/** Checks that exactly these names run as live instances, and nothing else does; returns them by name. */
async function expectRunning(cloud: BenchCloud, findings: Findings, names: readonly string[]) {
  const live = await instances(cloud);
  const found = live.map((instance) => nameOf(instance) ?? instance.InstanceId).sort();
  findings.expect(JSON.stringify(found) === JSON.stringify([...names].sort()), `expected exactly the instances ${names.join(', ')}, found ${found.join(', ') || 'none'}`);
  for (const instance of live) findings.expect(instance.State?.Name === 'running', `${nameOf(instance) ?? instance.InstanceId} is ${instance.State?.Name}, expected running`);
  return live;
}

/** Checks that one new load balancer forwards HTTP:80 to a target group holding exactly `instanceIds`. */
async function expectBalancerFor(cloud: BenchCloud, findings: Findings, instanceIds: readonly string[]): Promise<void> {
  const balancers = (await cloud.elbv2.send(new DescribeLoadBalancersCommand({}))).LoadBalancers ?? [];
  findings.expect(balancers.length === 1, `expected one load balancer, found ${balancers.length}`);
  const balancer = balancers[0];
  if (!balancer) return;
  findings.expect(balancer.State?.Code === 'active', `${balancer.LoadBalancerName} is ${balancer.State?.Code}, expected active`);
  const listeners = (await cloud.elbv2.send(new DescribeListenersCommand({ LoadBalancerArn: balancer.LoadBalancerArn }))).Listeners ?? [];
  const forward = listeners.find((listener) => listener.Port === 80)?.DefaultActions?.find((action) => action.Type === 'forward');
  const groupArn = forward?.TargetGroupArn ?? forward?.ForwardConfig?.TargetGroups?.[0]?.TargetGroupArn;
  findings.expect(groupArn !== undefined, `${balancer.LoadBalancerName} has no listener on port 80 forwarding to a target group (listeners: ${listeners.map((listener) => listener.Port).join(', ') || 'none'})`);
  if (!groupArn) return;
  const group = (await cloud.elbv2.send(new DescribeTargetGroupsCommand({ TargetGroupArns: [groupArn] }))).TargetGroups?.[0];
  findings.expect(group?.HealthCheckEnabled !== false && group?.HealthCheckProtocol !== undefined, `target group ${group?.TargetGroupName} has no health check`);
  const registered = await targetIds(cloud, groupArn);
  findings.expect(JSON.stringify(registered) === JSON.stringify([...instanceIds].sort()), `target group ${group?.TargetGroupName} holds ${registered.join(', ') || 'nothing'}, expected ${[...instanceIds].sort().join(', ')}`);
}

const oneVm: BenchTask = {
  id: 'provision-one-vm',
  taskClass: 'provisioning',
  title: 'one VM',
  phrasings: [
    'launch a t3.micro instance called web-1',
    'I need one new VM named web-1 running Amazon Linux',
    'spin up a single server and name it web-1',
    'create an EC2 instance web-1 with ubuntu 24.04',
  ],
  async check(cloud) {
    const findings = new Findings();
    await expectRunning(cloud, findings, ['web-1']);
    return findings.problems;
  },
};

const threeVmsOneNetwork: BenchTask = {
  id: 'provision-three-vms-same-network',
  taskClass: 'provisioning',
  title: 'three VMs in the same network',
  phrasings: [
    'launch three VMs named web-1, web-2 and web-3 in the same network',
    'create 3 t3.small instances web-1..3 in one subnet',
    'spin up web-1 through web-3 together on a single network',
  ],
  async check(cloud) {
    const findings = new Findings();
    const live = await expectRunning(cloud, findings, ['web-1', 'web-2', 'web-3']);
    const subnets = new Set(live.map((instance) => instance.SubnetId));
    findings.expect(subnets.size === 1, `the instances are spread over ${subnets.size} subnets (${[...subnets].join(', ')}), expected one`);
    return findings.problems;
  },
};

const existingVmsBehindBalancer: BenchTask = {
  id: 'provision-lb-for-existing-vms',
  taskClass: 'provisioning',
  title: 'VMs behind a new load balancer',
  phrasings: [
    'put web-1, web-2 and web-3 behind a new load balancer on port 80',
    'create an application load balancer for web-1..3 listening on HTTP port 80',
    'load-balance web-1 through web-3 behind a new ALB',
  ],
  async setup(cloud) {
    const [web1, web2, web3] = await launchInstances(cloud, [{ name: 'web-1' }, { name: 'web-2' }, { name: 'web-3' }]);
    return { web1: web1!, web2: web2!, web3: web3! };
  },
  async check(cloud, fixture) {
    const findings = new Findings();
    await expectRunning(cloud, findings, ['web-1', 'web-2', 'web-3']);
    await expectBalancerFor(cloud, findings, [fixture['web1']!, fixture['web2']!, fixture['web3']!]);
    return findings.problems;
  },
};

const newVmsBehindBalancer: BenchTask = {
  id: 'provision-vms-behind-new-lb',
  taskClass: 'provisioning',
  title: 'new VMs behind a new load balancer',
  phrasings: [
    'launch two VMs named app-1 and app-2 behind a new load balancer',
    'create app-1 and app-2 (t3.micro) and put them behind an application load balancer on port 80',
    'I want 2 new instances, app-1 and app-2, load balanced over HTTP',
  ],
  async check(cloud) {
    const findings = new Findings();
    const live = await expectRunning(cloud, findings, ['app-1', 'app-2']);
    await expectBalancerFor(cloud, findings, live.map((instance) => instance.InstanceId!));
    return findings.problems;
  },
};

const vpcWithSubnets: BenchTask = {
  id: 'provision-vpc-with-subnets',
  taskClass: 'provisioning',
  title: 'a new VPC with subnets',
  phrasings: [
    'create a VPC 10.20.0.0/16 with two subnets',
    'make a new network 10.20.0.0/16 split into 2 subnets',
    'set up a vpc with cidr 10.20.0.0/16 and 2 public subnets',
  ],
  async check(cloud) {
    const findings = new Findings();
    const vpcs = ((await cloud.ec2.send(new DescribeVpcsCommand({}))).Vpcs ?? []).filter((vpc) => !vpc.IsDefault);
    findings.expect(vpcs.length === 1 && vpcs[0]?.CidrBlock === '10.20.0.0/16', `expected one new VPC 10.20.0.0/16, found ${vpcs.map((vpc) => vpc.CidrBlock).join(', ') || 'none'}`);
    const vpcId = vpcs[0]?.VpcId;
    if (!vpcId) return findings.problems;
    const subnets = (await cloud.ec2.send(new DescribeSubnetsCommand({ Filters: [{ Name: 'vpc-id', Values: [vpcId] }] }))).Subnets ?? [];
    findings.expect(subnets.length === 2, `${vpcId} has ${subnets.length} subnets, expected 2`);
    const cidrs = subnets.map((subnet) => subnet.CidrBlock ?? '');
    findings.expect(cidrs.every((cidr) => cidr.startsWith('10.20.')), `subnet blocks ${cidrs.join(', ')} are not all inside 10.20.0.0/16`);
    findings.expect(new Set(cidrs).size === cidrs.length, `subnet blocks repeat: ${cidrs.join(', ')}`);
    return findings.problems;
  },
};

const securityGroupWithRules: BenchTask = {
  id: 'provision-security-group',
  taskClass: 'provisioning',
  title: 'a security group with rules',
  phrasings: [
    'create a security group web-sg that allows HTTP and HTTPS from anywhere',
    'new security group named web-sg, open ports 80 and 443 to the world',
    'make a firewall group web-sg allowing inbound tcp 80 and 443 from 0.0.0.0/0',
  ],
  async check(cloud) {
    const findings = new Findings();
    const group = await securityGroupNamed(cloud, 'web-sg');
    findings.expect(group !== undefined, 'there is no security group named web-sg');
    if (!group) return findings.problems;
    const network = await defaultNetwork(cloud);
    findings.expect(group.VpcId === network.vpcId, `web-sg is in ${group.VpcId}, expected the default VPC ${network.vpcId}`);
    findings.expect(allowsIngress(group, 80), 'web-sg does not let port 80 in from 0.0.0.0/0');
    findings.expect(allowsIngress(group, 443), 'web-sg does not let port 443 in from 0.0.0.0/0');
    findings.expect(!allowsIngress(group, 22), 'web-sg lets SSH (22) in, which nobody asked for');
    return findings.problems;
  },
};

const volume: BenchTask = {
  id: 'provision-volume',
  taskClass: 'provisioning',
  title: 'a volume',
  phrasings: [
    'create a 20 GiB gp3 volume named data-1',
    'I need a new 20 GB disk (gp3) called data-1',
    'provision an EBS volume data-1, 20 gigabytes, type gp3',
  ],
  async check(cloud) {
    const findings = new Findings();
    const volumes = (await allVolumes(cloud)).filter((candidate) => nameOf(candidate) === 'data-1');
    findings.expect(volumes.length === 1, `expected one volume named data-1, found ${volumes.length}`);
    const found = volumes[0];
    if (!found) return findings.problems;
    findings.expect(found.Size === 20, `data-1 is ${found.Size} GiB, expected 20`);
    findings.expect(found.VolumeType === 'gp3', `data-1 is ${found.VolumeType}, expected gp3`);
    findings.expect(found.State === 'available', `data-1 is ${found.State}, expected available`);
    return findings.problems;
  },
};

const elasticIp: BenchTask = {
  id: 'provision-elastic-ip',
  taskClass: 'provisioning',
  title: 'an Elastic IP for a VM',
  phrasings: [
    'allocate an elastic IP for web-1',
    'give web-1 a static public IP address',
    'attach a new Elastic IP to web-1',
  ],
  async setup(cloud) {
    const [web1] = await launchInstances(cloud, [{ name: 'web-1' }]);
    return { web1: web1! };
  },
  async check(cloud, fixture) {
    const findings = new Findings();
    const found = await addresses(cloud);
    findings.expect(found.length === 1, `expected one Elastic IP, found ${found.length}`);
    const address = found[0];
    if (!address) return findings.problems;
    findings.expect(address.InstanceId === fixture['web1'], `the Elastic IP ${address.PublicIp} is on ${address.InstanceId ?? 'nothing'}, expected web-1 (${fixture['web1']})`);
    const web1 = (await instances(cloud)).find((instance) => instance.InstanceId === fixture['web1']);
    findings.expect(web1?.PublicIpAddress === address.PublicIp, `web-1's public IP is ${web1?.PublicIpAddress}, expected the Elastic IP ${address.PublicIp}`);
    return findings.problems;
  },
};

/** The study's provisioning tasks (one VM, three in a network, behind a load balancer) and the network pieces. */
export const provisioningTasks: readonly BenchTask[] = [
  oneVm, threeVmsOneNetwork, existingVmsBehindBalancer, newVmsBehindBalancer, vpcWithSubnets, securityGroupWithRules, volume, elasticIp,
];
