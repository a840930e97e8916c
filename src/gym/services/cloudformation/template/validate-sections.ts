import { checkParameterValue, isRecognizedParameterType } from './parameter-types.js';
import { isRecord, type Template, type TemplateOutput, type TemplateParameter, type TemplateResource } from './template.js';
import { raise, templateErrors } from './template-errors.js';

type Sections = Pick<Template, 'Metadata' | 'Parameters' | 'Mappings' | 'Conditions' | 'Rules' | 'Resources' | 'Outputs'>;

const parameterKeys = [
  'Type', 'Default', 'Description', 'AllowedValues', 'AllowedPattern', 'MinLength', 'MaxLength', 'MinValue', 'MaxValue',
  'NoEcho', 'ConstraintDescription',
];
const resourceKeys = [
  'Type', 'Properties', 'DependsOn', 'Condition', 'DeletionPolicy', 'UpdateReplacePolicy', 'Metadata', 'CreationPolicy',
  'UpdatePolicy', 'Version', 'Description',
];
const deletionPolicies = ['Delete', 'Retain', 'RetainExceptOnCreate', 'Snapshot'];
const alphanumeric = /^[A-Za-z0-9]+$/;

/** Checks the shape of each section of a template body; references are checked afterwards. */
export function validateSections(body: Record<string, unknown>): Sections {
  return {
    Metadata: optionalMap(body.Metadata, 'Metadata'),
    Parameters: validateParameters(optionalMap(body.Parameters, 'Parameters')),
    Mappings: validateMappings(optionalMap(body.Mappings, 'Mappings')),
    Conditions: optionalMap(body.Conditions, 'Conditions'),
    Rules: optionalMap(body.Rules, 'Rules'),
    Resources: validateResources(body.Resources),
    Outputs: validateOutputs(optionalMap(body.Outputs, 'Outputs')),
  };
}

function optionalMap(value: unknown, section: string): Record<string, unknown> {
  if (value === undefined || value === null) return {};
  if (!isRecord(value)) raise(templateErrors.format(`Every ${section} member must be an object`));
  return value;
}

function validateParameters(section: Record<string, unknown>): Record<string, TemplateParameter> {
  if (Object.keys(section).length > 200) raise(templateErrors.format('Parameters exceed the limit of 200; combine some into lists'));
  for (const [name, parameter] of Object.entries(section)) {
    if (!alphanumeric.test(name)) raise(templateErrors.format(`Parameter name ${name} is non alphanumeric.`));
    if (!isRecord(parameter)) raise(templateErrors.format(`Every Parameters member must be an object: ${name} is not`));
    if (typeof parameter.Type !== 'string') raise(templateErrors.format('Every Parameters object must contain a Type member.'));
    if (!isRecognizedParameterType(parameter.Type)) raise(templateErrors.format(`Unrecognized parameter type: ${parameter.Type}`));
    const unknown = Object.keys(parameter).filter((key) => !parameterKeys.includes(key));
    if (unknown.length > 0) raise(templateErrors.format(`Invalid template parameter property '${unknown[0]}' in parameter ${name}`));
    if (parameter.AllowedValues !== undefined && !Array.isArray(parameter.AllowedValues)) {
      raise(templateErrors.format(`Every AllowedValues member must be a list: parameter ${name} is not`));
    }
    if (typeof parameter.AllowedPattern === 'string') checkPattern(name, parameter.AllowedPattern);
    if (parameter.Default !== undefined) {
      const problem = checkParameterValue(name, parameter as unknown as TemplateParameter, defaultText(parameter.Default));
      if (problem) raise(problem);
    }
  }
  return section as Record<string, TemplateParameter>;
}

/** A Default may be written as a number or a list in YAML; CloudFormation compares its text form. */
export function defaultText(value: unknown): string {
  return Array.isArray(value) ? value.map(String).join(',') : String(value);
}

function checkPattern(name: string, pattern: string): void {
  try {
    new RegExp(pattern);
  } catch {
    raise(templateErrors.format(`AllowedPattern ${pattern} of parameter ${name} is not a valid regular expression`));
  }
}

function validateMappings(section: Record<string, unknown>): Template['Mappings'] {
  for (const [name, mapping] of Object.entries(section)) {
    if (!isRecord(mapping)) raise(templateErrors.format(`Every Mappings member ${name} must be a map`));
    for (const [key, values] of Object.entries(mapping)) {
      if (!isRecord(values)) raise(templateErrors.format(`Every Mappings attribute must be a map: ${name}/${key} is not`));
    }
  }
  return section as Template['Mappings'];
}

function validateResources(section: unknown): Record<string, TemplateResource> {
  if (!isRecord(section) || Object.keys(section).length === 0) raise(templateErrors.format('At least one Resources member must be defined.'));
  for (const [name, resource] of Object.entries(section)) {
    if (!alphanumeric.test(name)) raise(templateErrors.format(`Resource name ${name} is non alphanumeric.`));
    if (!isRecord(resource)) raise(templateErrors.format(`[/Resources/${name}] resource definition is malformed`));
    if (resource.Type === undefined) raise(templateErrors.format(`[/Resources/${name}] Every Resources object must contain a Type member.`));
    if (typeof resource.Type !== 'string') raise(templateErrors.format(`[/Resources/${name}] Every Type member must be a string.`));
    const unknown = Object.keys(resource).filter((key) => !resourceKeys.includes(key));
    if (unknown.length > 0) raise(templateErrors.format(`Invalid template resource property '${unknown[0]}'`));
    if (resource.Properties !== undefined && !isRecord(resource.Properties)) {
      raise(templateErrors.format(`[/Resources/${name}/Properties] Every Properties member must be an object`));
    }
    const dependsOn = resource.DependsOn;
    if (dependsOn !== undefined && typeof dependsOn !== 'string' && !(Array.isArray(dependsOn) && dependsOn.every((item) => typeof item === 'string'))) {
      raise(templateErrors.format(`[/Resources/${name}/DependsOn] DependsOn must be a string or a list of strings`));
    }
    for (const policy of ['DeletionPolicy', 'UpdateReplacePolicy']) {
      const value = resource[policy];
      if (value !== undefined && !(typeof value === 'string' && deletionPolicies.includes(value))) {
        raise(templateErrors.format(`Unrecognized ${policy} ${JSON.stringify(value)} for resource ${name}: use one of ${deletionPolicies.join(', ')}`));
      }
    }
    if (resource.Condition !== undefined && typeof resource.Condition !== 'string') {
      raise(templateErrors.format(`[/Resources/${name}/Condition] Condition must be the name of a condition`));
    }
  }
  return section as Record<string, TemplateResource>;
}

function validateOutputs(section: Record<string, unknown>): Record<string, TemplateOutput> {
  if (Object.keys(section).length > 200) raise(templateErrors.format('Outputs exceed the limit of 200'));
  for (const [name, output] of Object.entries(section)) {
    if (!alphanumeric.test(name)) raise(templateErrors.format(`Output name ${name} is non alphanumeric.`));
    if (!isRecord(output) || output.Value === undefined) raise(templateErrors.format('Every Outputs member must contain a Value object'));
    if (output.Export !== undefined && !(isRecord(output.Export) && output.Export.Name !== undefined)) {
      raise(templateErrors.format(`[/Outputs/${name}/Export] Every Export member must contain a Name`));
    }
    if (output.Condition !== undefined && typeof output.Condition !== 'string') {
      raise(templateErrors.format(`[/Outputs/${name}/Condition] Condition must be the name of a condition`));
    }
  }
  return section as Record<string, TemplateOutput>;
}
