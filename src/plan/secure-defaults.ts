import type { PortRule } from './intent.js';
import type { ParameterValue } from './plan.js';

/**
 * The settings every plan applies unless asked otherwise, so what Cirro builds passes the built-in
 * compliance rules: IMDSv2 only, encrypted EBS, described security group rules, protected load balancers.
 */

/** Metadata options for every launch: session tokens required, so IMDSv1 credential theft (SSRF) is closed. */
export const METADATA_OPTIONS = { HttpTokens: 'required', HttpEndpoint: 'enabled' } as const;

/** A data volume to add at launch. */
export interface LaunchVolume {
  readonly device: string;
  readonly sizeGiB: number;
  readonly volumeType: string;
}

/**
 * BlockDeviceMappings for a launch: the image's root volume encrypted (a mapping on its device name with
 * only Encrypted keeps the image's size and snapshot), then the data volumes, encrypted too. Without the
 * root device name the root mapping is left out: a wrong name would add a blank volume instead.
 */
export function encryptedBlockDevices(rootDeviceName: string | undefined, volumes: readonly LaunchVolume[]): ParameterValue[] {
  return [
    ...(rootDeviceName ? [{ DeviceName: rootDeviceName, Ebs: { Encrypted: true } }] : []),
    ...volumes.map((volume) => ({
      DeviceName: volume.device,
      Ebs: { VolumeSize: volume.sizeGiB, VolumeType: volume.volumeType, DeleteOnTermination: true, Encrypted: true },
    })),
  ];
}

const PORT_NAMES: Readonly<Record<number, string>> = {
  22: 'SSH', 25: 'SMTP', 53: 'DNS', 80: 'HTTP', 443: 'HTTPS', 3306: 'MySQL', 3389: 'RDP', 5432: 'PostgreSQL',
  6379: 'Redis', 8080: 'HTTP (8080)', 8443: 'HTTPS (8443)', 9200: 'Elasticsearch', 27017: 'MongoDB',
};

/** The words for what a rule lets in: "HTTP", "ports 8000-8100/tcp", "all traffic". */
function whatItAllows(rule: PortRule): string {
  if (rule.protocol === '-1') return 'all traffic';
  if (rule.protocol === 'icmp') return 'ICMP';
  if (rule.fromPort !== rule.toPort) return `ports ${rule.fromPort}-${rule.toPort}/${rule.protocol}`;
  const known = rule.protocol === 'tcp' ? PORT_NAMES[rule.fromPort] : undefined;
  return known ?? `port ${rule.fromPort}/${rule.protocol}`;
}

/**
 * A description for a rule the planner adds, so a person reading the group later knows what it is for
 * and who added it ("HTTP from anywhere, added by cirro"); the user's own description wins.
 */
export function ruleDescription(rule: PortRule): string {
  if (rule.description) return rule.description;
  const source = rule.cidr === '0.0.0.0/0' || rule.cidr === '::/0' ? 'anywhere' : rule.cidr;
  return `${whatItAllows(rule)} from ${source}, added by cirro`;
}

/** Rules with their descriptions filled in. */
export function describedRules(rules: readonly PortRule[]): PortRule[] {
  return rules.map((rule) => ({ ...rule, description: ruleDescription(rule) }));
}

/** The load balancer attribute that keeps a balancer from being deleted by accident. */
export function deletionProtection(enabled: boolean): ParameterValue {
  return [{ Key: 'deletion_protection.enabled', Value: String(enabled) }];
}
