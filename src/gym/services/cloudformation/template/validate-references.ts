import { intrinsicFunctions } from './intrinsic-functions.js';
import { collectReferences } from './references.js';
import { isPseudoParameter, isRecord, type Template } from './template.js';
import { raise, templateErrors } from './template-errors.js';

/**
 * Checks that every name the template uses is declared: Ref targets, GetAtt resources, DependsOn
 * targets and condition names. The Conditions block may use parameters but not resources.
 */
export function validateReferences(template: Template): void {
  const parameters = new Set(Object.keys(template.Parameters));
  const resources = new Set(Object.keys(template.Resources));
  const conditions = new Set(Object.keys(template.Conditions));
  checkConditionsBlock(template, parameters, resources, conditions);
  checkFunctionNames([template.Conditions, template.Resources, template.Outputs]);

  const unresolved = new Set<string>();
  const unknownConditions = new Set<string>();
  const check = (value: unknown): void => {
    const found = collectReferences(value);
    for (const name of found.refs) if (!parameters.has(name) && !resources.has(name) && !isPseudoParameter(name)) unresolved.add(name);
    for (const name of found.getAtts) if (!resources.has(name)) unresolved.add(name);
    for (const name of found.conditions) if (!conditions.has(name)) unknownConditions.add(name);
  };
  for (const resource of Object.values(template.Resources)) {
    check([resource.Properties, resource.Metadata]);
    for (const target of [resource.DependsOn ?? []].flat()) if (!resources.has(target)) unresolved.add(target);
    if (resource.Condition !== undefined && !conditions.has(resource.Condition)) unknownConditions.add(resource.Condition);
  }
  if (unresolved.size > 0) raise(templateErrors.unresolved([...unresolved]));
  for (const output of Object.values(template.Outputs)) {
    check([output.Value, output.Export?.Name]);
    if (output.Condition !== undefined && !conditions.has(output.Condition)) unknownConditions.add(output.Condition);
  }
  if (unresolved.size > 0) {
    raise(templateErrors.format(`Unresolved resource dependencies [${[...unresolved].join(', ')}] in the Outputs block of the template`));
  }
  if (unknownConditions.size > 0) {
    raise(templateErrors.format(`Unresolved condition dependencies [${[...unknownConditions].join(', ')}]: declare them in the Conditions block of the template`));
  }
}

function checkConditionsBlock(template: Template, parameters: Set<string>, resources: Set<string>, conditions: Set<string>): void {
  for (const definition of Object.values(template.Conditions)) {
    const found = collectReferences(definition);
    const bad = [...found.refs, ...found.getAtts].filter((name) => !parameters.has(name) && !isPseudoParameter(name));
    if (bad.length > 0) {
      const kind = bad.some((name) => resources.has(name)) ? 'Cannot reference resources in the Conditions block of the template' : 'Declare them as parameters';
      raise(templateErrors.format(`Unresolved dependencies [${bad.join(', ')}]. ${kind}`));
    }
    const missing = [...found.conditions].filter((name) => !conditions.has(name));
    if (missing.length > 0) raise(templateErrors.format(`Unresolved condition dependencies [${missing.join(', ')}] in the Conditions block of the template`));
  }
}

/** Functions the gym does not define (Fn::Length and friends need a transform, which it refuses) fail up front, as in AWS. */
function checkFunctionNames(value: unknown): void {
  if (Array.isArray(value)) return value.forEach(checkFunctionNames);
  if (!isRecord(value)) return;
  const keys = Object.keys(value);
  if (keys.length === 1 && keys[0]!.startsWith('Fn::') && !(keys[0]! in intrinsicFunctions)) {
    raise(templateErrors.format(`Encountered unsupported function: ${keys[0]}`));
  }
  for (const key of keys) checkFunctionNames(value[key]);
}
