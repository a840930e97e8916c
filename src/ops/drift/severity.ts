import type { DriftSeverity } from './types.js';

/** A property difference as DescribeStackResourceDrifts reports it, with the resource it belongs to. */
export interface RankedDifference {
  readonly resourceType: string;
  readonly path: string;
  readonly difference: 'ADD' | 'REMOVE' | 'NOT_EQUAL';
  readonly expected: string;
  readonly actual: string;
  /** The resource's whole expected and actual properties, to find the list entry a path points into. */
  readonly expectedProperties: Record<string, unknown>;
  readonly actualProperties: Record<string, unknown>;
}

/** Ports whose exposure to the internet is an incident waiting to happen, by the service people know them as. */
const SENSITIVE_PORTS: Readonly<Record<number, string>> = {
  22: 'SSH', 3389: 'RDP', 3306: 'MySQL', 5432: 'PostgreSQL', 1433: 'SQL Server', 6379: 'Redis', 27017: 'MongoDB', 9200: 'Elasticsearch',
};

const RESIZE_PROPERTIES = new Set(['InstanceType', 'Size', 'VolumeType', 'Iops', 'Throughput']);

/** The severity of one property difference and the one-line reason for it. */
export function rankDifference(item: RankedDifference): { severity: DriftSeverity; reason: string } {
  const segments = item.path.split('/').filter((segment) => segment.length > 0);
  const top = segments[0] ?? '';
  if (item.resourceType === 'AWS::EC2::SecurityGroup' && (top === 'SecurityGroupIngress' || top === 'SecurityGroupEgress')) {
    return rankRuleChange(top === 'SecurityGroupIngress' ? 'inbound' : 'outbound', item.difference, entryOf(item, segments));
  }
  if (item.resourceType === 'AWS::EC2::SecurityGroupIngress' || item.resourceType === 'AWS::EC2::SecurityGroupEgress') {
    return rankRuleChange(item.resourceType.endsWith('Ingress') ? 'inbound' : 'outbound', 'ADD', item.actualProperties);
  }
  if (top === 'Tags') {
    const key = stringField(entryOf(item, segments), 'Key');
    return { severity: 'low', reason: key ? `tag ${key} changed outside the code` : 'tags changed outside the code' };
  }
  const protection = rankProtection(item, segments);
  if (protection) return protection;
  if (segments.length === 1 && RESIZE_PROPERTIES.has(top)) return { severity: 'medium', reason: `resized: ${top} ${item.expected} → ${item.actual}` };
  return { severity: 'medium', reason: `${top || item.path} changed outside the code` };
}

/** Disabled deletion or termination protection, turned-off encryption, IMDSv1 allowed again. */
function rankProtection(item: RankedDifference, segments: readonly string[]): { severity: DriftSeverity; reason: string } | undefined {
  const top = segments[0] ?? '';
  const turnedOff = item.difference === 'REMOVE' || item.actual === 'false';
  if (top === 'LoadBalancerAttributes') {
    const key = stringField(entryOf(item, segments), 'Key') ?? stringField(parsed(item.expected), 'Key');
    const value = stringField(actualEntryOf(item, segments), 'Value') ?? (item.difference === 'REMOVE' ? undefined : item.actual);
    if (key === 'deletion_protection.enabled' && value !== 'true') return { severity: 'high', reason: 'deletion protection disabled: the load balancer can now be deleted by anyone allowed to' };
    return undefined;
  }
  if ((top === 'DisableApiTermination' || top === 'DisableApiStop') && item.expected === 'true' && turnedOff) {
    return { severity: 'high', reason: `${top === 'DisableApiTermination' ? 'termination' : 'stop'} protection disabled: the instance can now be ${top === 'DisableApiTermination' ? 'terminated' : 'stopped'} by accident` };
  }
  if (/Encrypt/i.test(top) && item.expected === 'true' && turnedOff) return { severity: 'high', reason: `encryption disabled (${top} ${item.expected} → ${item.actual})` };
  if (top === 'MetadataOptions' && segments.includes('HttpTokens') && item.expected === 'required' && item.actual !== 'required') {
    return { severity: 'high', reason: 'IMDSv2 no longer required: instance credentials can be read with IMDSv1 requests again' };
  }
  return undefined;
}

/** An added or removed security group rule: an opened port to the internet is the worst drift there is. */
function rankRuleChange(direction: 'inbound' | 'outbound', difference: RankedDifference['difference'], rule: unknown): { severity: DriftSeverity; reason: string } {
  const source = stringField(rule, 'CidrIp') ?? stringField(rule, 'CidrIpv6') ?? stringField(rule, 'SourceSecurityGroupId') ?? stringField(rule, 'DestinationSecurityGroupId') ?? stringField(rule, 'SourcePrefixListId') ?? 'somewhere';
  const ports = portsOf(rule);
  if (difference === 'REMOVE') return { severity: 'medium', reason: `${direction} rule removed: ${ports} from ${source} is no longer allowed, though the code allows it` };
  if (direction === 'outbound') return { severity: 'medium', reason: `outbound rule added: ${ports} to ${source}` };
  const world = source === '0.0.0.0/0' || source === '::/0';
  const sensitive = sensitivePort(rule);
  if (world && sensitive) return { severity: 'critical', reason: `${sensitive} opened to the internet (${source})` };
  if (world) return { severity: 'high', reason: `${ports} opened to the internet (${source})` };
  return { severity: 'high', reason: `${ports} opened to ${source}` };
}

/** "port 22", "ports 8000-8100", "every port" */
function portsOf(rule: unknown): string {
  const protocol = String(field(rule, 'IpProtocol') ?? 'tcp');
  const from = numberField(rule, 'FromPort');
  const to = numberField(rule, 'ToPort');
  if (protocol === '-1' || protocol === 'all' || (from !== undefined && to !== undefined && from <= 0 && to >= 65535)) return 'every port';
  if (from === undefined) return `${protocol} traffic`;
  return from === to || to === undefined ? `port ${from}` : `ports ${from}-${to}`;
}

/** The sensitive service a rule exposes ("port 22 (SSH)", "every port"), if any. */
function sensitivePort(rule: unknown): string | undefined {
  const ports = portsOf(rule);
  if (ports === 'every port') return 'every port';
  const from = numberField(rule, 'FromPort');
  const to = numberField(rule, 'ToPort') ?? from;
  if (from === undefined || to === undefined) return undefined;
  const hit = Object.keys(SENSITIVE_PORTS).map(Number).find((port) => port >= from && port <= to);
  return hit === undefined ? undefined : `${ports} (${SENSITIVE_PORTS[hit]})`;
}

/** The list entry a path like /Tags/0/Value points into: the reported value itself when it is the entry, else the expected (or actual) list's. */
function entryOf(item: RankedDifference, segments: readonly string[]): unknown {
  if (segments.length === 2) return parsed(item.difference === 'REMOVE' ? item.expected : item.actual);
  return listEntry(item.expectedProperties, segments) ?? listEntry(item.actualProperties, segments);
}

function actualEntryOf(item: RankedDifference, segments: readonly string[]): unknown {
  if (segments.length === 2) return item.difference === 'REMOVE' ? undefined : parsed(item.actual);
  return listEntry(item.actualProperties, segments);
}

function listEntry(properties: Record<string, unknown>, segments: readonly string[]): unknown {
  const list = properties[segments[0] ?? ''];
  return Array.isArray(list) ? list[Number(segments[1])] : undefined;
}

function parsed(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function field(value: unknown, key: string): unknown {
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[key] : undefined;
}

function stringField(value: unknown, key: string): string | undefined {
  const found = field(value, key);
  return found === undefined || found === null ? undefined : String(found);
}

function numberField(value: unknown, key: string): number | undefined {
  const found = field(value, key);
  const number = typeof found === 'number' ? found : typeof found === 'string' && found.trim() !== '' ? Number(found) : Number.NaN;
  return Number.isFinite(number) ? number : undefined;
}
