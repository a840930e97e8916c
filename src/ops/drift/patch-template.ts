import { isDeepStrictEqual } from 'node:util';
import type { DriftFinding } from './types.js';

/** What a `Ref` resolves to in the stack: resources' physical ids and parameters' values. */
export interface StackReferences {
  readonly resources: ReadonlyMap<string, string>;
  readonly parameters: ReadonlyMap<string, string>;
}

/** The stack's template brought to the cloud, and what a person must still do by hand. */
export interface TemplatePatch {
  readonly template: Record<string, unknown>;
  readonly notes: readonly string[];
}

type Json = Record<string, unknown>;

/**
 * "Bring the code to the cloud": a copy of a stack's template in which every MODIFIED property takes the
 * value the cloud has and every DELETED resource is gone, so deploying it changes nothing in the cloud and
 * leaves the stack in sync. Values are written as `Ref`s where they equal what a `Ref` resolves to (a
 * template `Ref` that still resolves to the actual value is kept), and as literals otherwise.
 */
export function patchTemplate(original: Json, findings: readonly DriftFinding[], references: StackReferences): TemplatePatch {
  const template = structuredClone(original);
  const resources = (template['Resources'] ?? {}) as Record<string, Json>;
  const notes: string[] = [];
  // Removals by value first, from the end, so the list indices of the others still hold.
  const ordered = [...findings].sort((a, b) => Number(b.difference === 'REMOVE') - Number(a.difference === 'REMOVE') || (b.property ?? '').localeCompare(a.property ?? ''));
  for (const finding of ordered) {
    const logicalId = finding.logicalId;
    if (logicalId === undefined || resources[logicalId] === undefined) continue;
    if (finding.kind === 'deleted') {
      delete resources[logicalId];
      continue;
    }
    if (finding.kind !== 'modified' || finding.property === undefined) continue;
    const resource = resources[logicalId]!;
    const properties = (resource['Properties'] ??= {}) as Json;
    applyDifference(properties, finding, references, logicalId);
  }
  const deleted = findings.filter((finding) => finding.kind === 'deleted' && finding.logicalId !== undefined).map((finding) => finding.logicalId!);
  for (const gone of deleted) {
    const users = Object.entries(resources).filter(([, resource]) => refersTo(resource, gone)).map(([id]) => id);
    if (refersTo(template['Outputs'], gone)) users.push('Outputs');
    if (users.length > 0) notes.push(`${gone} is gone from the cloud and from the patched template, but ${users.join(', ')} still refer${users.length === 1 ? 's' : ''} to it; edit ${users.length === 1 ? 'that' : 'those'} by hand before deploying`);
  }
  return { template, notes };
}

function applyDifference(properties: Json, finding: DriftFinding, references: StackReferences, self: string): void {
  const path = finding.property!.split('/').slice(1).map((segment) => segment.replace(/~1/g, '/').replace(/~0/g, '~'));
  const last = path.pop()!;
  const parent = walk(properties, path);
  const existing = Array.isArray(parent) ? parent[Number(last)] : (parent as Json)[last];
  if (finding.difference === 'REMOVE') {
    const expected = parseValue(finding.expected, existing);
    if (Array.isArray(parent)) {
      const index = parent.findIndex((item) => isDeepStrictEqual(resolve(item, references), expected));
      parent.splice(index >= 0 ? index : Number(last), 1);
    } else delete (parent as Json)[last];
    return;
  }
  const actual = parseValue(finding.actual, existing);
  if (existing !== undefined && isDeepStrictEqual(resolve(existing, references), actual)) return;
  const value = toTemplateValue(actual, references, self);
  if (Array.isArray(parent) && finding.difference === 'ADD') {
    if (!parent.some((item) => isDeepStrictEqual(resolve(item, references), actual))) parent.push(value);
  } else if (Array.isArray(parent)) parent[Number(last)] = value;
  else (parent as Json)[last] = value;
}

/** The container at a path, created as a mapping (or a list before a numeric segment) where missing. */
function walk(root: Json, path: readonly string[]): Json | unknown[] {
  let node: Json | unknown[] = root;
  path.forEach((segment, index) => {
    const container = node as Record<string, unknown>;
    if (container[segment] === undefined || typeof container[segment] !== 'object') container[segment] = /^\d+$/.test(path[index + 1] ?? '') ? [] : {};
    node = container[segment] as Json | unknown[];
  });
  return node;
}

/** A reported value: JSON where it parses (a rule, a number), text otherwise, and text where the template had text. */
function parseValue(text: string | undefined, existing: unknown): unknown {
  if (text === undefined || text === 'null') return undefined;
  try {
    const parsed: unknown = JSON.parse(text);
    return typeof existing === 'string' && typeof parsed !== 'object' ? text : parsed;
  } catch {
    return text;
  }
}

/** A template value with every `Ref` resolved, or undefined where another function makes it unknowable here. */
function resolve(value: unknown, references: StackReferences): unknown {
  if (Array.isArray(value)) return value.map((item) => resolve(item, references));
  if (value === null || typeof value !== 'object') return value;
  const entries = Object.entries(value as Json);
  if (entries.length === 1 && entries[0]![0] === 'Ref') {
    const name = String(entries[0]![1]);
    return references.resources.get(name) ?? references.parameters.get(name);
  }
  if (entries.length === 1 && entries[0]![0].startsWith('Fn::')) return undefined;
  return Object.fromEntries(entries.map(([key, item]) => [key, resolve(item, references)]));
}

/** An actual value as the template should say it: another resource's id or a parameter's value as its `Ref`. */
function toTemplateValue(value: unknown, references: StackReferences, self: string): unknown {
  if (Array.isArray(value)) return value.map((item) => toTemplateValue(item, references, self));
  if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, toTemplateValue(item, references, self)]));
  if (typeof value !== 'string') return value;
  for (const [logicalId, physicalId] of references.resources) if (physicalId === value && logicalId !== self) return { Ref: logicalId };
  for (const [name, parameter] of references.parameters) if (parameter === value) return { Ref: name };
  return value;
}

/** Whether a template fragment names a logical id in a Ref, a GetAtt or DependsOn. */
function refersTo(value: unknown, logicalId: string): boolean {
  if (Array.isArray(value)) return value.some((item) => refersTo(item, logicalId));
  if (value === null || typeof value !== 'object') return false;
  return Object.entries(value as Json).some(([key, item]) =>
    (key === 'Ref' && item === logicalId)
    || (key === 'Fn::GetAtt' && (Array.isArray(item) ? item[0] === logicalId : String(item).split('.')[0] === logicalId))
    || (key === 'DependsOn' && (item === logicalId || (Array.isArray(item) && item.includes(logicalId))))
    || refersTo(item, logicalId));
}
