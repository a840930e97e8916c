import type { MemberRef, Shape } from '../models/shape.js';

// A carriage return is escaped too: XML parsers read a literal \r\n as \n, so it would not round-trip.
const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;', '\r': '&#13;' };

/** Escapes text for an XML element body or attribute. */
export function escapeXml(text: string): string {
  return /[&<>"'\r]/.test(text) ? text.replace(/[&<>"'\r]/g, (character) => ESCAPES[character]!) : text;
}

/** Serializes values to XML the way AWS's XML protocols (ec2, query, rest-xml) lay them out. */
export class XmlWriter {
  text = '';

  /** Writes the members of a structure value, in model order, skipping absent ones. */
  structure(shape: Shape, value: Record<string, unknown>): void {
    for (const [name, member] of shape.members) {
      const child = value[name];
      if (child === undefined || child === null) continue;
      this.member(member, member.locationName ?? name, child);
    }
  }

  /** Writes one value under the given element name. */
  member(member: MemberRef, element: string, value: unknown): void {
    const shape = member.shape;
    switch (shape.type) {
      case 'structure':
        this.text += `<${element}>`;
        this.structure(shape, value as Record<string, unknown>);
        this.text += `</${element}>`;
        return;
      case 'list':
        this.list(member, element, value as unknown[]);
        return;
      case 'map':
        this.map(member, element, value as Record<string, unknown>);
        return;
      default:
        this.text += `<${element}>${scalar(shape, value)}</${element}>`;
    }
  }

  private list(member: MemberRef, element: string, items: unknown[]): void {
    const item = member.shape.member!;
    if (member.flattened || member.shape.flattened) {
      const name = item.locationName ?? element;
      for (const value of items) this.member(item, name, value);
      return;
    }
    if (items.length === 0) {
      this.text += `<${element}/>`;
      return;
    }
    const name = item.locationName ?? 'member';
    this.text += `<${element}>`;
    for (const value of items) this.member(item, name, value);
    this.text += `</${element}>`;
  }

  private map(member: MemberRef, element: string, value: Record<string, unknown>): void {
    const shape = member.shape;
    const keyName = shape.key?.locationName ?? 'key';
    const valueName = shape.value?.locationName ?? 'value';
    const flattened = member.flattened || shape.flattened;
    if (!flattened) this.text += `<${element}>`;
    for (const [key, entry] of Object.entries(value)) {
      this.text += flattened ? `<${element}>` : '<entry>';
      this.text += `<${keyName}>${escapeXml(key)}</${keyName}>`;
      if (entry !== undefined && entry !== null) this.member(shape.value!, valueName, entry);
      this.text += flattened ? `</${element}>` : '</entry>';
    }
    if (!flattened) this.text += `</${element}>`;
  }
}

function scalar(shape: Shape, value: unknown): string {
  switch (shape.type) {
    case 'timestamp':
      return toDate(value).toISOString();
    case 'blob':
      return Buffer.from(value as Uint8Array).toString('base64');
    case 'boolean':
      return value ? 'true' : 'false';
    default:
      return escapeXml(String(value));
  }
}

function toDate(value: unknown): Date {
  if (value instanceof Date) return value;
  if (typeof value === 'number' || typeof value === 'string') return new Date(value);
  throw new Error(`not a timestamp: ${String(value)}`);
}
