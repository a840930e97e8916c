import type { MemberRef, Shape } from '../models/shape.js';

// A carriage return is escaped too: XML parsers read a literal \r\n as \n, so it would not round-trip.
const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;', '\r': '&#13;' };
const NEEDS_ESCAPE = /[&<>"'\r]/;
const ESCAPE_ALL = /[&<>"'\r]/g;

/** Escapes text for an XML element body or attribute. */
export function escapeXml(text: string): string {
  return NEEDS_ESCAPE.test(text) ? text.replace(ESCAPE_ALL, (character) => ESCAPES[character]!) : text;
}

/** Appends one value's XML (its element included) to the output. */
type WriteValue = (out: XmlWriter, value: unknown) => void;

/** A structure's members in model order, each with the writer for its element. */
type StructurePlan = readonly { readonly name: string; readonly write: WriteValue }[];

const STRUCTURE_PLAN = 'xml-structure-plan';

/**
 * Serializes values to XML the way AWS's XML protocols (ec2, query, rest-xml) lay them out.
 * Each shape is compiled once into writers with their tags precomputed (kept in the shape's memo), so
 * encoding a large answer (300 instances of ~70 members) only walks values and appends strings.
 */
export class XmlWriter {
  text = '';

  /** Writes the members of a structure value, in model order, skipping absent ones. */
  structure(shape: Shape, value: Record<string, unknown>): void {
    writeFields(this, structurePlan(shape), value);
  }

  /** Writes one value under the given element name. */
  member(member: MemberRef, element: string, value: unknown): void {
    compileMember(member, element)(this, value);
  }
}

function writeFields(out: XmlWriter, plan: StructurePlan, value: Record<string, unknown>): void {
  for (let index = 0; index < plan.length; index++) {
    const field = plan[index]!;
    const child = value[field.name];
    if (child !== undefined && child !== null) field.write(out, child);
  }
}

function structurePlan(shape: Shape): StructurePlan {
  let plan = shape.memo.get(STRUCTURE_PLAN) as StructurePlan | undefined;
  if (!plan) {
    plan = [...shape.members].map(([name, member]) => ({ name, write: compileMember(member, member.locationName ?? name) }));
    shape.memo.set(STRUCTURE_PLAN, plan);
  }
  return plan;
}

/** The writer for a value of `member`'s shape under `element`; nested shapes compile on first use, so recursive shapes terminate. */
function compileMember(member: MemberRef, element: string): WriteValue {
  const shape = member.shape;
  const open = `<${element}>`;
  const close = `</${element}>`;
  switch (shape.type) {
    case 'structure': {
      let plan: StructurePlan | undefined;
      return (out, value) => {
        out.text += open;
        writeFields(out, (plan ??= structurePlan(shape)), value as Record<string, unknown>);
        out.text += close;
      };
    }
    case 'list':
      return compileList(member, element);
    case 'map':
      return compileMap(member, element);
    case 'boolean': {
      const whenTrue = `${open}true${close}`;
      const whenFalse = `${open}false${close}`;
      return (out, value) => {
        out.text += value ? whenTrue : whenFalse;
      };
    }
    case 'timestamp':
      return (out, value) => {
        out.text += open + isoTime(value) + close;
      };
    case 'blob':
      return (out, value) => {
        out.text += open + Buffer.from(value as Uint8Array).toString('base64') + close;
      };
    case 'integer':
    case 'long':
    case 'float':
    case 'double':
      return (out, value) => {
        out.text += open + (typeof value === 'number' ? String(value) : escapeXml(String(value))) + close;
      };
    default:
      return (out, value) => {
        out.text += open + escapeXml(String(value)) + close;
      };
  }
}

function compileList(member: MemberRef, element: string): WriteValue {
  const item = member.shape.member!;
  if (member.flattened || member.shape.flattened) {
    const writeItem = compileMember(item, item.locationName ?? element);
    return (out, value) => {
      const items = value as unknown[];
      for (let index = 0; index < items.length; index++) writeItem(out, items[index]);
    };
  }
  const writeItem = compileMember(item, item.locationName ?? 'member');
  const open = `<${element}>`;
  const close = `</${element}>`;
  const empty = `<${element}/>`;
  return (out, value) => {
    const items = value as unknown[];
    if (items.length === 0) {
      out.text += empty;
      return;
    }
    out.text += open;
    for (let index = 0; index < items.length; index++) writeItem(out, items[index]);
    out.text += close;
  };
}

function compileMap(member: MemberRef, element: string): WriteValue {
  const shape = member.shape;
  const keyName = shape.key?.locationName ?? 'key';
  const valueName = shape.value?.locationName ?? 'value';
  const flattened = member.flattened || shape.flattened;
  const open = `<${element}>`;
  const close = `</${element}>`;
  const entryOpen = flattened ? open : '<entry>';
  const entryClose = flattened ? close : '</entry>';
  const keyOpen = `<${keyName}>`;
  const keyClose = `</${keyName}>`;
  let writeValue: WriteValue | undefined;
  return (out, value) => {
    writeValue ??= compileMember(shape.value!, valueName);
    if (!flattened) out.text += open;
    for (const [key, entry] of Object.entries(value as Record<string, unknown>)) {
      out.text += entryOpen + keyOpen + escapeXml(key) + keyClose;
      if (entry !== undefined && entry !== null) writeValue(out, entry);
      out.text += entryClose;
    }
    if (!flattened) out.text += close;
  };
}

// Answers repeat the same instants (an instance's launch, attach and usage times), and toISOString costs
// about a microsecond, so recent conversions are kept.
const isoCache = new Map<number, string>();

function isoTime(value: unknown): string {
  const time = toDate(value).getTime();
  let text = isoCache.get(time);
  if (text === undefined) {
    text = new Date(time).toISOString();
    if (isoCache.size >= 4096) isoCache.clear();
    isoCache.set(time, text);
  }
  return text;
}

function toDate(value: unknown): Date {
  if (value instanceof Date) return value;
  if (typeof value === 'number' || typeof value === 'string') return new Date(value);
  throw new Error(`not a timestamp: ${String(value)}`);
}
