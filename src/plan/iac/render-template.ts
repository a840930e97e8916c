import { stringify } from 'yaml';

/**
 * A template as text. YAML keeps intrinsic functions in their long form (`Ref:`, `Fn::GetAtt:`), which
 * every parser reads without custom tags, and is written as YAML 1.1 so that values a 1.1 parser would
 * take for dates or booleans (`2010-09-09`, `yes`, `on`) are quoted.
 */
export function renderTemplate(template: object, format: 'yaml' | 'json'): string {
  if (format === 'json') return `${JSON.stringify(template, null, 2)}\n`;
  return stringify(template, { version: '1.1', lineWidth: 0, aliasDuplicateObjects: false });
}
