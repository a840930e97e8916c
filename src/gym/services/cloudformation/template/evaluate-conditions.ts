import type { Result } from '../../../../core/result.js';
import { runEvaluation } from './evaluation.js';
import type { ResolutionContext } from './resolution-context.js';
import { evaluationOf } from './resolve-value.js';
import type { Template } from './template.js';
import { raise, templateErrors, type TemplateError } from './template-errors.js';

/** What the Conditions block may see: pseudo parameters, parameters, mappings and availability zones, no resources. */
export type ConditionContext = Pick<ResolutionContext, 'pseudo' | 'parameters' | 'mappings' | 'availabilityZones'>;

/**
 * Evaluates every condition once, following references between conditions in any order; a loop of
 * conditions is an error naming them. The result feeds ResolutionContext.conditions.
 */
export function evaluateConditions(template: Template, context: ConditionContext): Result<Record<string, boolean>, TemplateError> {
  const values: Record<string, boolean> = {};
  const inProgress: string[] = [];
  const noResources = (): never => raise(templateErrors.format('Cannot reference resources in the Conditions block of the template'));
  const full: ResolutionContext = { ...context, conditions: values, ref: noResources, getAtt: noResources, importValue: noResources };
  const condition = (name: string): boolean => {
    if (name in values) return values[name]!;
    if (!(name in template.Conditions)) raise(templateErrors.format(`Unresolved condition dependencies [${name}] in the Conditions block of the template`));
    if (inProgress.includes(name)) {
      raise(templateErrors.format(`Circular dependency between conditions: [${inProgress.slice(inProgress.indexOf(name)).join(', ')}]`));
    }
    inProgress.push(name);
    const value = evaluation.evaluate(template.Conditions[name]);
    inProgress.pop();
    if (typeof value !== 'boolean') raise(templateErrors.format(`Condition ${name} must be a condition function (Fn::Equals, Fn::And, Fn::Or, Fn::Not or Condition), not ${JSON.stringify(value)}`));
    values[name] = value;
    return value;
  };
  const evaluation = evaluationOf(full, condition);
  return runEvaluation(() => {
    for (const name of Object.keys(template.Conditions)) condition(name);
    return values;
  });
}
