import { AwsError } from '../aws-error.js';
import type { MemberRef, Shape } from '../models/shape.js';

/** How a form-encoded protocol names things on the wire. */
export interface FormStyle {
  /** Memo key for this style's wire-name tables. */
  readonly memoKey: string;
  /** The wire name of a structure member. */
  wireName(member: MemberRef): string;
  /** True when list items sit directly under the list's name (`Name.1`), not under `Name.member.1`. */
  flatList(member: MemberRef): boolean;
  /** Makes the protocol's error for a parameter with a bad value. */
  invalid(path: string, value: string, expected: string): AwsError;
  /** Makes the protocol's error for a missing required parameter. */
  missing(path: string): AwsError;
}

interface ParamNode {
  value: string | undefined;
  children: Map<string, ParamNode> | undefined;
}

const RESERVED = new Set(['Action', 'Version']);

/** Decodes flat `A.B.1.C=value` parameters into the structure the input shape describes. */
export function decodeFormInput(shape: Shape | undefined, params: URLSearchParams, style: FormStyle): Record<string, unknown> {
  if (!shape) return {};
  const root: ParamNode = { value: undefined, children: new Map() };
  for (const [key, value] of params) {
    if (RESERVED.has(key)) continue;
    let node = root;
    for (const segment of key.split('.')) {
      node.children ??= new Map();
      let next = node.children.get(segment);
      if (!next) {
        next = { value: undefined, children: undefined };
        node.children.set(segment, next);
      }
      node = next;
    }
    node.value = value;
  }
  const result = decodeStructure(shape, root, '', style);
  checkRequired(shape, result, '', style);
  return result;
}

function wireTable(shape: Shape, style: FormStyle): Map<string, MemberRef> {
  let table = shape.memo.get(style.memoKey) as Map<string, MemberRef> | undefined;
  if (!table) {
    table = new Map();
    for (const member of shape.members.values()) table.set(style.wireName(member), member);
    shape.memo.set(style.memoKey, table);
  }
  return table;
}

function decodeStructure(shape: Shape, node: ParamNode, path: string, style: FormStyle): Record<string, unknown> {
  const result: Record<string, unknown> = {};
  if (!node.children) return result;
  const table = wireTable(shape, style);
  for (const [segment, child] of node.children) {
    const member = table.get(segment);
    if (!member) continue; // AWS ignores parameters it does not know; newer clients send newer ones.
    const childPath = path ? `${path}.${segment}` : segment;
    result[member.name] = decodeValue(member, child, childPath, style);
  }
  return result;
}

function decodeValue(member: MemberRef, node: ParamNode, path: string, style: FormStyle): unknown {
  const shape = member.shape;
  switch (shape.type) {
    case 'structure':
      return decodeStructure(shape, node, path, style);
    case 'list':
      return decodeList(member, node, path, style);
    case 'map':
      return decodeMap(member, node, path, style);
    default:
      return decodeScalar(shape, node, path, style);
  }
}

function indexed(node: ParamNode | undefined): [number, ParamNode][] {
  if (!node?.children) return [];
  const items: [number, ParamNode][] = [];
  for (const [segment, child] of node.children) {
    const index = Number(segment);
    if (Number.isInteger(index) && index >= 1) items.push([index, child]);
  }
  return items.sort((a, b) => a[0] - b[0]);
}

function decodeList(member: MemberRef, node: ParamNode, path: string, style: FormStyle): unknown[] {
  const item = member.shape.member!;
  const container = style.flatList(member) ? node : node.children?.get(item.locationName ?? 'member');
  // An empty list is sent as the bare name with an empty value (`Name=`).
  return indexed(container).map(([index, child]) => decodeValue(item, child, `${path}.${index}`, style));
}

function decodeMap(member: MemberRef, node: ParamNode, path: string, style: FormStyle): Record<string, unknown> {
  const shape = member.shape;
  const container = style.flatList(member) ? node : node.children?.get('entry');
  const keyName = shape.key?.locationName ?? 'key';
  const valueName = shape.value?.locationName ?? 'value';
  const result: Record<string, unknown> = {};
  for (const [index, entry] of indexed(container)) {
    const key = entry.children?.get(keyName)?.value;
    const value = entry.children?.get(valueName);
    if (key === undefined) throw style.missing(`${path}.${index}.${keyName}`);
    result[key] = value ? decodeValue(shape.value!, value, `${path}.${index}.${valueName}`, style) : undefined;
  }
  return result;
}

function decodeScalar(shape: Shape, node: ParamNode, path: string, style: FormStyle): unknown {
  const text = node.value;
  if (text === undefined) throw style.invalid(path, '', `a ${shape.type}`);
  switch (shape.type) {
    case 'integer':
    case 'long': {
      const number = Number(text);
      if (text.trim() === '' || !Number.isInteger(number)) throw style.invalid(path, text, 'an integer');
      return number;
    }
    case 'float':
    case 'double': {
      const number = Number(text);
      if (text.trim() === '' || Number.isNaN(number)) throw style.invalid(path, text, 'a number');
      return number;
    }
    case 'boolean':
      if (text === 'true') return true;
      if (text === 'false') return false;
      throw style.invalid(path, text, 'true or false');
    case 'timestamp': {
      const date = /^\d+(\.\d+)?$/.test(text) ? new Date(Number(text) * 1000) : new Date(text);
      if (Number.isNaN(date.getTime())) throw style.invalid(path, text, 'an ISO 8601 timestamp');
      return date;
    }
    case 'blob':
      return Buffer.from(text, 'base64');
    default:
      return text;
  }
}

function checkRequired(shape: Shape, value: Record<string, unknown>, path: string, style: FormStyle): void {
  for (const name of shape.required) {
    if (value[name] === undefined) {
      const member = shape.members.get(name);
      const wire = member ? style.wireName(member) : name;
      throw style.missing(path ? `${path}.${wire}` : wire);
    }
  }
  for (const [name, member] of shape.members) {
    const child = value[name];
    if (child === undefined) continue;
    const childPath = path ? `${path}.${style.wireName(member)}` : style.wireName(member);
    if (member.shape.type === 'structure') {
      checkRequired(member.shape, child as Record<string, unknown>, childPath, style);
    } else if (member.shape.type === 'list' && member.shape.member?.shape.type === 'structure') {
      const items = child as Record<string, unknown>[];
      items.forEach((item, index) => checkRequired(member.shape.member!.shape, item, `${childPath}.${index + 1}`, style));
    }
  }
}
