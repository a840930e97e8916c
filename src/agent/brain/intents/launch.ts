import type { CreateInstancesIntent, Target } from '../../../plan/intent.js';
import { marketMention } from '../action.js';
import type { Reference } from '../analysis/references.js';
import { familyOf, requestedImage, requestedInstanceType } from '../slots/machine.js';
import { volumeSpecs } from '../slots/storage.js';
import { requestedTags } from '../slots/tags.js';
import { inContainerPosition, selectorOf } from '../slots/targets.js';
import { ask, isAsk, type Ask } from '../outcomes.js';
import type { Frame } from './frame.js';

const MAX_COUNT = 50;

/** Roles the references of a launch request play. */
interface LaunchRoles {
  readonly network?: Target | undefined;
  readonly securityGroups: Target[];
  readonly keyName?: string | undefined;
  readonly names: Reference[];
  readonly existing: Reference[];
}

function rolesOf(frame: Frame, skip: ReadonlySet<Reference>): LaunchRoles | Ask {
  const { analysis } = frame;
  const roles: { network?: Target; securityGroups: Target[]; keyName?: string; names: Reference[]; existing: Reference[] } = { securityGroups: [], names: [], existing: [] };
  const sameAs = analysis.has('share') || analysis.hasWord('same');
  for (const ref of analysis.refs) {
    // An image id is the image, never a name for the new instances.
    if (skip.has(ref) || ref.kind === 'image') continue;
    const before = analysis.items[ref.item - 1]?.lower ?? '';
    const next = analysis.items[ref.lastItem + 1]?.lexeme;
    const knownInstance = ref.known && analysis.known.named(ref.names[0]!).some((resource) => resource.kind === 'instance');
    // "web-1's network", "into web-1's vpc", "the same subnet as web-1", "alongside web-1": launch next to it.
    const peer = !ref.naming && (ref.kind === 'instance' || ref.kind === undefined)
      && ((sameAs && ['as', 'with', 'share', 'of', 'alongside', 'beside', 'to'].includes(before))
        || (knownInstance && next?.type === 'noun' && (next.entry.kind === 'vpc' || next.entry.kind === 'subnet')));
    if (peer) {
      roles.network = { kind: 'instance', selector: selectorOf([ref]) };
      continue;
    }
    if (ref.kind === 'security-group') roles.securityGroups.push({ kind: 'security-group', selector: selectorOf([ref]) });
    else if (ref.kind === 'key-pair' || before === 'key') roles.keyName = ref.names[0];
    else if (ref.kind === 'vpc' || ref.kind === 'subnet') roles.network = { kind: ref.kind, selector: selectorOf([ref]) };
    else if (ref.kind === 'load-balancer' || ref.kind === 'target-group' || ref.kind === 'volume' || ref.kind === 'elastic-ip') continue;
    else if (!ref.naming && inContainerPosition(analysis, ref)) roles.network = { kind: ref.known ? (analysis.known.named(ref.names[0]!)[0]?.kind === 'subnet' ? 'subnet' : 'vpc') : 'vpc', selector: selectorOf([ref]) };
    else if (ref.naming || !ref.known) roles.names.push(ref);
    else roles.existing.push(ref);
  }
  if (roles.existing.length > 0 && roles.names.length === 0) {
    const names = roles.existing.flatMap((ref) => ref.names).join(', ');
    return ask(`${names} already exist${roles.existing.flatMap((ref) => ref.names).length > 1 ? '' : 's'}: start ${roles.existing.length > 1 ? 'them' : 'it'}, or launch new instances with other names?`, [`start ${names}`]);
  }
  return roles;
}

/** Expands "three VMs named web" to web-1..web-3, and "3 VMs named web-4" to web-4..web-6. */
function expandNames(base: string, count: number): string[] {
  const numbered = /^(.*?)(\d+)$/.exec(base);
  const prefix = numbered ? numbered[1]! : `${base}-`;
  const first = numbered ? Number(numbered[2]) : 1;
  const width = numbered && numbered[2]!.startsWith('0') ? numbered[2]!.length : 0;
  return Array.from({ length: count }, (_, offset) => `${prefix}${String(first + offset).padStart(width, '0')}`);
}

function countAndNames(frame: Frame, names: readonly string[]): { count: number; names: string[] } | Ask {
  const noun = frame.analysis.nouns.find((phrase) => phrase.kind === 'instance' && (phrase.fresh || phrase.determiner === 'a' || phrase.determiner === 'count')) ?? frame.analysis.noun('instance');
  let count = noun?.count;
  if (noun?.countNote) frame.notes.push(noun.countNote);
  if (noun?.vague) {
    const last = frame.analysis.items.at(-1);
    if (last?.token.shape === 'number') count = Number(last.lower);
    else return ask(`How many instances should I launch ("${noun.vague}" is not a number)?`, ['1', '2', '3', '5']);
  }
  if (count === undefined) return { count: Math.max(1, names.length), names: [...names] };
  if (count < 1) return ask('How many instances should I launch? The request asks for none.', ['1', '2', '3']);
  if (count > MAX_COUNT) return ask(`Launch ${count} instances? That is more than ${MAX_COUNT} in one request; say a smaller number, or launch them in batches.`);
  if (names.length === 0 || names.length === count) return { count, names: [...names] };
  if (names.length === 1) {
    const expanded = expandNames(names[0]!, count);
    frame.notes.push(`named them ${expanded.join(', ')}`);
    return { count, names: expanded };
  }
  return ask(`The request asks for ${count} instances but names ${names.length} (${names.join(', ')}); say ${names.length} instances, or name all ${count}.`);
}

/** "with detailed monitoring", "and boot diagnostics" — but not "a host for the metrics stack". */
function monitoringRequested(frame: Frame): boolean {
  const { analysis } = frame;
  return analysis.items.some((item) => {
    if (item.lexeme?.type !== 'attribute' || (item.lexeme.attribute !== 'monitoring' && item.lexeme.attribute !== 'diagnostics')) return false;
    if (!['metrics', 'telemetry', 'monitor', 'cloudwatch'].includes(item.lower)) return true;
    return ['with', 'and', 'plus', 'enable', 'enabled', 'detailed', '+'].includes(analysis.items[item.index - 1]?.lower ?? '');
  });
}

/** Reads a request to launch instances: count, names, type, image, network, groups, key, spot, disks, monitoring, tags. */
export function readLaunch(frame: Frame, skip: ReadonlySet<Reference> = new Set()): CreateInstancesIntent | Ask {
  const { analysis, notes } = frame;
  const roles = rolesOf(frame, skip);
  if (isAsk(roles)) return roles;
  const sized = countAndNames(frame, roles.names.flatMap((ref) => ref.names));
  if (isAsk(sized)) return sized;
  const image = requestedImage(analysis, notes);
  if (isAsk(image)) return image;
  const freshNetwork = analysis.nouns.find((noun) => (noun.kind === 'vpc' || noun.kind === 'subnet') && (noun.fresh || (noun.determiner === 'a' && ['in', 'into', 'inside', 'within', 'on'].includes(analysis.before(noun.item)?.lower ?? '')))
    && !['shared', 'share', 'same', 'one', 'single'].some((word) => noun.modifiers.some((item) => analysis.items[item]!.lower === word) || analysis.items[noun.item - 1]?.lower === word));
  if (freshNetwork && !roles.network) {
    return ask('That needs a new network first, and Cirro does one change per request. Create the VPC first ("create a vpc with 2 public subnets called app-net"), then "launch … in vpc app-net"; or launch into the default VPC?', ['in the default vpc']);
  }
  if (!roles.network && (analysis.has('share') || analysis.hasWord('same'))) {
    notes.push(`all ${sized.count} launch into one subnet of the default VPC, so they share a network`);
  }
  const instanceType = requestedInstanceType(analysis, familyOf(undefined), notes);
  const market = marketMention(analysis);
  const extraVolumes = volumeSpecs(analysis, notes);
  const tags = requestedTags(analysis, false).tags;
  const publicIp = analysis.has('private') ? false : analysis.has('public-ip') || analysis.has('public') ? true : undefined;
  return {
    type: 'create-instances',
    count: sized.count,
    names: sized.names,
    ...(instanceType ? { instanceType } : {}),
    ...(image ? { image } : {}),
    ...(roles.network ? { network: roles.network } : {}),
    ...(roles.securityGroups.length ? { securityGroups: roles.securityGroups } : {}),
    ...(market === 'spot' ? { spot: true } : {}),
    ...(roles.keyName ? { keyName: roles.keyName } : {}),
    ...(publicIp !== undefined ? { publicIp } : {}),
    ...(extraVolumes.length ? { extraVolumes } : {}),
    ...(monitoringRequested(frame) ? { monitoring: true } : {}),
    ...(Object.keys(tags).length ? { tags } : {}),
  };
}
