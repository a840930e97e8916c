import type { ResourceKind } from '../../../cloud/inventory.js';
import type { Understanding } from '../brain.js';
import { kindLabel } from '../lexicon/nouns.js';
import { ask, understood } from '../outcomes.js';
import { findTarget, hasPronoun, inContainerPosition } from '../slots/targets.js';
import { optionsOf, type Frame } from './frame.js';

const VERB_PAST: Record<string, string> = { stop: 'stopped', start: 'started', reboot: 'rebooted', terminate: 'terminated' };

/** Asks which instance, offering the known ones. */
export function askWhichInstance(frame: Frame, doing: string): Understanding {
  const pronoun = hasPronoun(frame.analysis) ? ' ("it" needs a name: Cirro does not remember earlier requests)' : '';
  return ask(`Which instance should be ${doing}${pronoun}?`, optionsOf(frame, 'instance'));
}

/** "Stop web-1", "reboot all servers in vpc prod", "start web-1 through web-3", "terminate i-0abc". */
export function buildPower(frame: Frame, action: 'stop' | 'start' | 'reboot' | 'terminate'): Understanding {
  const { analysis, notes } = frame;
  const other = analysis.refs.find((ref) => ref.kind !== undefined && ref.kind !== 'instance' && !inContainerPosition(analysis, ref));
  const targets = findTarget(analysis, { kinds: ['instance'] });
  if (!targets) {
    if (other) return ask(`Only instances can be ${VERB_PAST[action]}; ${other.names.join(', ')} is a ${kindLabel(other.kind!)}. Which instance did you mean?`, optionsOf(frame, 'instance'));
    return askWhichInstance(frame, VERB_PAST[action]!);
  }
  return understood({ type: 'instance-power', action, targets }, notes);
}

/**
 * "web-1's disk", "the public IP of web-1", "the disk from web-1": the resource named owns the thing
 * to delete; deleting the owner instead would be the worst possible misreading.
 */
function ownedThing(frame: Frame): string | undefined {
  const { analysis } = frame;
  for (const ref of analysis.refs) {
    const next = analysis.items[ref.lastItem + 1];
    if (next?.lexeme?.type === 'noun' && next.lexeme.entry.kind !== ref.kind && ref.kind !== undefined) return next.text;
    if (next?.lexeme?.type === 'attribute' && ['public-ip', 'ip', 'private-ip', 'root-disk'].includes(next.lexeme.attribute)) return next.text;
    const before = analysis.before(ref.item);
    const object = analysis.items.slice(0, ref.item).find((item) => item.lexeme?.type === 'noun' || (item.lexeme?.type === 'attribute' && ['public-ip', 'ip', 'private-ip', 'root-disk'].includes(item.lexeme.attribute)));
    if (before && ['from', 'of', 'on'].includes(before.lower) && object && !(object.lexeme?.type === 'noun' && object.lexeme.entry.kind === ref.kind)) return object.text;
  }
  return undefined;
}

/** What a destroy request names, kind by kind. */
function destroyKinds(frame: Frame): ResourceKind[] {
  const { analysis } = frame;
  const kinds = new Set<ResourceKind>();
  for (const ref of analysis.refs) if (!ref.naming && !inContainerPosition(analysis, ref)) kinds.add(ref.kind ?? 'instance');
  if (kinds.size === 0) {
    for (const noun of analysis.nouns) {
      const before = analysis.before(noun.item)?.lower ?? '';
      if (!noun.fresh && !['in', 'inside', 'within', 'behind', 'from', 'of'].includes(before)) kinds.add(noun.kind);
    }
  }
  return [...kinds];
}

/** "Terminate web-1", "delete vpc prod", "tear down the load balancer", "release eipalloc-…", "delete all volumes". */
export function buildDestroy(frame: Frame): Understanding {
  const { analysis, notes } = frame;
  const owned = ownedThing(frame);
  if (owned) {
    return ask(`Which ${owned} exactly? Cirro deletes resources by name or id ("delete volume vol-0abc", "release elastic ip eipalloc-…"), and never the resource that owns it by mistake.`, optionsOf(frame, owned.includes('ip') || owned.includes('address') ? 'elastic-ip' : 'volume'));
  }
  const kinds = destroyKinds(frame);
  if (kinds.length === 0) {
    if (analysis.has('everything') || analysis.hasWord('all')) {
      return ask('Delete what exactly? Cirro never guesses on a deletion: name the resources or a kind ("terminate all instances in vpc prod", "delete volume vol-0abc").');
    }
    return ask('What should be deleted? Name it ("terminate web-1", "delete vpc prod", "delete volume vol-0abc").', optionsOf(frame, 'instance'));
  }
  if (kinds.length > 1) {
    return ask(`That deletes ${kinds.map((kind) => kindLabel(kind, true)).join(' and ')}; Cirro deletes one kind per request. Ask for each in turn.`);
  }
  const kind = kinds[0]!;
  const targets = findTarget(analysis, { kinds: [kind] });
  if (!targets) return askWhichInstance(frame, 'terminated');
  if (kind === 'instance') return understood({ type: 'instance-power', action: 'terminate', targets }, notes);
  if (kind === 'elastic-ip') return understood({ type: 'release-address', address: targets }, notes);
  return understood({ type: 'delete', targets }, notes);
}
