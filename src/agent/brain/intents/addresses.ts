import type { Understanding } from '../brain.js';
import type { Reference } from '../analysis/references.js';
import { ask, understood } from '../outcomes.js';
import { findTarget } from '../slots/targets.js';
import { optionsOf, type Frame } from './frame.js';
import { newResourceName } from './network.js';

/** "Allocate an elastic IP for web-1", "give web-1 a static IP", "reserve an EIP called ops-ip". */
export function buildAllocate(frame: Frame): Understanding {
  const { analysis, notes } = frame;
  const existing = analysis.refs.find((ref) => ref.kind === 'elastic-ip' && ref.known);
  if (existing) {
    return ask(`Moving an existing elastic IP (${existing.names.join(', ')}) is not something Cirro does yet; allocate a new one for the instance instead?`, ['a new elastic ip']);
  }
  const name = newResourceName(frame, 'elastic-ip');
  const instance = findTarget(analysis, { kinds: ['instance'], exclude: new Set<Reference>(name ? [name] : []), skipContainers: false });
  if (analysis.has('public-ip') && !analysis.noun('elastic-ip')) notes.push('a public IP that stays is an elastic IP: Cirro allocates one and associates it');
  const usable = instance && (instance.selector.by === 'name' || instance.selector.by === 'id' || instance.selector.by === 'only') ? instance : undefined;
  if (instance && !usable) return ask('An elastic IP goes to one instance; which one?', optionsOf(frame, 'instance'));
  return understood({ type: 'allocate-address', ...(usable ? { instance: usable } : {}), ...(name ? { name: name.names[0]! } : {}) }, notes);
}

/** "Release eipalloc-…", "release the elastic IP ops-ip". */
export function buildRelease(frame: Frame): Understanding {
  const { analysis, notes } = frame;
  const address = findTarget(analysis, { kinds: ['elastic-ip'] });
  if (!address || address.selector.by === 'all') return ask('Which elastic IP should be released (its name or eipalloc- id)?', optionsOf(frame, 'elastic-ip'));
  return understood({ type: 'release-address', address }, notes);
}
