import type { VolumeSpec } from '../../../plan/intent.js';
import type { Analysis } from '../analysis/analysis.js';

/** A size in the request, with what stands around it. */
interface SizeMention {
  readonly item: number;
  readonly sizeGiB: number;
  readonly root: boolean;
}

function sizeMentions(analysis: Analysis): SizeMention[] {
  const roots = analysis.where('root-disk');
  return analysis.items
    .filter((item) => item.token.shape === 'size')
    .map((item) => ({ item: item.index, sizeGiB: item.token.value!, root: roots.some((root) => Math.abs(root - item.index) <= 3) }));
}

/** The volume type said near a size ("100 GB gp3", "an io2 disk of 50 GB", "a 20 GB ssd"). */
function volumeTypeNear(analysis: Analysis, item: number, notes: string[], only: boolean): string | undefined {
  // With a single size in the request, its volume type may stand anywhere; with several, only close by.
  const reach = only ? Infinity : 4;
  let best: { distance: number; type: string; word: string } | undefined;
  for (const { item: at, lexeme } of analysis.lexemes('volume-type')) {
    const distance = Math.abs(at - item);
    if (distance <= reach && (!best || distance < best.distance)) best = { distance, type: lexeme.volumeType, word: lexeme.word };
  }
  for (const noun of analysis.nouns) {
    const distance = Math.abs(noun.item - item);
    if (noun.entry.volumeType && distance <= reach && (!best || distance < best.distance)) best = { distance, type: noun.entry.volumeType, word: analysis.items[noun.item]!.lower };
  }
  if (best && best.word !== best.type) notes.push(`'${best.word}' read as ${best.type}`);
  return best?.type;
}

/** How many volumes of this size ("two 100 GB disks"). */
function countOf(analysis: Analysis, item: number): number {
  const before = analysis.items[item - 1];
  if (before?.lexeme?.type === 'quantity') return before.lexeme.value;
  if (before?.token.shape === 'number') return before.token.value ?? 1;
  const noun = analysis.nouns.find((phrase) => phrase.kind === 'volume' && phrase.modifiers.includes(item));
  return noun?.count ?? 1;
}

/**
 * The volumes a request describes by size: one spec per volume, with its type when said. Root-disk
 * sizes are left out (with a note): the intent carries data volumes only.
 */
export function volumeSpecs(analysis: Analysis, notes: string[]): VolumeSpec[] {
  const specs: VolumeSpec[] = [];
  const mentions = sizeMentions(analysis);
  for (const mention of mentions) {
    if (mention.root) {
      notes.push(`the root volume keeps the image's size: a root size (${mention.sizeGiB} GiB) is not something Cirro sets yet`);
      continue;
    }
    const volumeType = volumeTypeNear(analysis, mention.item, notes, mentions.length === 1);
    const spec: VolumeSpec = volumeType ? { sizeGiB: mention.sizeGiB, volumeType } : { sizeGiB: mention.sizeGiB };
    for (let count = countOf(analysis, mention.item); count > 0; count--) specs.push(spec);
  }
  return specs;
}

