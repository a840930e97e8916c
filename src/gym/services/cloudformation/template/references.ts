import { subVariables } from './sub-string.js';
import { isRecord } from './template.js';

/** What a template value refers to: Ref targets, GetAtt logical ids and condition names. */
export interface References {
  /** Names used with Ref or as `${Name}` in Fn::Sub: parameters, pseudo parameters or resources. */
  readonly refs: Set<string>;
  /** Logical ids used with Fn::GetAtt or as `${Id.Attribute}` in Fn::Sub. */
  readonly getAtts: Set<string>;
  /** Condition names used by Fn::If or by the Condition function. */
  readonly conditions: Set<string>;
}

/**
 * Collects the references inside a value. With `conditions`, Fn::If follows only the branch the
 * condition picks, so a resource mentioned only in the untaken branch is not a dependency (as in AWS).
 */
export function collectReferences(value: unknown, conditions?: Readonly<Record<string, boolean>>): References {
  const found: References = { refs: new Set(), getAtts: new Set(), conditions: new Set() };
  walk(value, found, conditions);
  return found;
}

function walk(value: unknown, found: References, conditions: Readonly<Record<string, boolean>> | undefined): void {
  if (Array.isArray(value)) {
    for (const item of value) walk(item, found, conditions);
    return;
  }
  if (!isRecord(value)) return;
  const keys = Object.keys(value);
  const argument = value[keys[0]!];
  if (keys.length === 1) {
    switch (keys[0]) {
      case 'Ref':
        if (typeof argument === 'string') found.refs.add(argument);
        return;
      case 'Condition':
        if (typeof argument === 'string') found.conditions.add(argument);
        return;
      case 'Fn::GetAtt':
        return walkGetAtt(argument, found, conditions);
      case 'Fn::Sub':
        return walkSub(argument, found, conditions);
      case 'Fn::If':
        return walkIf(argument, found, conditions);
    }
  }
  for (const key of keys) walk(value[key], found, conditions);
}

function walkGetAtt(argument: unknown, found: References, conditions: Readonly<Record<string, boolean>> | undefined): void {
  if (typeof argument === 'string') {
    found.getAtts.add(argument.split('.')[0]!);
  } else if (Array.isArray(argument) && typeof argument[0] === 'string') {
    found.getAtts.add(argument[0]);
    walk(argument.slice(1), found, conditions);
  }
}

function walkSub(argument: unknown, found: References, conditions: Readonly<Record<string, boolean>> | undefined): void {
  const [text, variables] = Array.isArray(argument) ? [argument[0], argument[1]] : [argument, undefined];
  if (typeof text !== 'string') return walk(argument, found, conditions);
  const local = isRecord(variables) ? variables : {};
  for (const name of subVariables(text)) {
    if (name in local) continue;
    const dot = name.indexOf('.');
    if (dot > 0) found.getAtts.add(name.slice(0, dot));
    else found.refs.add(name);
  }
  walk(variables, found, conditions);
}

function walkIf(argument: unknown, found: References, conditions: Readonly<Record<string, boolean>> | undefined): void {
  if (!Array.isArray(argument) || typeof argument[0] !== 'string') return walk(argument, found, conditions);
  const name = argument[0];
  found.conditions.add(name);
  if (conditions && name in conditions) walk(conditions[name] ? argument[1] : argument[2], found, conditions);
  else walk(argument.slice(1), found, conditions);
}
