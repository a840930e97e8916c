/** The members of a JSON object by name, whether parsed up front or on first use. */
export interface Members<T> {
  get(name: string): T | undefined;
  keys(): string[];
}

/** Members of an object that is already parsed. */
export function eagerMembers<T>(object: Record<string, T>): Members<T> {
  return {
    get: (name) => (Object.prototype.hasOwnProperty.call(object, name) ? object[name] : undefined),
    keys: () => Object.keys(object),
  };
}

/** A model file's top level, with its two large sections left as text until a member is asked for. */
export interface LazyModelText {
  readonly rest: Record<string, unknown>;
  readonly operations: Members<unknown>;
  readonly shapes: Members<unknown>;
}

const SECTION_END = '\n  }';
const MEMBER_START = '\n    "';

/**
 * Splits a service model file laid out as `JSON.stringify(model, null, 2)` (as the aws-sdk package ships
 * them) into its sections, parsing each operation and shape only when first used: a gym answers its
 * first request after parsing a few dozen of EC2's 600 operations instead of all 940 KB. In that layout
 * a line of exactly four spaces and a quote starts a member of a top-level section (JSON strings cannot
 * hold a raw newline). Returns undefined for any other layout, and the caller parses the whole text.
 */
export function splitModelText(text: string): LazyModelText | undefined {
  const operations = section(text, 'operations');
  const shapes = section(text, 'shapes');
  if (!operations || !shapes) return undefined;
  // What remains (version, metadata, …) is small; parse it with the two sections cut out.
  const [first, second] = operations.start < shapes.start ? [operations, shapes] : [shapes, operations];
  const rest = `${text.slice(0, first.start)}{}${text.slice(first.end, second.start)}{}${text.slice(second.end)}`;
  try {
    return { rest: JSON.parse(rest) as Record<string, unknown>, operations: first === operations ? first.members : second.members, shapes: first === shapes ? first.members : second.members };
  } catch {
    return undefined;
  }
}

interface Section {
  /** Index of the section's opening brace. */
  readonly start: number;
  /** Index just past its closing brace. */
  readonly end: number;
  readonly members: Members<unknown>;
}

function section(text: string, name: string): Section | undefined {
  const header = `\n  "${name}": {`;
  const at = text.indexOf(header);
  if (at < 0) return undefined;
  const start = at + header.length - 1;
  if (text.charCodeAt(start + 1) === 125 /* } */) return { start, end: start + 2, members: lazyMembers(text, new Map()) };
  // Only the section's own closing brace sits on a line indented by exactly two spaces.
  const close = text.indexOf(SECTION_END, start);
  if (close < 0) return undefined;
  const ranges = new Map<string, [number, number]>();
  let member = text.indexOf(MEMBER_START, start);
  while (member >= 0 && member < close) {
    const keyStart = member + MEMBER_START.length;
    const keyEnd = text.indexOf('"', keyStart);
    if (keyEnd < 0 || text.charCodeAt(keyEnd - 1) === 92 /* backslash */ || text.slice(keyEnd, keyEnd + 3) !== '": ') return undefined;
    const next = text.indexOf(MEMBER_START, keyEnd);
    const valueEnd = next >= 0 && next < close ? next : close;
    ranges.set(text.slice(keyStart, keyEnd), [keyEnd + 3, valueEnd]);
    member = next;
  }
  return { start, end: close + SECTION_END.length, members: lazyMembers(text, ranges) };
}

function lazyMembers(text: string, ranges: Map<string, [number, number]>): Members<unknown> {
  const parsed = new Map<string, unknown>();
  return {
    get(name) {
      if (parsed.has(name)) return parsed.get(name);
      const range = ranges.get(name);
      if (!range) return undefined;
      // A member's text runs to the next member's line; drop the comma that separates them.
      const slice = text.slice(range[0], range[1]).trimEnd();
      const value = JSON.parse(slice.endsWith(',') ? slice.slice(0, -1) : slice) as unknown;
      parsed.set(name, value);
      return value;
    },
    keys: () => [...ranges.keys()],
  };
}
