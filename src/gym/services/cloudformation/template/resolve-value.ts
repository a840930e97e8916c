import type { Result } from '../../../../core/result.js';
import { noValue, runEvaluation, type Evaluation } from './evaluation.js';
import { intrinsicFunctions } from './intrinsic-functions.js';
import type { ResolutionContext } from './resolution-context.js';
import { isRecord } from './template.js';
import { raise, templateErrors, type TemplateError } from './template-errors.js';

/**
 * Evaluates every intrinsic function and pseudo parameter in a value. A property or list item that
 * evaluates to AWS::NoValue is removed; a whole value that does is `undefined`.
 */
export function resolveValue(value: unknown, context: ResolutionContext): Result<unknown, TemplateError> {
  return runEvaluation(() => {
    const resolved = evaluationOf(context).evaluate(value);
    return resolved === noValue ? undefined : resolved;
  });
}

/** The evaluation state for a context whose conditions are already known. */
export function evaluationOf(context: ResolutionContext, condition?: (name: string) => boolean): Evaluation {
  const evaluation: Evaluation = {
    context,
    condition: condition ?? ((name) => {
      const known = context.conditions[name];
      if (known === undefined) raise(templateErrors.evaluation(`unresolved condition dependency ${name} in Fn::If`));
      return known;
    }),
    evaluate: (value) => evaluate(value, evaluation),
  };
  return evaluation;
}

/** Evaluates one value: intrinsic functions by name, maps and lists element by element. */
function evaluate(value: unknown, evaluation: Evaluation): unknown {
  if (Array.isArray(value)) return value.map((item) => evaluate(item, evaluation)).filter((item) => item !== noValue);
  if (!isRecord(value)) return value;
  const keys = Object.keys(value);
  if (keys.length === 1) {
    const name = keys[0]!;
    const implementation = intrinsicFunctions[name];
    if (implementation) return implementation(value[name], evaluation);
    if (name.startsWith('Fn::')) raise(templateErrors.format(`Encountered unsupported function: ${name}`));
  }
  const result: Record<string, unknown> = {};
  for (const key of keys) {
    const item = evaluate(value[key], evaluation);
    if (item !== noValue) result[key] = item;
  }
  return result;
}
