import { suggestNames } from '../../../cloud/similar-names.js';
import type { Understanding } from '../brain.js';
import type { Reference } from '../analysis/references.js';
import { ask, understood } from '../outcomes.js';
import { portRules, requestedPorts, requestedSources } from '../slots/ports.js';
import { requestedTags } from '../slots/tags.js';
import { findTarget, hasPronoun, selectorOf } from '../slots/targets.js';
import { optionsOf, type Frame } from './frame.js';

const TAGGABLE = ['instance', 'volume', 'vpc', 'subnet', 'security-group', 'elastic-ip', 'load-balancer', 'target-group', 'key-pair'] as const;

/** "Tag web-1 env=prod", "label web-1 and web-2 with team web", "remove the env tag from web-1". */
export function buildTag(frame: Frame, removing: boolean): Understanding {
  const { analysis, notes } = frame;
  const slots = requestedTags(analysis, removing);
  const used = new Set<Reference>(analysis.refs.filter((ref) => [...slots.used].some((item) => item >= ref.item && item <= ref.lastItem)));
  const targets = findTarget(analysis, { kinds: [...TAGGABLE], exclude: used });
  if (!targets) return ask(`Which resource should be ${removing ? 'untagged' : 'tagged'}${hasPronoun(analysis) ? ' ("it" needs a name here)' : ''}?`, optionsOf(frame, 'instance'));
  if (removing) {
    if (slots.removeKeys.length === 0) return ask('Which tag key should be removed?');
    return understood({ type: 'tag', targets, tags: {}, removeKeys: slots.removeKeys }, notes);
  }
  if (Object.keys(slots.tags).length === 0) {
    if (slots.valueWithoutKey) return ask(`Under which tag key should "${slots.valueWithoutKey}" go?`, [`env=${slots.valueWithoutKey}`, `role=${slots.valueWithoutKey}`, `Name=${slots.valueWithoutKey}`]);
    return ask('Which tag should be set (key=value)?');
  }
  return understood({ type: 'tag', targets, tags: slots.tags }, notes);
}

/** "Rename web-1 to frontend-1", "call i-0abc web-9": the Name tag. */
export function buildRename(frame: Frame): Understanding {
  const { analysis, notes } = frame;
  const toIndex = analysis.indexOfWord(['to', 'as', 'into']);
  const newName = toIndex >= 0 ? analysis.refs.find((ref) => ref.item > toIndex) ?? undefined : analysis.refs[1];
  const plainAfter = toIndex >= 0 ? analysis.items[toIndex + 1] : undefined;
  const name = newName?.names[0] ?? (plainAfter && ['word', 'ident', 'quoted'].includes(plainAfter.token.shape) && !plainAfter.lexeme ? plainAfter.text : undefined);
  if (!name) return ask('What should the new name be? ("rename web-1 to web-9")');
  const named = analysis.refs.find((ref) => ref !== newName);
  const targets = named ? { kind: named.kind ?? 'instance', selector: selectorOf([named]) } : findTarget(analysis, { kinds: [...TAGGABLE], exclude: new Set(newName ? [newName] : []) });
  if (!targets) return ask(`Which resource should be named ${name}?`, optionsOf(frame, 'instance'));
  return understood({ type: 'tag', targets, tags: { Name: name } }, notes);
}

/** "Open port 443 on web-sg to the world", "allow ssh from 203.0.113.0/24 to web-1", "close 22 on web-sg". */
export function buildPorts(frame: Frame, action: 'open' | 'close'): Understanding {
  const { analysis, notes } = frame;
  const ports = requestedPorts(analysis, true);
  if (ports.length === 0) return ask(`Which port should be ${action === 'open' ? 'opened' : 'closed'}?`, ['22', '80', '443']);
  const target = findTarget(analysis, { kinds: guessGroupFirst(frame) ? ['security-group', 'instance'] : ['instance', 'security-group'], skipContainers: false });
  if (!target || target.selector.by === 'all') {
    const options = [...optionsOf(frame, 'security-group'), ...optionsOf(frame, 'instance')].slice(0, 8);
    return ask(`On which security group or instance should the port be ${action === 'open' ? 'opened' : 'closed'}?`, options.map((option) => `on ${option}`));
  }
  const defaultNote = action === 'open' ? 'no source given: open to anywhere (0.0.0.0/0)' : 'no source given: closes the rule that allows anywhere (0.0.0.0/0)';
  const sources = requestedSources(analysis, notes, defaultNote);
  return understood({ type: 'change-ports', action, target, rules: portRules(ports, sources) }, notes);
}

/** An untyped name like "web-sg" or "…-firewall" is more likely a security group than an instance. */
function guessGroupFirst(frame: Frame): boolean {
  const { analysis } = frame;
  if (analysis.nouns.some((noun) => noun.kind === 'security-group')) return true;
  if (analysis.refs[0]?.kind === 'security-group') return true;
  const untyped = analysis.refs.find((ref) => ref.kind === undefined);
  if (!untyped) return false;
  const name = untyped.names[0]!;
  if (/(^|[-_])(sg|secgroup|firewall|security)([-_]|$)/i.test(name)) return true;
  // A name that is no instance's but close to a group's ("web-sgg") is a misspelt group: suggest groups, not instances.
  const names = (kind: 'instance' | 'security-group') => analysis.known.ofKind(kind).map((resource) => resource.name ?? resource.id);
  if (names('instance').includes(name)) return false;
  const nearest = suggestNames(name, [...names('security-group'), ...names('instance')], 1)[0];
  return nearest !== undefined && names('security-group').includes(nearest);
}
