import type { CreateInstancesIntent, Intent, PortRule, Target, VolumeSpec } from '../../plan/intent.js';
import { kindLabel } from './lexicon/nouns.js';

/** One line saying what an intent asks for, as the user would say it: "stop instance web-1". */
export function describeIntent(intent: Intent): string {
  switch (intent.type) {
    case 'create-instances':
      return describeLaunch(intent);
    case 'create-load-balancer': {
      const behind = 'type' in intent.instances ? describeLaunch(intent.instances, 'new ').replace(/^launch /, '') : describeTarget(intent.instances);
      const kind = intent.loadBalancerType === 'network' ? 'network load balancer' : 'application load balancer';
      const health = intent.healthCheckPath ? `, health check ${intent.healthCheckPath}` : '';
      return `create ${kind}${intent.name ? ` ${intent.name}` : ''} (${intent.protocol}:${intent.port}${health}) in front of ${behind}`;
    }
    case 'create-vpc':
      return `create VPC${intent.name ? ` ${intent.name}` : ''}${intent.cidr ? ` ${intent.cidr}` : ''}${intent.subnetCount ? ` with ${intent.subnetCount} ${intent.publicSubnets ? 'public' : 'private'} subnet${intent.subnetCount > 1 ? 's' : ''}` : ''}`;
    case 'create-subnet':
      return `create ${intent.public ? 'public ' : ''}subnet${intent.name ? ` ${intent.name}` : ''}${intent.cidr ? ` ${intent.cidr}` : ''} in ${describeTarget(intent.vpc)}${intent.availabilityZone ? ` (${intent.availabilityZone})` : ''}`;
    case 'create-security-group':
      return `create security group ${intent.name}${intent.vpc ? ` in ${describeTarget(intent.vpc)}` : ''}${intent.rules.length ? ` allowing ${describeRules(intent.rules)}` : ''}`;
    case 'change-ports':
      return `${intent.action === 'open' ? 'allow' : 'revoke'} ${describeRules(intent.rules)} ${intent.action === 'open' ? 'into' : 'on'} ${describeTarget(intent.target)}`;
    case 'create-volume':
      return `create ${describeVolume(intent.volume)} volume${intent.name ? ` ${intent.name}` : ''}${intent.attachTo ? ` and attach it to ${describeTarget(intent.attachTo)}` : ''}${intent.availabilityZone ? ` in ${intent.availabilityZone}` : ''}`;
    case 'attach-volume':
      return `attach ${'sizeGiB' in intent.volume ? `a new ${describeVolume(intent.volume)} volume` : describeTarget(intent.volume)} to ${describeTarget(intent.instance)}`;
    case 'detach-volume':
      return `detach ${describeTarget(intent.volume)}`;
    case 'allocate-address':
      return `allocate an elastic IP${intent.name ? ` ${intent.name}` : ''}${intent.instance ? ` and associate it with ${describeTarget(intent.instance)}` : ''}`;
    case 'release-address':
      return `release ${describeTarget(intent.address)}`;
    case 'instance-power':
      return `${intent.action} ${describeTarget(intent.targets)}`;
    case 'resize':
      return `resize ${describeTarget(intent.targets)} to ${intent.instanceType}`;
    case 'set-monitoring':
      return `${intent.enabled ? 'enable' : 'disable'} detailed monitoring on ${describeTarget(intent.targets)}`;
    case 'tag': {
      const set = Object.entries(intent.tags).map(([key, value]) => `${key}=${value}`).join(', ');
      const removed = intent.removeKeys?.length ? `remove tag${intent.removeKeys.length > 1 ? 's' : ''} ${intent.removeKeys.join(', ')}` : '';
      return `${[set ? `tag ${describeTarget(intent.targets)} with ${set}` : '', removed ? `${removed}${set ? '' : ` from ${describeTarget(intent.targets)}`}` : ''].filter(Boolean).join(' and ')}`;
    }
    case 'set-market':
      return `convert ${describeTarget(intent.targets)} to ${intent.market}`;
    case 'target-membership':
      return `${intent.action === 'add' ? 'register' : 'deregister'} ${describeTarget(intent.instances)} ${intent.action === 'add' ? 'with' : 'from'} ${describeTarget(intent.group)}`;
    case 'delete':
      return `delete ${describeTarget(intent.targets)}`;
    case 'query':
      return describeQuery(intent);
    case 'restore-drift':
      return `set ${intent.findings} drifted finding${intent.findings === 1 ? '' : 's'} in ${intent.stacks.join(', ')} back to the code`;
  }
}

function describeLaunch(intent: CreateInstancesIntent, adjective = ''): string {
  const what = `${intent.count} ${adjective}${intent.spot ? 'spot ' : ''}instance${intent.count > 1 ? 's' : ''}`;
  const names = intent.names.length ? ` ${intent.names.join(', ')}` : '';
  const details = [intent.instanceType, intent.image?.family ?? intent.image?.imageId].filter(Boolean).join(', ');
  const extras = [
    intent.network ? `in ${intent.network.kind === 'instance' ? `the same network as ${describeTarget(intent.network, false)}` : describeTarget(intent.network)}` : '',
    intent.securityGroups?.length ? `with ${intent.securityGroups.map((group) => describeTarget(group)).join(', ')}` : '',
    intent.keyName ? `with key pair ${intent.keyName}` : '',
    intent.publicIp === true ? 'with a public IP' : intent.publicIp === false ? 'without a public IP' : '',
    intent.extraVolumes?.length ? `with ${intent.extraVolumes.map((volume) => `a ${describeVolume(volume)}`).join(' and ')} data volume${intent.extraVolumes.length > 1 ? 's' : ''}` : '',
    intent.monitoring ? 'with detailed monitoring' : '',
    intent.tags && Object.keys(intent.tags).length ? `tagged ${Object.entries(intent.tags).map(([key, value]) => `${key}=${value}`).join(', ')}` : '',
  ].filter(Boolean);
  return `launch ${what}${names}${details ? ` (${details})` : ''}${extras.length ? ` ${extras.join(' ')}` : ''}`;
}

function describeQuery(intent: Extract<Intent, { type: 'query' }>): string {
  const about = intent.targets ? ` of ${describeTarget(intent.targets)}` : '';
  const kind = intent.kind ? kindLabel(intent.kind, true) : 'resources';
  switch (intent.question) {
    case 'count':
      return `count ${kind}${intent.targets ? ` (${describeTarget(intent.targets)})` : ''}`;
    case 'list':
      return `list ${kind}${intent.targets ? ` (${describeTarget(intent.targets)})` : ''}`;
    case 'graph':
      return `show the dependency graph${intent.targets ? ` of ${describeTarget(intent.targets)}` : ' of everything'} as ${intent.format ?? 'text'}`;
    case 'network-peers':
      return `show what shares a network with ${intent.targets ? describeTarget(intent.targets, false) : 'it'}`;
    case 'lb-members':
      return `show what is behind ${intent.targets ? describeTarget(intent.targets) : 'the load balancer'}`;
    default:
      return `show the ${QUESTION_LABELS[intent.question]}${about}`;
  }
}

const QUESTION_LABELS: Record<string, string> = {
  status: 'status', 'public-ip': 'public IP', 'private-ip': 'private IP', addresses: 'IP addresses', disks: 'attached disks (size and type)',
  describe: 'details', 'target-health': 'target health', 'instance-type': 'instance type',
};

/** A target as words: "instance web-1", "instances web-1, web-2", "all instances in VPC prod". */
export function describeTarget(target: Target, withKind = true): string {
  const { selector } = target;
  const kind = kindLabel(target.kind);
  const prefix = (plural: boolean) => (withKind ? `${kindLabel(target.kind, plural)} ` : '');
  switch (selector.by) {
    case 'id':
      return `${prefix(false)}${selector.id}`;
    case 'name':
      return `${prefix(selector.name.includes('*'))}${selector.name}`;
    case 'names':
      return `${prefix(true)}${selector.names.join(', ')}`;
    case 'only':
      return `the ${kind}`;
    case 'all':
      return `all ${kindLabel(target.kind, true)}${selector.within ? ` ${selector.within.kind === 'load-balancer' || selector.within.kind === 'target-group' ? 'behind' : 'in'} ${describeTarget(selector.within)}` : ''}`;
  }
}

/** Port rules as words: "tcp/22 from 0.0.0.0/0". */
export function describeRules(rules: readonly PortRule[]): string {
  return rules
    .map((rule) => {
      const ports = rule.protocol === '-1' ? 'all traffic' : rule.protocol === 'icmp' ? 'icmp' : rule.fromPort === rule.toPort ? `${rule.protocol}/${rule.fromPort}` : `${rule.protocol}/${rule.fromPort}-${rule.toPort}`;
      return `${ports} from ${rule.cidr}`;
    })
    .join(', ');
}

function describeVolume(volume: VolumeSpec): string {
  return `${volume.sizeGiB} GiB${volume.volumeType ? ` ${volume.volumeType}` : ''}`;
}
