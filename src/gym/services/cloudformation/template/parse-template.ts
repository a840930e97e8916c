import type { Result } from '../../../../core/result.js';
import { parseBody } from './parse-body.js';
import type { Template } from './template.js';
import type { TemplateError } from './template-errors.js';
import { validateTemplate } from './validate-template.js';

/** Parses a JSON or YAML template body and validates its structure, as CreateStack and ValidateTemplate do. */
export function parseTemplate(body: string): Result<Template, TemplateError> {
  const parsed = parseBody(body);
  if (!parsed.success) return parsed;
  return validateTemplate(parsed.value.format, parsed.value.value);
}
