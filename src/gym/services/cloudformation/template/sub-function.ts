import { unwrap, type Evaluation } from './evaluation.js';
import { refFunction } from './ref-function.js';
import { parseSubString } from './sub-string.js';
import { isRecord } from './template.js';
import { raise, templateErrors } from './template-errors.js';

/**
 * Fn::Sub, one- and two-argument forms: `${Name}` is a variable of the map, a pseudo parameter, a
 * parameter or a resource's Ref; `${Id.Attribute}` a GetAtt; `${!Text}` the literal `${Text}`.
 */
export function subFunction(argument: unknown, evaluation: Evaluation): string {
  const [template, variables] = Array.isArray(argument) ? argument : [argument, {}];
  if (typeof template !== 'string' || !isRecord(variables) || (Array.isArray(argument) && argument.length !== 2)) {
    raise(templateErrors.evaluation("One or more Fn::Sub intrinsic functions don't specify expected arguments. Specify a string as first argument, and an optional second argument to specify a mapping of values to replace in the string"));
  }
  const local = new Map(Object.entries(variables).map(([name, value]) => [name, evaluation.evaluate(value)]));
  return parseSubString(template)
    .map((part) => ('literal' in part ? part.literal : variableText(part.variable, local, evaluation)))
    .join('');
}

function variableText(name: string, local: Map<string, unknown>, evaluation: Evaluation): string {
  let value: unknown;
  if (local.has(name)) value = local.get(name);
  else if (!name.startsWith('AWS::') && name.includes('.')) {
    const dot = name.indexOf('.');
    value = unwrap(evaluation.context.getAtt(name.slice(0, dot), name.slice(dot + 1)));
  } else value = refFunction(name, evaluation);
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return String(value);
  return raise(templateErrors.evaluation(`variable ${name} in Fn::Sub expression does not resolve to a string`));
}
