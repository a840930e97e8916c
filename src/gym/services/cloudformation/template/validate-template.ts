import type { Result } from '../../../../core/result.js';
import { validateSections } from './validate-sections.js';
import { validateReferences } from './validate-references.js';
import { isRecord, type Template } from './template.js';
import { raise, TemplateFailure, templateErrors, type TemplateError } from './template-errors.js';

const topLevelSections = [
  'AWSTemplateFormatVersion',
  'Description',
  'Metadata',
  'Parameters',
  'Rules',
  'Mappings',
  'Conditions',
  'Transform',
  'Resources',
  'Outputs',
];

/**
 * Checks a parsed body the way ValidateTemplate does: known sections only, Resources present, every
 * parameter, mapping, condition, resource and output well formed, and every Ref, GetAtt and condition
 * name resolvable. Rules are accepted and kept but not evaluated: CDK's CheckBootstrapVersion rule is
 * their main use, and the gym has no bootstrap versions to check.
 */
export function validateTemplate(format: 'json' | 'yaml', body: unknown): Result<Template, TemplateError> {
  try {
    const template = validateStructure(format, body);
    validateReferences(template);
    return { success: true, value: template };
  } catch (error) {
    if (error instanceof TemplateFailure) return { success: false, error: error.error };
    throw error;
  }
}

function validateStructure(format: 'json' | 'yaml', body: unknown): Template {
  if (!isRecord(body)) raise(templateErrors.format('The template must be a JSON object or a YAML mapping of sections (Resources, Parameters, Outputs, ...).'));
  const unknown = Object.keys(body).filter((key) => !topLevelSections.includes(key));
  if (unknown.length > 0) raise(templateErrors.format(`Invalid template property or properties [${unknown.join(', ')}]`));
  if (body.Transform !== undefined) {
    const names = [body.Transform].flat().map((name) => (typeof name === 'string' ? name : JSON.stringify(name)));
    raise(templateErrors.validation(`Transform ${names.join(', ')} is not supported by the gym: expand the template first (for example with 'sam package' and the processed template CloudFormation shows) and deploy the result`));
  }
  const version = body.AWSTemplateFormatVersion;
  if (version !== undefined && version !== '2010-09-09') {
    raise(templateErrors.format(`Unrecognized template version ${String(version)}. The only valid version is 2010-09-09`));
  }
  if (body.Description !== undefined && typeof body.Description !== 'string') {
    raise(templateErrors.format('Every Description member must be a string'));
  }
  if (typeof body.Description === 'string' && body.Description.length > 1024) {
    raise(templateErrors.format('Description length is greater than 1024 characters; shorten it'));
  }
  const sections = validateSections(body);
  return {
    ...(version !== undefined ? { AWSTemplateFormatVersion: version } : {}),
    ...(body.Description !== undefined ? { Description: body.Description } : {}),
    ...sections,
    format,
  };
}
