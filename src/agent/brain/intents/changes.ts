import type { Target } from '../../../plan/intent.js';
import type { Understanding } from '../brain.js';
import type { KnownResource } from '../brain.js';
import { ask, understood } from '../outcomes.js';
import { currentType, explicitInstanceType, familyOf, neighbourSizes, requestedInstanceType } from '../slots/machine.js';
import { findTarget } from '../slots/targets.js';
import { askWhichInstance } from './power.js';
import type { Frame } from './frame.js';

/** The known instances a target names (for their current types). */
function knownInstances(frame: Frame, target: Target): KnownResource[] {
  const { known } = frame.analysis;
  const selector = target.selector;
  if (selector.by === 'id') return [known.withId(selector.id)].filter((resource): resource is KnownResource => resource !== undefined);
  const names = selector.by === 'name' ? [selector.name] : selector.by === 'names' ? selector.names : [];
  return names.flatMap((name) => [...known.named(name).filter((resource) => resource.kind === 'instance'), ...[known.withId(name)].filter((resource): resource is KnownResource => resource !== undefined)]);
}

/** "Resize web-1 to t3.large", "make web-1 bigger" (asks which size, offering the next ones up), "upgrade api-1 to large". */
export function buildResize(frame: Frame): Understanding {
  const { analysis, notes } = frame;
  const targets = findTarget(analysis, { kinds: ['instance'] });
  if (!targets) return askWhichInstance(frame, 'resized');
  const current = currentType(knownInstances(frame, targets));
  const instanceType = explicitInstanceType(analysis) ?? requestedInstanceType(analysis, familyOf(current), notes);
  if (!instanceType) {
    const down = analysis.has('smaller') || analysis.hasWord('downgrade', 'downsize', 'shrink', 'scale down', 'size down');
    const options = neighbourSizes(current, down ? 'down' : 'up');
    const now = current ? ` (it is a ${current} now)` : '';
    return ask(`Which instance type should it become${now}?`, options);
  }
  if (current && current === instanceType) notes.push(`it is already a ${current}: the plan will have nothing to change`);
  return understood({ type: 'resize', targets, instanceType }, notes);
}

/** "Enable detailed monitoring on web-1", "turn on boot diagnostics for all instances", "stop monitoring web-2". */
export function buildMonitoring(frame: Frame, enabled: boolean): Understanding {
  const { analysis, notes } = frame;
  const targets = findTarget(analysis, { kinds: ['instance'] });
  if (!targets) return askWhichInstance(frame, `given ${enabled ? '' : 'no '}detailed monitoring`);
  if (analysis.has('diagnostics')) notes.push('AWS has no boot diagnostics as such: this turns on detailed (1-minute) CloudWatch monitoring; the console output stays available with get-console-output');
  return understood({ type: 'set-monitoring', targets, enabled }, notes);
}

/** "Convert api-1 to spot", "switch web-1 from standard to spot", "move api-1 back to on-demand". */
export function buildMarket(frame: Frame, market: 'spot' | 'on-demand'): Understanding {
  const { analysis, notes } = frame;
  const targets = findTarget(analysis, { kinds: ['instance'] });
  if (!targets) return askWhichInstance(frame, `moved to ${market}`);
  if (analysis.has('on-demand') && analysis.items.some((item) => item.lower === 'standard')) notes.push("'standard' read as on-demand");
  return understood({ type: 'set-market', targets, market }, notes);
}
