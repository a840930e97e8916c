import type { BenchCloud } from '../bench-cloud.js';
import { attachNewVolume, createLoadBalancer, createSecurityGroup, defaultNetwork, launchInstance, launchInstances } from '../fixtures.js';
import { allowsIngress, instanceById, instancesNamed, securityGroupNamed, targetIds, volumesOf } from '../probes.js';
import { Findings, type BenchTask, type Fixture } from '../task.js';

/** Reads an instance the set-up made and checks it still exists under its name; undefined when gone. */
async function same(cloud: BenchCloud, findings: Findings, fixture: Fixture, key: string, name: string) {
  const instance = await instanceById(cloud, fixture[key]!);
  findings.expect(instance !== undefined, `${name} (${fixture[key]}) no longer exists`);
  return instance;
}

const oneInstance = async (cloud: BenchCloud): Promise<Fixture> => ({ web1: await launchInstance(cloud, { name: 'web-1' }) });

const attachDisk: BenchTask = {
  id: 'update-attach-disk',
  taskClass: 'update',
  title: 'attach an extra disk',
  phrasings: [
    'attach a 50 GB disk to web-1',
    'add an extra 50 GiB gp3 volume to web-1',
    'web-1 needs another disk of 50 gigabytes',
  ],
  setup: oneInstance,
  async check(cloud, fixture) {
    const findings = new Findings();
    const web1 = await same(cloud, findings, fixture, 'web1', 'web-1');
    findings.expect(web1?.State?.Name === 'running', `web-1 is ${web1?.State?.Name}, expected running (a disk attaches live)`);
    const volumes = await volumesOf(cloud, fixture['web1']!);
    findings.expect(volumes.length === 2, `web-1 has ${volumes.length} volumes, expected its root disk and one more`);
    const extra = volumes.find((volume) => volume.Size === 50);
    findings.expect(extra !== undefined, `web-1 has no 50 GiB volume (sizes: ${volumes.map((volume) => volume.Size).join(', ')})`);
    findings.expect(extra?.Attachments?.[0]?.State === 'attached', `the 50 GiB volume is ${extra?.Attachments?.[0]?.State ?? 'not attached'}, expected attached`);
    return findings.problems;
  },
};

const detailedMonitoring: BenchTask = {
  id: 'update-detailed-monitoring',
  taskClass: 'update',
  title: 'enable detailed monitoring',
  phrasings: [
    'enable detailed monitoring on web-1',
    'turn on detailed CloudWatch monitoring for web-1',
    'switch web-1 to detailed monitoring',
  ],
  setup: oneInstance,
  async check(cloud, fixture) {
    const findings = new Findings();
    const web1 = await same(cloud, findings, fixture, 'web1', 'web-1');
    // AWS reports `pending` until the switch completes; both mean the request took.
    findings.expect(['enabled', 'pending'].includes(web1?.Monitoring?.State ?? ''), `web-1's monitoring is ${web1?.Monitoring?.State}, expected enabled`);
    findings.expect(web1?.State?.Name === 'running', `web-1 is ${web1?.State?.Name}, expected running (monitoring changes live)`);
    return findings.problems;
  },
};

const resize: BenchTask = {
  id: 'update-resize',
  taskClass: 'update',
  title: 'resize a VM',
  phrasings: [
    'resize web-1 to t3.large',
    "change web-1's instance type to t3.large",
    'make web-1 a t3.large',
  ],
  setup: oneInstance,
  async check(cloud, fixture) {
    const findings = new Findings();
    const web1 = await same(cloud, findings, fixture, 'web1', 'web-1');
    findings.expect(web1?.InstanceType === 't3.large', `web-1 is a ${web1?.InstanceType}, expected t3.large`);
    findings.expect(web1?.State?.Name === 'running', `web-1 is ${web1?.State?.Name}, expected running again after the resize`);
    return findings.problems;
  },
};

/** A power task: web-1 (and a bystander web-2) start in `from`; web-1 must end in `to`, web-2 untouched. */
function power(id: string, title: string, from: 'running' | 'stopped', to: string, phrasings: readonly string[]): BenchTask {
  return {
    id,
    taskClass: 'update',
    title,
    phrasings,
    async setup(cloud) {
      const [web1, web2] = await launchInstances(cloud, [{ name: 'web-1', stopped: from === 'stopped' }, { name: 'web-2', stopped: from === 'stopped' }]);
      return { web1: web1!, web2: web2! };
    },
    async check(cloud, fixture) {
      const findings = new Findings();
      const web1 = await same(cloud, findings, fixture, 'web1', 'web-1');
      const web2 = await same(cloud, findings, fixture, 'web2', 'web-2');
      const allowed = to === 'terminated' ? ['terminated', 'shutting-down'] : [to];
      findings.expect(allowed.includes(web1?.State?.Name ?? ''), `web-1 is ${web1?.State?.Name}, expected ${to}`);
      findings.expect(web2?.State?.Name === from, `web-2 is ${web2?.State?.Name}; it was ${from} and nobody asked to change it`);
      return findings.problems;
    },
  };
}

const tag: BenchTask = {
  id: 'update-tag',
  taskClass: 'update',
  title: 'tag a VM',
  phrasings: [
    'tag web-1 with env=prod',
    'add the tag env: prod to web-1',
    'set the env tag of web-1 to prod',
  ],
  setup: oneInstance,
  async check(cloud, fixture) {
    const findings = new Findings();
    const web1 = await same(cloud, findings, fixture, 'web1', 'web-1');
    const tags = Object.fromEntries((web1?.Tags ?? []).map((entry) => [entry.Key, entry.Value]));
    findings.expect(tags['env'] === 'prod', `web-1's env tag is ${tags['env'] ?? 'missing'}, expected prod`);
    findings.expect(tags['Name'] === 'web-1', `web-1's Name tag became ${tags['Name']}`);
    return findings.problems;
  },
};

/** A port task on web-sg, which starts with `ports` open to the world. */
function ports(id: string, title: string, start: readonly number[], open: readonly number[], closed: readonly number[], phrasings: readonly string[]): BenchTask {
  return {
    id,
    taskClass: 'update',
    title,
    phrasings,
    async setup(cloud) {
      return { group: await createSecurityGroup(cloud, 'web-sg', (await defaultNetwork(cloud)).vpcId, start) };
    },
    async check(cloud) {
      const findings = new Findings();
      const group = await securityGroupNamed(cloud, 'web-sg');
      if (!group) return ['web-sg is gone'];
      for (const port of open) findings.expect(allowsIngress(group, port), `web-sg does not let port ${port} in from 0.0.0.0/0`);
      for (const port of closed) findings.expect(!allowsIngress(group, port), `web-sg still lets port ${port} in from 0.0.0.0/0`);
      return findings.problems;
    },
  };
}

const convertToSpot: BenchTask = {
  id: 'update-convert-to-spot',
  taskClass: 'update',
  title: 'convert on-demand to spot (replacement)',
  phrasings: [
    'switch api-1 to spot',
    'convert api-1 from on-demand to a spot instance',
    'make api-1 run on spot pricing',
  ],
  async setup(cloud) {
    const network = await defaultNetwork(cloud);
    const group = await createSecurityGroup(cloud, 'api-sg', network.vpcId, [80]);
    const subnet = network.subnetIds[1]!;
    const api1 = await launchInstance(cloud, { name: 'api-1', subnetId: subnet, securityGroupIds: [group] });
    const volume = await attachNewVolume(cloud, api1, 10, 'gp3', '/dev/sdf', 'api-data');
    const balancer = await createLoadBalancer(cloud, 'shop-lb', 'shop-tg', [api1]);
    return { api1, group, subnet, volume, targetGroup: balancer.targetGroupArn };
  },
  async check(cloud, fixture) {
    const findings = new Findings();
    const named = await instancesNamed(cloud, 'api-1');
    findings.expect(named.length === 1, `expected one live instance named api-1, found ${named.length}`);
    const fresh = named.find((instance) => instance.InstanceId !== fixture['api1']);
    findings.expect(fresh !== undefined, 'api-1 was not replaced: the live api-1 is still the original instance');
    if (fresh) {
      findings.expect(fresh.InstanceLifecycle === 'spot', `the new api-1 is ${fresh.InstanceLifecycle ?? 'on-demand'}, expected spot`);
      findings.expect(fresh.State?.Name === 'running', `the new api-1 is ${fresh.State?.Name}, expected running`);
      findings.expect(fresh.SubnetId === fixture['subnet'], `the new api-1 is in ${fresh.SubnetId}, expected the old subnet ${fixture['subnet']}`);
      const groups = (fresh.SecurityGroups ?? []).map((group) => group.GroupId).sort();
      findings.expect(JSON.stringify(groups) === JSON.stringify([fixture['group']]), `the new api-1 has security groups ${groups.join(', ')}, expected ${fixture['group']} (api-sg)`);
      const volumes = await volumesOf(cloud, fresh.InstanceId!);
      findings.expect(volumes.some((volume) => volume.VolumeId === fixture['volume']), `the data volume ${fixture['volume']} is not attached to the new api-1`);
    }
    const old = await instanceById(cloud, fixture['api1']!);
    findings.expect(['terminated', 'shutting-down'].includes(old?.State?.Name ?? 'terminated'), `the old api-1 (${fixture['api1']}) is ${old?.State?.Name}, expected terminated`);
    const members = await targetIds(cloud, fixture['targetGroup']!);
    findings.expect(fresh !== undefined && members.includes(fresh.InstanceId!), `shop-tg does not hold the new api-1 (it holds ${members.join(', ') || 'nothing'})`);
    findings.expect(!members.includes(fixture['api1']!), `shop-tg still holds the old api-1 (${fixture['api1']})`);
    return findings.problems;
  },
};

/** A target-group membership task: shop-tg starts with `start` of web-1, web-2 and must end with `end`. */
function membership(id: string, title: string, start: readonly ('web1' | 'web2')[], end: readonly ('web1' | 'web2')[], phrasings: readonly string[]): BenchTask {
  return {
    id,
    taskClass: 'update',
    title,
    phrasings,
    async setup(cloud) {
      const [web1, web2] = await launchInstances(cloud, [{ name: 'web-1' }, { name: 'web-2' }]);
      const ids: Record<string, string> = { web1: web1!, web2: web2! };
      const balancer = await createLoadBalancer(cloud, 'shop-lb', 'shop-tg', start.map((key) => ids[key]!));
      return { ...ids, targetGroup: balancer.targetGroupArn };
    },
    async check(cloud, fixture) {
      const members = await targetIds(cloud, fixture['targetGroup']!);
      const wanted = end.map((key) => fixture[key]!).sort();
      const label = (ids: readonly string[]) => ids.map((value) => (value === fixture['web1'] ? 'web-1' : value === fixture['web2'] ? 'web-2' : value)).join(', ') || 'nothing';
      return JSON.stringify(members) === JSON.stringify(wanted) ? [] : [`shop-tg holds ${label(members)}, expected ${label(wanted)}`];
    },
  };
}

/** The study's update tasks (disk, monitoring, spot) and the everyday ones around them. */
export const updateTasks: readonly BenchTask[] = [
  attachDisk,
  detailedMonitoring,
  resize,
  power('update-stop', 'stop a VM', 'running', 'stopped', ['stop web-1', 'shut down web-1', 'please power off the web-1 instance']),
  power('update-start', 'start a VM', 'stopped', 'running', ['start web-1', 'boot web-1 back up', 'power on web-1']),
  power('update-reboot', 'reboot a VM', 'running', 'running', ['reboot web-1', 'restart web-1', 'give web-1 a reboot']),
  power('update-terminate', 'terminate a VM', 'running', 'terminated', ['terminate web-1', 'destroy the web-1 instance', 'get rid of web-1 for good']),
  tag,
  ports('update-open-port', 'open a port', [22], [22, 443], [], ['open port 443 on web-sg to the world', 'allow HTTPS from anywhere in web-sg', 'web-sg should accept inbound tcp 443 from 0.0.0.0/0']),
  ports('update-close-port', 'close a port', [22, 80], [80], [22], ['close port 22 on web-sg', 'stop allowing SSH into web-sg', 'remove the inbound rule for port 22 from web-sg']),
  convertToSpot,
  membership('update-into-target-group', 'move into a target group', ['web1'], ['web1', 'web2'], ['add web-2 to shop-tg', 'register web-2 in the shop-tg target group', 'move web-2 into target group shop-tg']),
  membership('update-out-of-target-group', 'move out of a target group', ['web1', 'web2'], ['web2'], ['remove web-1 from shop-tg', 'deregister web-1 from the shop-tg target group', 'take web-1 out of shop-tg']),
];
