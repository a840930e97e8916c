/** What a token looks like, before any meaning is given to it. */
export type TokenShape =
  | 'word' | 'number' | 'decimal' | 'ident' | 'id' | 'arn' | 'cidr' | 'ip' | 'path' | 'quoted' | 'punct'
  | 'tag-pair' | 'port-range' | 'port-proto' | 'name-range' | 'size' | 'instance-type' | 'az' | 'region';

/** One token of a request. */
export interface Token {
  /** As written, case kept (names are case-sensitive). */
  readonly text: string;
  /** Lowercase; a typo-corrected word holds the correction. */
  readonly lower: string;
  readonly shape: TokenShape;
  /** Numbers: the number; sizes: GiB. */
  readonly value?: number;
  /** Name ranges (`web-1..3`), expanded. */
  readonly names?: readonly string[];
}

/** Words the lexer keeps whole although they hold digits or hyphens (ec2, gp3, on-demand). */
export type Vocabulary = (lower: string) => boolean;

const SIZE = /^(\d+(?:\.\d+)?)(gb|gib|g|gig|gigs|tb|tib|t)$/i;
const ID = /^(?:i|vol|vpc|subnet|sg|eipalloc|eipassoc|igw|rtb|ami|snap|eni|key|nat|acl)-[0-9a-f]{8,17}$/i;
const INSTANCE_TYPE = /^[a-z][a-z0-9]*\d[a-z0-9-]*\.(?:nano|micro|small|medium|large|\d*xlarge|metal)$/i;
const CLASSIFIERS: readonly (readonly [TokenShape, RegExp])[] = [
  ['arn', /^arn:aws[\w-]*:\S+$/i],
  ['cidr', /^\d{1,3}(?:\.\d{1,3}){3}\/\d{1,2}$/],
  ['ip', /^\d{1,3}(?:\.\d{1,3}){3}$/],
  ['path', /^\/[\w./-]*$/],
  ['id', ID],
  ['instance-type', INSTANCE_TYPE],
  ['az', /^[a-z]{2}(?:-gov)?-[a-z]+-\d[a-z]$/i],
  ['region', /^[a-z]{2}(?:-gov)?-[a-z]+-\d$/i],
  ['port-proto', /^(?:\d{1,5}\/(?:tcp|udp)|(?:tcp|udp)\/\d{1,5})$/i],
  ['port-range', /^\d{1,5}-\d{1,5}$/],
  ['decimal', /^\d+\.\d+$/],
  ['number', /^\d+$/],
];
const QUOTED = /"([^"]*)"|`([^`]*)`|(?<=^|\s)'([^']+)'(?=$|[\s,.;:?!])|(\S+)/g;

/** Splits a normalized request into tokens: quoted names stay whole, punctuation becomes its own token. */
export function lex(text: string, vocabulary: Vocabulary): Token[] {
  const tokens: Token[] = [];
  for (const match of text.matchAll(QUOTED)) {
    const quoted = match[1] ?? match[2] ?? match[3];
    if (quoted !== undefined) {
      if (quoted.trim()) tokens.push({ text: quoted.trim(), lower: quoted.trim().toLowerCase(), shape: 'quoted' });
      continue;
    }
    for (const piece of splitOutsideBraces(match[4]!)) tokens.push(...lexPiece(piece, vocabulary));
  }
  return tokens;
}

/** Splits on commas and semicolons, except inside `{1,2,3}`. */
function splitOutsideBraces(chunk: string): string[] {
  const pieces: string[] = [];
  let depth = 0;
  let current = '';
  for (const character of chunk) {
    if (character === '{' || character === '[') depth++;
    if (character === '}' || character === ']') depth = Math.max(0, depth - 1);
    if ((character === ',' || character === ';') && depth === 0) {
      if (current) pieces.push(current);
      pieces.push(character);
      current = '';
    } else current += character;
  }
  if (current) pieces.push(current);
  return pieces;
}

function lexPiece(piece: string, vocabulary: Vocabulary): Token[] {
  if (piece === ',' || piece === ';') return [{ text: piece, lower: piece, shape: 'punct' }];
  const leading = /^[(["']+/.exec(piece)?.[0] ?? '';
  let core = piece.slice(leading.length);
  const trailing: Token[] = [];
  while (core.length > 0 && /[.,;:!?)"'\]]$/.test(core) && !isWhole(core)) {
    const character = core.slice(-1);
    core = core.slice(0, -1);
    if ('?!.:'.includes(character)) trailing.unshift({ text: character, lower: character, shape: 'punct' });
  }
  if (!core) return trailing;
  return [...classify(core, vocabulary), ...trailing];
}

/** A piece that ends in punctuation as part of itself (`web-[1-3]`). */
function isWhole(core: string): boolean {
  return /\[\d+-\d+\]$/.test(core) && !/\]\]$/.test(core);
}

function classify(core: string, vocabulary: Vocabulary): Token[] {
  const lower = core.toLowerCase();
  if (vocabulary(lower) && !/^\d+(?:\.\d+)?$/.test(lower)) return [{ text: core, lower, shape: 'word' }];
  const size = SIZE.exec(core);
  if (size) return [{ text: core, lower, shape: 'size', value: sizeInGiB(Number(size[1]), size[2]!) }];
  const multiplier = /^(\d+)x$|^x(\d+)$/i.exec(core);
  if (multiplier) return [{ text: core, lower, shape: 'number', value: Number(multiplier[1] ?? multiplier[2]) }];
  for (const [shape, pattern] of CLASSIFIERS) {
    if (pattern.test(core)) return [{ text: core, lower, shape, ...(shape === 'number' ? { value: Number(core) } : {}) }];
  }
  const names = expandNameRange(core);
  if (names) return [{ text: core, lower, shape: 'name-range', names }];
  const pair = /^([A-Za-z][\w.\/-]*)[=:](.+)$/.exec(core);
  if (pair && !/^https?$/i.test(pair[1]!) && !pair[2]!.startsWith('/')) return [{ text: core, lower, shape: 'tag-pair' }];
  if (/^[a-z]+(?:-[a-z]+)+$/.test(lower) && vocabulary(lower.replace(/-/g, ' '))) {
    return lower.split('-').map((part, index) => ({ text: core.split('-')[index]!, lower: part, shape: 'word' as const }));
  }
  if (/^[a-z]+$/.test(lower)) return [{ text: core, lower, shape: 'word' }];
  if (/^[A-Za-z0-9][\w.*-]*$/.test(core) && /[A-Za-z]/.test(core)) return [{ text: core.replace(/\.$/, ''), lower: lower.replace(/\.$/, ''), shape: 'ident' }];
  return [{ text: core, lower, shape: 'word' }];
}

function sizeInGiB(amount: number, unit: string): number {
  return Math.round(/^t/i.test(unit) ? amount * 1024 : amount);
}

/**
 * Expands `web-1..3`, `web-1..web-3`, `web-{1..3}`, `web-{1,2,3}`, `web-[1-3]` into names; keeps the
 * width of zero-padded numbers (`db-01..03`). Undefined when the piece is not a range.
 */
export function expandNameRange(core: string): string[] | undefined {
  const dotted = /^([A-Za-z][\w-]*?)(\d+)\.\.(?:\1)?(\d+)$/.exec(core);
  if (dotted) return numbered(dotted[1]!, dotted[2]!, dotted[3]!, '');
  const braced = /^([\w-]*)[{[](\d+)(?:\.\.|-)(\d+)[}\]]([\w-]*)$/.exec(core);
  if (braced && /[A-Za-z]/.test(braced[1]! + braced[4]!)) return numbered(braced[1]!, braced[2]!, braced[3]!, braced[4]!);
  const listed = /^([\w-]*)\{([\w-]+(?:,[\w-]+)+)\}([\w-]*)$/.exec(core);
  if (listed) return listed[2]!.split(',').map((part) => `${listed[1]}${part}${listed[3]}`);
  return undefined;
}

function numbered(prefix: string, from: string, to: string, suffix: string): string[] | undefined {
  const first = Number(from);
  const last = Number(to);
  if (last < first || last - first > 99) return undefined;
  const width = from.startsWith('0') ? from.length : 0;
  const names: string[] = [];
  for (let number = first; number <= last; number++) names.push(`${prefix}${String(number).padStart(width, '0')}${suffix}`);
  return names;
}
