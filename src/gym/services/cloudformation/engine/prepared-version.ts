import type { DescribeAvailabilityZonesResult } from '@aws-sdk/client-ec2';
import type { Result } from '../../../../core/result.js';
import type { ServiceContext } from '../../../service.js';
import { providerContext, type ProviderContext, type ResourceProvider } from '../providers/provider.js';
import { resourceProviders } from '../providers/index.js';
import type { CloudFormationStore, StackRecord, StackVersion } from '../store.js';
import { cloudFormationErrors } from '../errors.js';
import { ssmParameterSource } from './ssm-parameters.js';
import {
  bindParameters, dependencyGraph, evaluateConditions, parseTemplate, templateErrors,
  type DependencyGraph, type ParameterInput, type ResolutionContext, type Template, type TemplateError,
} from '../template/index.js';

/** A stack version ready to deploy: its template, parameter values, conditions and dependency graph. */
export interface PreparedVersion {
  readonly template: Template;
  readonly parameters: Readonly<Record<string, string | readonly string[]>>;
  readonly conditions: Readonly<Record<string, boolean>>;
  readonly graph: DependencyGraph;
}

/** The providers of the gym's CloudFormation, built once per process (they hold no state). */
export const providers: ReadonlyMap<string, ResourceProvider> = resourceProviders();

/** The provider for a type; the engine only meets types that passed preparation. */
export function providerOf(type: string): ResourceProvider {
  const provider = providers.get(type);
  if (!provider) throw new Error(`no CloudFormation provider for ${type}`);
  return provider;
}

/** The region's availability zone names, as Fn::GetAZs returns them. */
export function availabilityZones(context: ServiceContext): string[] {
  const result = context.invoke<DescribeAvailabilityZonesResult>('ec2', 'DescribeAvailabilityZones', {});
  return (result.AvailabilityZones ?? []).map((zone) => zone.ZoneName!).sort();
}

/** Parses and binds a template body with parameters, as CreateStack and UpdateStack check them. */
export function bindVersion(
  context: ServiceContext,
  stack: { name: string; id: string },
  templateBody: string,
  inputs: readonly ParameterInput[],
  previous: Readonly<Record<string, string>> = {},
): Result<{ version: StackVersion; prepared: PreparedVersion }, TemplateError> {
  const parsed = parseTemplate(templateBody);
  if (!parsed.success) return parsed;
  const unknownTypes = [...new Set(Object.values(parsed.value.Resources).map((resource) => resource.Type))].filter((type) => !providers.has(type));
  if (unknownTypes.length > 0) return { success: false, error: cloudFormationErrors.unrecognizedTypes(unknownTypes) };
  const bound = bindParameters(parsed.value, inputs, previous, { ssmParameter: ssmParameterSource(context) });
  if (!bound.success) return bound;
  const version: StackVersion = { templateBody, given: bound.value.given, parameterEntries: bound.value.entries };
  const prepared = prepareParsed(context, stack, parsed.value, bound.value.values);
  if (!prepared.success) return prepared;
  return { success: true, value: { version, prepared: prepared.value } };
}

/** Prepares a version already accepted once (a stored stack version). */
export function prepareVersion(context: ServiceContext, stack: StackRecord, version: StackVersion): PreparedVersion {
  const inputs = Object.entries(version.given).map(([ParameterKey, ParameterValue]) => ({ ParameterKey, ParameterValue }));
  const bound = bindVersion(context, stack, version.templateBody, inputs);
  if (!bound.success) throw bound.error;
  return bound.value.prepared;
}

function prepareParsed(
  context: ServiceContext,
  stack: { name: string; id: string },
  template: Template,
  parameters: Readonly<Record<string, string | readonly string[]>>,
): Result<PreparedVersion, TemplateError> {
  const conditions = evaluateConditions(template, {
    pseudo: pseudoValues(context, stack),
    parameters,
    mappings: template.Mappings,
    availabilityZones: () => availabilityZones(context),
  });
  if (!conditions.success) return conditions;
  const graph = dependencyGraph(template, conditions.value);
  if (!graph.success) return graph;
  return { success: true, value: { template, parameters, conditions: conditions.value, graph: graph.value } };
}

function pseudoValues(context: ServiceContext, stack: { name: string; id: string }) {
  return { region: context.region, accountId: context.accountId, stackName: stack.name, stackId: stack.id };
}

/** The provider context for a stack's resources. */
export function stackProviderContext(context: ServiceContext, stack: { name: string; id: string }): ProviderContext {
  return providerContext(context, { stackName: stack.name, stackId: stack.id });
}

/**
 * The resolution context of a stack: resources resolve through their providers; `placeholder` (change
 * set previews) stands in for a resource that does not exist yet instead of failing.
 */
export function stackResolution(
  context: ServiceContext,
  stack: StackRecord,
  prepared: PreparedVersion,
  options: { placeholder?: (logicalId: string) => string | undefined; imports?: Set<string> } = {},
): ResolutionContext {
  const providerContextOfStack = stackProviderContext(context, stack);
  const physical = (logicalId: string): string | undefined => {
    const override = options.placeholder?.(logicalId);
    if (override !== undefined) return override;
    return stack.resources[logicalId]?.physicalId;
  };
  const store = context.store<CloudFormationStore>('cloudformation');
  return {
    pseudo: pseudoValues(context, stack),
    parameters: prepared.parameters,
    conditions: prepared.conditions,
    mappings: prepared.template.Mappings,
    ref(logicalId) {
      const id = physical(logicalId);
      const resource = stack.resources[logicalId] ?? { type: prepared.template.Resources[logicalId]?.Type };
      if (id === undefined || resource.type === undefined) return { success: false, error: templateErrors.unresolved([logicalId]) };
      if (id.startsWith('{{')) return { success: true, value: id };
      return { success: true, value: providerOf(resource.type).ref(id, providerContextOfStack) };
    },
    getAtt(logicalId, attribute) {
      const id = physical(logicalId);
      const type = stack.resources[logicalId]?.type ?? prepared.template.Resources[logicalId]?.Type;
      if (id === undefined || type === undefined) return { success: false, error: templateErrors.unresolved([logicalId]) };
      if (id.startsWith('{{')) return { success: true, value: `{{${logicalId}.${attribute}}}` };
      try {
        return { success: true, value: providerOf(type).getAtt(id, attribute, providerContextOfStack) };
      } catch (error) {
        return { success: false, error: error as TemplateError };
      }
    },
    importValue(name) {
      options.imports?.add(name);
      for (const other of store.stacks.values()) {
        const output = other.status === 'DELETE_COMPLETE' ? undefined : other.outputs.find((candidate) => candidate.ExportName === name);
        if (output) return { success: true, value: output.OutputValue };
      }
      return { success: false, error: templateErrors.validation(`No export named ${name} found. Rollback requested by user.`) };
    },
    availabilityZones: (region) => (region === context.region || region === '' ? availabilityZones(context) : []),
  };
}
