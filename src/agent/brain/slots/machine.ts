import type { ImageHint } from '../../../plan/intent.js';
import type { Analysis } from '../analysis/analysis.js';
import type { KnownResource } from '../brain.js';
import { SIZE_LADDER } from '../lexicon/quantities.js';
import { ask, type Ask } from '../outcomes.js';

/** An explicit instance type in the request ("t3.micro", "m5.large"). */
export function explicitInstanceType(analysis: Analysis): string | undefined {
  return analysis.shaped('instance-type')[0]?.lower;
}

/**
 * The instance type a request asks for: an explicit type, else a size adjective standing with an
 * instance noun or after "to"/"size" ("a small VM", "resize to large") in the given family.
 */
export function requestedInstanceType(analysis: Analysis, family: string, notes: string[]): string | undefined {
  const explicit = explicitInstanceType(analysis);
  if (explicit) return explicit;
  const instanceNoun = analysis.noun('instance');
  for (const { item, lexeme } of analysis.lexemes('size-adjective')) {
    const inPhrase = instanceNoun?.modifiers.includes(item) ?? false;
    const before = analysis.items[item - 1]?.lower ?? '';
    const after = analysis.items[item + 1];
    const sizeContext = ['to', 'into', 'size', 'as', 'be', 'a', 'an'].includes(before) && after?.lexeme?.type !== 'noun';
    const aboutDisk = after?.lexeme?.type === 'noun' && after.lexeme.entry.kind !== 'instance';
    if ((inPhrase || sizeContext || after?.lexeme?.type === 'noun') && !aboutDisk) {
      const type = `${family}.${lexeme.size}`;
      notes.push(`'${lexeme.word}' read as ${type}`);
      return type;
    }
  }
  return undefined;
}

/** The family of an instance type ("t3" of "t3.micro"), defaulting to t3. */
export function familyOf(instanceType: string | undefined): string {
  return instanceType?.split('.')[0] ?? 't3';
}

/** The next sizes up (or down) from a type, in its family: "t3.micro" → t3.small, t3.medium, t3.large. */
export function neighbourSizes(instanceType: string | undefined, direction: 'up' | 'down'): string[] {
  if (!instanceType) return direction === 'up' ? ['t3.medium', 't3.large', 't3.xlarge'] : ['t3.nano', 't3.micro', 't3.small'];
  const [family, size] = instanceType.split('.') as [string, string];
  const index = SIZE_LADDER.indexOf(size);
  if (index < 0) return [];
  const sizes = direction === 'up' ? SIZE_LADDER.slice(index + 1, index + 4) : SIZE_LADDER.slice(Math.max(0, index - 3), index).reverse();
  return sizes.filter((candidate) => family !== 't3' || SIZE_LADDER.indexOf(candidate) <= SIZE_LADDER.indexOf('2xlarge')).map((candidate) => `${family}.${candidate}`);
}

/** The current type of the instance a request names, when the cloud told the brain. */
export function currentType(resources: readonly KnownResource[]): string | undefined {
  const types = [...new Set(resources.map((resource) => resource.instanceType).filter(Boolean))];
  return types.length === 1 ? types[0] : undefined;
}

/** The image a request names (OS family or AMI id), or a question when it names one Cirro cannot launch. */
export function requestedImage(analysis: Analysis, notes: string[]): ImageHint | Ask | undefined {
  const ami = analysis.refs.find((ref) => ref.by === 'id' && ref.names[0]!.toLowerCase().startsWith('ami-'));
  if (ami) return { imageId: ami.names[0]! };
  const image = analysis.lexemes('image')[0];
  if (image) {
    if (image.lexeme.note) notes.push(image.lexeme.note);
    return { family: image.lexeme.family };
  }
  const unknown = analysis.lexemes('unknown-image')[0];
  if (unknown) return ask(`Cirro cannot launch ${unknown.lexeme.name} images yet; which of these should it use?`, KNOWN_IMAGES);
  return undefined;
}

const KNOWN_IMAGES = ['amazon linux 2023', 'ubuntu 24.04', 'ubuntu 22.04', 'debian 12', 'windows server 2022'];
