import type { VolumeSpec } from '../../../plan/intent.js';
import type { Understanding } from '../brain.js';
import type { Reference } from '../analysis/references.js';
import { ask, notUnderstood, understood } from '../outcomes.js';
import { availabilityZone } from '../slots/misc.js';
import { volumeSpecs } from '../slots/storage.js';
import { findTarget, hasPronoun, selectorOf } from '../slots/targets.js';
import { optionsOf, type Frame } from './frame.js';
import { newResourceName } from './network.js';

const SIZE_OPTIONS = ['20 GB', '50 GB', '100 GB', '500 GB'];

/** The one new volume a request describes, or a question (no size, or several volumes at once). */
function oneVolume(frame: Frame): VolumeSpec | Understanding {
  const specs = volumeSpecs(frame.analysis, frame.notes);
  if (specs.length === 0) return ask('How big should the new volume be?', SIZE_OPTIONS);
  if (specs.length > 1) return ask(`That is ${specs.length} volumes; Cirro attaches one per request. Which size first?`, [...new Set(specs.map((spec) => `${spec.sizeGiB} GB`))]);
  const spec = specs[0]!;
  if (spec.sizeGiB < 1 || spec.sizeGiB > 65536) return ask(`${spec.sizeGiB} GiB is not a size EBS offers (1 GiB to 64 TiB); how big should the volume be?`, SIZE_OPTIONS);
  return spec;
}

function isSpec(value: VolumeSpec | Understanding): value is VolumeSpec {
  return 'sizeGiB' in value;
}

/** "Attach a 100 GB gp3 disk to web-1", "give web-1 another 50 gigs", "attach vol-0abc to web-2". */
export function buildAttach(frame: Frame): Understanding {
  const { analysis, notes } = frame;
  const existing = analysis.refs.filter((ref) => ref.kind === 'volume' && !ref.naming);
  const instance = findTarget(analysis, { kinds: ['instance'], exclude: new Set(existing), skipContainers: false });
  if (!instance) {
    const options = optionsOf(frame, 'instance');
    return ask(`Which instance should the volume be attached to${hasPronoun(analysis) ? ' ("it" needs a name here)' : ''}?`, options.map((option) => `to ${option}`));
  }
  if (existing.length > 0) return understood({ type: 'attach-volume', instance, volume: { kind: 'volume', selector: selectorOf(existing) } }, notes);
  const name = newResourceName(frame, 'volume');
  const volume = oneVolume(frame);
  if (!isSpec(volume)) return volume;
  if (name) return understood({ type: 'create-volume', name: name.names[0]!, volume, attachTo: instance }, notes);
  return understood({ type: 'attach-volume', instance, volume }, notes);
}

/** "Create a 500 GB st1 volume called logs in us-east-1a" (attached when an instance is named). */
export function buildCreateVolume(frame: Frame): Understanding {
  const { analysis, notes } = frame;
  const name = newResourceName(frame, 'volume');
  const skip = new Set<Reference>(name ? [name] : []);
  const instance = findTarget(analysis, { kinds: ['instance'], exclude: skip, skipContainers: false });
  if (instance && instance.selector.by !== 'all' && (analysis.refs.some((ref) => ref !== name) || analysis.hasWord('to', 'on'))) {
    if (!name) return buildAttach(frame);
  }
  const volume = oneVolume(frame);
  if (!isSpec(volume)) return volume;
  const zone = availabilityZone(analysis);
  const attachTo = instance && instance.selector.by !== 'all' && analysis.refs.some((ref) => ref !== name) ? instance : undefined;
  return understood({
    type: 'create-volume',
    ...(name ? { name: name.names[0]! } : {}),
    volume,
    ...(attachTo ? { attachTo } : {}),
    ...(zone ? { availabilityZone: zone } : {}),
  }, notes);
}

/** "Detach vol-0abc", "unmount the logs volume from web-1". */
export function buildDetach(frame: Frame): Understanding {
  const { analysis, notes } = frame;
  const fromRefs = analysis.refs.filter((ref) => analysis.before(ref.item)?.lower === 'from' || ref.kind === 'instance');
  const volume = findTarget(analysis, { kinds: ['volume'], exclude: new Set(fromRefs), skipContainers: false });
  if (!volume || volume.selector.by === 'all' || (volume.selector.by === 'only' && fromRefs.length > 0)) {
    return ask(`Which volume should be detached${fromRefs.length ? ` from ${fromRefs[0]!.names.join(', ')}` : ''} (its name or vol- id)?`, optionsOf(frame, 'volume'));
  }
  return understood({ type: 'detach-volume', volume }, notes);
}

/** Growing a volume is not something the intents carry yet. */
export function buildResizeVolume(frame: Frame): Understanding {
  return notUnderstood(frame.request, 'Cirro cannot grow an existing volume yet (ModifyVolume is not among its intents); attach an extra volume instead ("attach a 100 GB disk to web-1")');
}
