import type { ResourceKind } from './inventory.js';

/** How messages name one resource of a kind ("an instance", "a VPC"). */
const SINGULAR: Readonly<Record<ResourceKind, string>> = {
  vpc: 'VPC',
  subnet: 'subnet',
  'internet-gateway': 'internet gateway',
  'route-table': 'route table',
  'security-group': 'security group',
  'key-pair': 'key pair',
  instance: 'instance',
  volume: 'volume',
  'elastic-ip': 'Elastic IP',
  'load-balancer': 'load balancer',
  'target-group': 'target group',
  listener: 'listener',
  image: 'image',
};

/** The kind as a person says it, singular ("security group"). */
export function kindLabel(kind: ResourceKind): string {
  return SINGULAR[kind];
}

/** The kind as a person says it, plural ("security groups"). */
export function kindPlural(kind: ResourceKind): string {
  return `${SINGULAR[kind]}s`;
}

/** The kind with its article ("an instance", "a VPC", "an Elastic IP"). */
export function kindWithArticle(kind: ResourceKind): string {
  const label = SINGULAR[kind];
  return `${/^[aeiouAEIO]/.test(label) ? 'an' : 'a'} ${label}`;
}

/** A list of kinds in words ("load balancers, target groups and listeners"). */
export function kindsInWords(kinds: readonly ResourceKind[]): string {
  const words = kinds.map(kindPlural);
  if (words.length <= 1) return words[0] ?? '';
  return `${words.slice(0, -1).join(', ')} and ${words[words.length - 1]}`;
}
