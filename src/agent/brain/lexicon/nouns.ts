import type { ResourceKind } from '../../../cloud/inventory.js';

/** A resource noun as people say it, with what it implies beyond the kind. */
export interface NounEntry {
  readonly kind: ResourceKind;
  readonly plural: boolean;
  /** "alb" implies an application load balancer, "nlb" a network one. */
  readonly loadBalancerType?: 'application' | 'network';
  /** "ssd" implies gp3, "hdd" st1. */
  readonly volumeType?: string;
}

type Row = readonly [singular: string, plural: string, extra?: Partial<NounEntry>];

const ROWS: Record<string, readonly Row[]> = {
  instance: [
    ['instance', 'instances'], ['vm', 'vms'], ['virtual machine', 'virtual machines'], ['server', 'servers'],
    ['machine', 'machines'], ['box', 'boxes'], ['host', 'hosts'], ['node', 'nodes'], ['ec2 instance', 'ec2 instances'],
    ['ec2', 'ec2s'], ['compute instance', 'compute instances'], ['vps', 'vpses'], ['worker', 'workers'],
  ],
  volume: [
    ['volume', 'volumes'], ['disk', 'disks'], ['ebs volume', 'ebs volumes'], ['ebs', 'ebs'], ['drive', 'drives'],
    ['data disk', 'data disks'], ['data volume', 'data volumes'], ['storage', 'storage'], ['block storage', 'block storage'],
    ['hard drive', 'hard drives'], ['hard disk', 'hard disks'], ['ssd', 'ssds', { volumeType: 'gp3' }],
    ['hdd', 'hdds', { volumeType: 'st1' }],
  ],
  vpc: [
    ['vpc', 'vpcs'], ['network', 'networks'], ['virtual network', 'virtual networks'], ['vnet', 'vnets'],
    ['virtual private cloud', 'virtual private clouds'],
  ],
  subnet: [['subnet', 'subnets'], ['subnetwork', 'subnetworks'], ['sub net', 'sub nets']],
  'security-group': [
    ['security group', 'security groups'], ['sg', 'sgs'], ['firewall', 'firewalls'], ['secgroup', 'secgroups'],
    ['securitygroup', 'securitygroups'], ['firewall group', 'firewall groups'],
  ],
  'load-balancer': [
    ['load balancer', 'load balancers'], ['loadbalancer', 'loadbalancers'], ['lb', 'lbs'], ['balancer', 'balancers'],
    ['elb', 'elbs'], ['alb', 'albs', { loadBalancerType: 'application' }], ['nlb', 'nlbs', { loadBalancerType: 'network' }],
    ['application load balancer', 'application load balancers', { loadBalancerType: 'application' }],
    ['network load balancer', 'network load balancers', { loadBalancerType: 'network' }],
  ],
  'target-group': [['target group', 'target groups'], ['targetgroup', 'targetgroups'], ['tg', 'tgs']],
  'elastic-ip': [
    ['elastic ip', 'elastic ips'], ['eip', 'eips'], ['elastic ip address', 'elastic ip addresses'], ['static ip', 'static ips'],
    ['static ip address', 'static ip addresses'], ['elastic address', 'elastic addresses'], ['fixed ip', 'fixed ips'],
    ['static public ip', 'static public ips'], ['static public ip address', 'static public ip addresses'], ['static public address', 'static public addresses'],
    ['elastic public ip', 'elastic public ips'], ['fixed public ip', 'fixed public ips'], ['permanent ip', 'permanent ips'], ['permanent public ip', 'permanent public ips'],
  ],
  'key-pair': [['key pair', 'key pairs'], ['keypair', 'keypairs'], ['ssh key', 'ssh keys']],
};

/** Every resource noun phrase (lowercase) with its entry. */
export const NOUN_PHRASES: ReadonlyMap<string, NounEntry> = buildNouns();

function buildNouns(): Map<string, NounEntry> {
  const nouns = new Map<string, NounEntry>();
  for (const [kind, rows] of Object.entries(ROWS)) {
    for (const [singular, plural, extra] of rows) {
      nouns.set(singular, { kind: kind as ResourceKind, plural: false, ...extra });
      if (!nouns.has(plural)) nouns.set(plural, { kind: kind as ResourceKind, plural: true, ...extra });
    }
  }
  return nouns;
}

/** How messages name a kind: "instance", "security group". */
export function kindLabel(kind: ResourceKind, plural = false): string {
  const label = KIND_LABELS[kind] ?? kind;
  if (!plural) return label;
  return label === 'elastic IP' ? 'elastic IPs' : `${label}s`;
}

const KIND_LABELS: Partial<Record<ResourceKind, string>> = {
  instance: 'instance', volume: 'volume', vpc: 'VPC', subnet: 'subnet', 'security-group': 'security group',
  'load-balancer': 'load balancer', 'target-group': 'target group', 'elastic-ip': 'elastic IP', 'key-pair': 'key pair',
};

/** The kind an id or ARN names, from its prefix (`i-`, `vol-`, `arn:…:loadbalancer/…`). */
export function kindOfId(id: string): ResourceKind | undefined {
  const lower = id.toLowerCase();
  if (lower.startsWith('arn:')) {
    if (lower.includes(':loadbalancer/')) return 'load-balancer';
    if (lower.includes(':targetgroup/')) return 'target-group';
    if (lower.includes(':instance/')) return 'instance';
    if (lower.includes(':volume/')) return 'volume';
    if (lower.includes(':vpc/')) return 'vpc';
    if (lower.includes(':subnet/')) return 'subnet';
    if (lower.includes(':security-group/')) return 'security-group';
    if (lower.includes(':elastic-ip/')) return 'elastic-ip';
    if (lower.includes(':key-pair/')) return 'key-pair';
    return undefined;
  }
  const prefix = lower.slice(0, lower.indexOf('-'));
  return ID_PREFIXES[prefix];
}

const ID_PREFIXES: Record<string, ResourceKind> = {
  i: 'instance', vol: 'volume', vpc: 'vpc', subnet: 'subnet', sg: 'security-group', eipalloc: 'elastic-ip',
  key: 'key-pair', igw: 'internet-gateway', rtb: 'route-table', ami: 'image',
};
