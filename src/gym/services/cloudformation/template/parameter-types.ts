import type { TemplateParameter } from './template.js';
import { templateErrors, type TemplateError } from './template-errors.js';

/** AWS-specific parameter types whose values name an existing resource. */
const awsSpecificTypes = [
  'AWS::EC2::AvailabilityZone::Name',
  'AWS::EC2::Image::Id',
  'AWS::EC2::Instance::Id',
  'AWS::EC2::KeyPair::KeyName',
  'AWS::EC2::SecurityGroup::GroupName',
  'AWS::EC2::SecurityGroup::Id',
  'AWS::EC2::Subnet::Id',
  'AWS::EC2::Volume::Id',
  'AWS::EC2::VPC::Id',
  'AWS::Route53::HostedZone::Id',
];

const plainTypes = ['String', 'Number', 'List<Number>', 'CommaDelimitedList', 'AWS::SSM::Parameter::Name'];

/** True when the type is one CloudFormation accepts in a Parameters section. */
export function isRecognizedParameterType(type: string): boolean {
  const ssm = /^AWS::SSM::Parameter::Value<(.+)>$/.exec(type);
  if (ssm) return ['String', 'List<String>', 'CommaDelimitedList'].includes(ssm[1]!) || isResourceType(ssm[1]!);
  return plainTypes.includes(type) || isResourceType(type);
}

function isResourceType(type: string): boolean {
  const list = /^List<(.+)>$/.exec(type);
  return awsSpecificTypes.includes(list ? list[1]! : type);
}

/** True when the parameter's value is a list: Ref to it yields an array of strings. */
export function isListParameterType(type: string): boolean {
  const inner = /^AWS::SSM::Parameter::Value<(.+)>$/.exec(type)?.[1] ?? type;
  return inner.startsWith('List<') || inner === 'CommaDelimitedList';
}

/** True when the parameter's value is a Systems Manager parameter name, resolved at stack operation time. */
export function isSsmValueType(type: string): boolean {
  return type.startsWith('AWS::SSM::Parameter::Value<');
}

/** Splits a list parameter's text the way CloudFormation does (comma separated, items trimmed). */
export function splitListValue(value: string): string[] {
  return value === '' ? [] : value.split(',').map((item) => item.trim());
}

/**
 * Checks a value against the parameter's type and constraints; undefined when it passes. List types
 * check each item. A ConstraintDescription replaces the generic wording, as in AWS.
 */
export function checkParameterValue(name: string, parameter: TemplateParameter, value: string): TemplateError | undefined {
  const items = isListParameterType(parameter.Type) ? splitListValue(value) : [value];
  for (const item of items) {
    const problem = itemProblem(name, parameter, item);
    if (problem === undefined) continue;
    const described = parameter.ConstraintDescription;
    return templateErrors.validation(described ? `Parameter '${name}' failed to satisfy constraint: ${described}` : problem);
  }
  return undefined;
}

function itemProblem(name: string, parameter: TemplateParameter, value: string): string | undefined {
  const numeric = parameter.Type === 'Number' || parameter.Type === 'List<Number>';
  if (numeric && !isNumber(value)) return `Parameter '${name}' must be a number`;
  const allowed = parameter.AllowedValues;
  if (allowed && !allowed.map(String).includes(value)) return `Parameter '${name}' must be one of AllowedValues`;
  if (parameter.AllowedPattern !== undefined && !new RegExp(`^(?:${parameter.AllowedPattern})$`).test(value)) {
    return `Parameter '${name}' must match pattern ${parameter.AllowedPattern}`;
  }
  if (parameter.MinLength !== undefined && value.length < Number(parameter.MinLength)) {
    return `Parameter '${name}' must contain at least ${parameter.MinLength} characters`;
  }
  if (parameter.MaxLength !== undefined && value.length > Number(parameter.MaxLength)) {
    return `Parameter '${name}' must contain at most ${parameter.MaxLength} characters`;
  }
  if (numeric && parameter.MinValue !== undefined && Number(value) < Number(parameter.MinValue)) {
    return `Parameter '${name}' must be a number not less than ${parameter.MinValue}`;
  }
  if (numeric && parameter.MaxValue !== undefined && Number(value) > Number(parameter.MaxValue)) {
    return `Parameter '${name}' must be a number not greater than ${parameter.MaxValue}`;
  }
  return undefined;
}

function isNumber(text: string): boolean {
  return /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(text.trim());
}
