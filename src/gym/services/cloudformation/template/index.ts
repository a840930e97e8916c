/** The CloudFormation template language: parsing, validation, parameters, evaluation and dependencies. */
export { parseTemplate } from './parse-template.js';
export { describeTemplate, type TemplateDescription, type TemplateParameterDescription } from './describe-template.js';
export { bindParameters, type BindingOptions, type BoundParameterEntry, type BoundParameters, type ParameterInput } from './bind-parameters.js';
export { evaluateConditions, type ConditionContext } from './evaluate-conditions.js';
export { resolveValue } from './resolve-value.js';
export { dependencyGraph, type DependencyGraph } from './dependency-graph.js';
export { partitionOf, urlSuffixOf, type PseudoParameterValues, type ResolutionContext } from './resolution-context.js';
export { collectReferences, type References } from './references.js';
export { isPseudoParameter, pseudoParameters, type Template, type TemplateMappings, type TemplateOutput, type TemplateParameter, type TemplateResource } from './template.js';
export { templateErrors, type TemplateError } from './template-errors.js';
