import { allResources, type AnyResourceView, type Inventory, type ResourceKind } from '../../cloud/inventory.js';

/** The word a kind's logical ids end with, and the endings people already use for it in names. */
const KIND_WORDS: Readonly<Record<Exclude<ResourceKind, 'image'>, { suffix: string; aliases: readonly string[] }>> = {
  vpc: { suffix: 'Vpc', aliases: ['Vpc', 'Network'] },
  subnet: { suffix: 'Subnet', aliases: ['Subnet'] },
  'internet-gateway': { suffix: 'InternetGateway', aliases: ['Igw', 'Gateway'] },
  'route-table': { suffix: 'RouteTable', aliases: ['Rt', 'Rtb', 'RouteTable', 'Routes'] },
  'security-group': { suffix: 'SecurityGroup', aliases: ['Sg', 'SecurityGroup'] },
  'key-pair': { suffix: 'KeyPair', aliases: ['Key', 'KeyPair'] },
  instance: { suffix: 'Instance', aliases: ['Instance', 'Vm', 'Server'] },
  volume: { suffix: 'Volume', aliases: ['Volume', 'Vol', 'Disk'] },
  'elastic-ip': { suffix: 'Eip', aliases: ['Eip', 'Ip', 'Address'] },
  'load-balancer': { suffix: 'LoadBalancer', aliases: ['Lb', 'Alb', 'Nlb', 'Elb', 'LoadBalancer', 'Balancer'] },
  'target-group': { suffix: 'TargetGroup', aliases: ['Tg', 'TargetGroup'] },
  listener: { suffix: 'Listener', aliases: ['Listener'] },
};

/** Order in which kinds get their names: containers first, so parts can be named after them. */
const NAMING_ORDER: readonly ResourceKind[] = [
  'vpc', 'subnet', 'internet-gateway', 'route-table', 'security-group', 'key-pair',
  'instance', 'volume', 'elastic-ip', 'load-balancer', 'target-group', 'listener',
];

/** `web-1` → `Web1`, `public-a` → `PublicA`: CloudFormation logical ids are alphanumeric. */
export function pascalCase(text: string): string {
  return text
    .split(/[^A-Za-z0-9]+/)
    .filter((part) => part.length > 0)
    .map((part) => part[0]!.toUpperCase() + part.slice(1))
    .join('')
    .slice(0, 200);
}

/** The tail of an id or ARN, short enough to tell resources apart in a name. */
function shortId(id: string): string {
  const tail = id.split(/[/:]/).pop() ?? id;
  return tail.replace(/^[a-z]+-/, '').slice(-8);
}

/** A name plus the kind's word, unless the name already ends with a word people use for the kind. */
function withKindWord(kind: ResourceKind, name: string): string {
  const words = KIND_WORDS[kind as Exclude<ResourceKind, 'image'>];
  const base = pascalCase(name);
  if (base.length === 0) return words.suffix;
  const startsWithLetter = /^[A-Za-z]/.test(base);
  if (startsWithLetter && words.aliases.some((alias) => base.endsWith(alias) && base.length > alias.length)) return base;
  return startsWithLetter ? `${base}${words.suffix}` : `${words.suffix}${base}`;
}

/**
 * Logical ids for every resource of an inventory (exported or not, so parameters for outside resources
 * get names as stable as the resources'): from the Name tag when there is one, else from what the
 * resource belongs to (web-1's volume at /dev/sdf is Web1InstanceVolumeSdf), else from its id. Equal
 * names are told apart by a number, in id order, so the same cloud always gives the same ids.
 */
export function assignLogicalIds(inventory: Inventory): Map<string, string> {
  const assigned = new Map<string, string>();
  const taken = new Set<string>();
  const resources = allResources(inventory);
  for (const kind of NAMING_ORDER) {
    const ofKind = resources.filter((resource) => resource.kind === kind).sort((left, right) => compareIds(left.id, right.id));
    for (const resource of ofKind) {
      const id = claimName(baseName(resource, inventory, assigned), taken);
      assigned.set(resource.id, id);
    }
  }
  return assigned;
}

/** The name itself when free, else the first free `name2`, `name3`, …; the name is then taken. */
export function claimName(base: string, taken: Set<string>): string {
  let name = base;
  for (let counter = 2; taken.has(name); counter++) name = `${base}${counter}`;
  taken.add(name);
  return name;
}

function compareIds(left: string, right: string): number {
  return left < right ? -1 : left > right ? 1 : 0;
}

function baseName(resource: AnyResourceView, inventory: Inventory, assigned: ReadonlyMap<string, string>): string {
  const owner = (id: string | undefined) => (id ? assigned.get(id) : undefined);
  switch (resource.kind) {
    case 'vpc':
      if (resource.isDefault) return 'DefaultVpc';
      break;
    case 'subnet':
      if (resource.defaultForAz) return `DefaultSubnet${pascalCase(resource.availabilityZone)}`;
      break;
    case 'security-group':
      // Every VPC has a group named `default`: name it after its VPC rather than numbering it.
      if (resource.groupName === 'default') return `${owner(resource.vpcId) ?? 'Vpc'}DefaultSecurityGroup`;
      break;
    case 'route-table':
      if (resource.main && !resource.name) return `${owner(resource.vpcId) ?? 'Vpc'}MainRouteTable`;
      break;
    case 'internet-gateway':
      if (!resource.name && resource.vpcId && owner(resource.vpcId)) return `${owner(resource.vpcId)}InternetGateway`;
      break;
    case 'volume': {
      const attachment = resource.attachment;
      const instance = attachment && inventory.instances.find((candidate) => candidate.id === attachment.instanceId);
      if (!resource.name && attachment && instance && owner(instance.id)) {
        const root = instance.rootDeviceName === attachment.device;
        return `${owner(instance.id)}${root ? 'RootVolume' : `Volume${pascalCase(attachment.device.split('/').pop() ?? '')}`}`;
      }
      break;
    }
    case 'elastic-ip':
      if (!resource.name && owner(resource.instanceId)) return `${owner(resource.instanceId)}Eip`;
      break;
    case 'listener':
      if (owner(resource.loadBalancerArn)) return `${owner(resource.loadBalancerArn)}Listener${resource.port ?? ''}`;
      break;
    default:
      break;
  }
  const words = KIND_WORDS[resource.kind as Exclude<ResourceKind, 'image'>];
  return resource.name ? withKindWord(resource.kind, resource.name) : `${words.suffix}${pascalCase(shortId(resource.id))}`;
}
