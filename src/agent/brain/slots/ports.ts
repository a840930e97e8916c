import type { PortRule } from '../../../plan/intent.js';
import type { Analysis } from '../analysis/analysis.js';
import type { Item } from '../analysis/items.js';
import { ANYWHERE, type ServicePort } from '../lexicon/network.js';

const LIST = new Set([',', 'and', 'or', 'plus', '&']);
const RANGE = new Set(['to', 'through', 'thru', '-', 'till', 'until']);

function isPortWord(item: Item | undefined): boolean {
  return item?.lexeme?.type === 'attribute' && item.lexeme.attribute === 'port' && /^ports?$/.test(item.lower);
}

function portNumber(item: Item | undefined): number | undefined {
  if (item?.token.shape !== 'number') return undefined;
  const value = Number(item.lower);
  return value >= 0 && value <= 65535 ? value : undefined;
}

/**
 * The ports a request names: services ("ssh", "https"), "port 80", "ports 80, 443 and 8080",
 * "8000-8080", "80/tcp", "ports 8000 to 8080"; with `bareNumbers`, also numbers standing alone
 * ("open 80 and 443"), which are not counts or sizes there.
 */
export function requestedPorts(analysis: Analysis, bareNumbers: boolean): ServicePort[] {
  const udp = analysis.hasWord('udp');
  const protocol = udp ? 'udp' : 'tcp';
  const ports: ServicePort[] = [];
  const items = analysis.items;
  let inList = false;
  for (let index = 0; index < items.length; index++) {
    const item = items[index]!;
    if (item.lexeme?.type === 'service') {
      ports.push(...item.lexeme.ports);
      inList = true;
      continue;
    }
    if (isPortWord(item)) {
      inList = true;
      continue;
    }
    if (item.token.shape === 'port-proto') {
      const parts = item.lower.split('/');
      const [port, proto] = (/^\d/.test(parts[0]!) ? parts : [parts[1], parts[0]]) as [string, 'tcp' | 'udp'];
      ports.push({ protocol: proto, fromPort: Number(port), toPort: Number(port) });
      inList = true;
      continue;
    }
    if (item.token.shape === 'port-range') {
      const [from, to] = item.lower.split('-').map(Number) as [number, number];
      ports.push({ protocol, fromPort: Math.min(from, to), toPort: Math.max(from, to) });
      inList = true;
      continue;
    }
    const number = portNumber(item);
    if (number !== undefined && (inList || bareNumbers) && items[index + 1]?.lexeme?.type !== 'noun') {
      const last = RANGE.has(items[index + 1]?.lower ?? '') ? portNumber(items[index + 2]) : undefined;
      if (last !== undefined && last > number) {
        ports.push({ protocol, fromPort: number, toPort: last });
        index += 2;
      } else ports.push({ protocol, fromPort: number, toPort: number });
      inList = true;
      continue;
    }
    if (!LIST.has(item.lower)) inList = false;
  }
  if (ports.length === 0 && analysis.has('everything')) ports.push({ protocol: '-1', fromPort: -1, toPort: -1 });
  return dedupe(ports);
}

/**
 * Where traffic comes from: CIDRs and addresses in the request ("from 203.0.113.0/24", "from
 * 198.51.100.7" as a /32), "anywhere"/"the world" as 0.0.0.0/0; anywhere when nothing is said.
 */
export function requestedSources(analysis: Analysis, notes: string[], defaultNote: string | undefined): string[] {
  const sources: string[] = [];
  for (const item of analysis.items) {
    if (item.token.shape === 'cidr') sources.push(item.lower);
    else if (item.token.shape === 'ip') sources.push(`${item.lower}/32`);
    else if (item.lexeme?.type === 'attribute' && item.lexeme.attribute === 'anywhere') sources.push(ANYWHERE);
  }
  if (sources.length === 0) {
    if (defaultNote) notes.push(defaultNote);
    return [ANYWHERE];
  }
  return [...new Set(sources)];
}

/** Port rules: every port from every source. */
export function portRules(ports: readonly ServicePort[], sources: readonly string[]): PortRule[] {
  return sources.flatMap((cidr) => ports.map((port) => ({ protocol: port.protocol, fromPort: port.fromPort, toPort: port.toPort, cidr })));
}

function dedupe(ports: ServicePort[]): ServicePort[] {
  const seen = new Set<string>();
  return ports.filter((port) => {
    const key = `${port.protocol}/${port.fromPort}-${port.toPort}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
