import type { Understanding } from '../brain.js';
import { ask } from '../outcomes.js';
import { currentType, neighbourSizes } from '../slots/machine.js';
import { findTarget } from '../slots/targets.js';
import { describeTarget } from '../describe.js';
import type { Frame } from './frame.js';

/**
 * "Update web-1", "change api-1", "modify the server" with nothing that says what: asks, offering
 * the changes Cirro can make. Each option completes the request when appended to it.
 */
export function buildUpdate(frame: Frame): Understanding {
  const { analysis } = frame;
  const target = findTarget(analysis, { kinds: ['instance', 'security-group', 'volume', 'vpc', 'load-balancer'] });
  const what = target ? describeTarget(target) : 'it';
  const names = target?.selector.by === 'name' ? analysis.known.named(target.selector.name) : [];
  const bigger = neighbourSizes(currentType(names), 'up')[0] ?? 't3.large';
  if (target && target.kind !== 'instance') {
    return ask(`What should change on ${what}?`, target.kind === 'security-group' ? ['open port 443', 'close port 22', 'tag env=prod'] : ['tag env=prod']);
  }
  return ask(`What should change on ${what}?`, [
    `resize to ${bigger}`, 'attach a 100 GB disk', 'enable detailed monitoring', 'convert to spot', 'tag env=prod', 'open port 443',
  ]);
}
