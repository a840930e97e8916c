import { defaultText } from './validate-sections.js';
import type { Template } from './template.js';

/** One parameter as ValidateTemplate lists it. */
export interface TemplateParameterDescription {
  readonly ParameterKey: string;
  readonly DefaultValue?: string;
  readonly NoEcho: boolean;
  readonly Description?: string;
}

/** ValidateTemplate's answer for a valid template. */
export interface TemplateDescription {
  readonly Parameters: readonly TemplateParameterDescription[];
  readonly Description?: string;
  readonly Capabilities: readonly string[];
  readonly CapabilitiesReason?: string;
  readonly DeclaredTransforms: readonly string[];
}

/**
 * What ValidateTemplate returns. Capabilities follow AWS's rule for IAM resources (CAPABILITY_IAM, or
 * CAPABILITY_NAMED_IAM when one is given a name) even though the gym serves no IAM, so clients that
 * pass --capabilities see the same demand they would see on AWS.
 */
export function describeTemplate(template: Template): TemplateDescription {
  const parameters = Object.entries(template.Parameters).map(([key, parameter]) => ({
    ParameterKey: key,
    ...(parameter.Default !== undefined ? { DefaultValue: defaultText(parameter.Default) } : {}),
    NoEcho: parameter.NoEcho === true || String(parameter.NoEcho).toLowerCase() === 'true',
    ...(parameter.Description !== undefined ? { Description: parameter.Description } : {}),
  }));
  const iam = Object.entries(template.Resources).filter(([, resource]) => resource.Type.startsWith('AWS::IAM::'));
  const named = iam.some(([, resource]) => ['RoleName', 'UserName', 'GroupName', 'ManagedPolicyName'].some((key) => resource.Properties?.[key] !== undefined));
  const capability = iam.length === 0 ? undefined : named ? 'CAPABILITY_NAMED_IAM' : 'CAPABILITY_IAM';
  return {
    Parameters: parameters,
    ...(template.Description !== undefined ? { Description: template.Description } : {}),
    Capabilities: capability ? [capability] : [],
    ...(capability ? { CapabilitiesReason: `The following resource(s) require capabilities: [${[...new Set(iam.map(([, resource]) => resource.Type))].join(', ')}]` } : {}),
    DeclaredTransforms: [],
  };
}
