import type { Result } from '../../../../core/result.js';
import { checkParameterValue, isListParameterType, isSsmValueType, splitListValue } from './parameter-types.js';
import { defaultText } from './validate-sections.js';
import type { Template } from './template.js';
import { templateErrors, type TemplateError } from './template-errors.js';

/** One parameter as CreateStack and UpdateStack receive it. */
export interface ParameterInput {
  readonly ParameterKey: string;
  readonly ParameterValue?: string;
  readonly UsePreviousValue?: boolean;
}

/** A parameter's value as DescribeStacks shows it: NoEcho values masked, SSM parameters with what they resolved to. */
export interface BoundParameterEntry {
  readonly ParameterKey: string;
  readonly ParameterValue: string;
  readonly ResolvedValue?: string;
}

/** The outcome of binding: values for Ref, the text the caller gave (for UsePreviousValue later), and DescribeStacks entries. */
export interface BoundParameters {
  /** What Ref yields: a string, or a list of strings for list types. */
  readonly values: Readonly<Record<string, string | readonly string[]>>;
  /** The text each parameter was given or defaulted to, before SSM resolution: the "previous value" of the next update. */
  readonly given: Readonly<Record<string, string>>;
  readonly entries: readonly BoundParameterEntry[];
}

/** What binding needs from the world around the template; both are optional. */
export interface BindingOptions {
  /** Looks up a Systems Manager parameter for AWS::SSM::Parameter::Value<...> types. */
  readonly ssmParameter?: (name: string) => string | undefined;
  /** True when a value of an AWS-specific type (AWS::EC2::VPC::Id, ...) names something that exists. */
  readonly resourceExists?: (type: string, value: string) => boolean;
}

/**
 * Gives every declared parameter a value: the one passed, the previous one when UsePreviousValue asks,
 * or the default; checks each against its constraints and resolves SSM parameter types. Errors are
 * worded as CreateStack and UpdateStack word them.
 */
export function bindParameters(
  template: Template,
  inputs: readonly ParameterInput[],
  previous: Readonly<Record<string, string>> = {},
  options: BindingOptions = {},
): Result<BoundParameters, TemplateError> {
  const declared = template.Parameters;
  const unknown = inputs.map((input) => input.ParameterKey).filter((key) => !(key in declared));
  if (unknown.length > 0) return failure(`Parameters: [${unknown.join(', ')}] do not exist in the template`);
  const given: Record<string, string> = {};
  const missing: string[] = [];
  for (const [name, parameter] of Object.entries(declared)) {
    const input = inputs.find((candidate) => candidate.ParameterKey === name);
    if (input?.UsePreviousValue) {
      if (input.ParameterValue !== undefined) {
        return failure(`Invalid input for parameter key ${name}. Cannot specify usePreviousValue as true and non empty value for a parameter key`);
      }
      if (!(name in previous)) {
        return failure(`Invalid input for parameter key ${name}. Cannot specify usePreviousValue as true for a parameter key not in the previous template`);
      }
      given[name] = previous[name]!;
    } else if (input?.ParameterValue !== undefined) given[name] = input.ParameterValue;
    else if (parameter.Default !== undefined) given[name] = defaultText(parameter.Default);
    else missing.push(name);
  }
  if (missing.length > 0) return failure(`Parameters: [${missing.join(', ')}] must have values`);
  return resolveValues(template, given, options);
}

function resolveValues(template: Template, given: Record<string, string>, options: BindingOptions): Result<BoundParameters, TemplateError> {
  const values: Record<string, string | readonly string[]> = {};
  const entries: BoundParameterEntry[] = [];
  const unfetched: string[] = [];
  for (const [name, text] of Object.entries(given)) {
    const parameter = template.Parameters[name]!;
    let value = text;
    if (isSsmValueType(parameter.Type)) {
      const resolved = options.ssmParameter?.(text);
      if (resolved === undefined) {
        unfetched.push(text);
        continue;
      }
      value = resolved;
    }
    const problem = checkParameterValue(name, parameter, value);
    if (problem) return { success: false, error: problem };
    const missingResource = checkResources(name, parameter.Type, value, options);
    if (missingResource) return { success: false, error: missingResource };
    values[name] = isListParameterType(parameter.Type) ? splitListValue(value) : value;
    const noEcho = parameter.NoEcho === true || String(parameter.NoEcho).toLowerCase() === 'true';
    entries.push({
      ParameterKey: name,
      ParameterValue: noEcho ? '****' : text,
      ...(isSsmValueType(parameter.Type) ? { ResolvedValue: value } : {}),
    });
  }
  if (unfetched.length > 0) return failure(`Unable to fetch parameters [${unfetched.join(',')}] from parameter store for this account.`);
  return { success: true, value: { values, given, entries } };
}

function checkResources(name: string, type: string, value: string, options: BindingOptions): TemplateError | undefined {
  const inner = /^(?:AWS::SSM::Parameter::Value<)?(?:List<)?(AWS::(?:EC2|Route53)::[A-Za-z:]+)>*$/.exec(type)?.[1];
  if (inner === undefined || options.resourceExists === undefined) return undefined;
  for (const item of isListParameterType(type) ? splitListValue(value) : [value]) {
    if (item !== '' && !options.resourceExists(inner, item)) {
      return templateErrors.validation(`Parameter validation failed: parameter value ${item} for parameter name ${name} does not exist`);
    }
  }
  return undefined;
}

function failure(message: string): Result<never, TemplateError> {
  return { success: false, error: templateErrors.validation(message) };
}
