import { LineCounter, parseDocument } from 'yaml';
import type { Result } from '../../../../core/result.js';
import { jsonErrorOffset } from './json-error-offset.js';
import { expandShortForms, shortFormTags } from './short-form-tags.js';
import { templateErrors, type TemplateError } from './template-errors.js';

/** A template body read as data, before structural validation. */
export interface ParsedBody {
  readonly format: 'json' | 'yaml';
  readonly value: unknown;
}

/** Reads a JSON or YAML template body into plain data, short-form tags expanded; errors name the line. */
export function parseBody(body: string): Result<ParsedBody, TemplateError> {
  // CloudFormation reads a body that opens with a brace as JSON and anything else as YAML.
  if (body.trimStart().startsWith('{')) return parseJson(body);
  return parseYaml(body);
}

function parseJson(body: string): Result<ParsedBody, TemplateError> {
  try {
    return { success: true, value: { format: 'json', value: JSON.parse(body) as unknown } };
  } catch {
    const { line, column } = lineAndColumn(body, jsonErrorOffset(body));
    return { success: false, error: templateErrors.format(`JSON not well-formed. (line ${line}, column ${column})`) };
  }
}

function parseYaml(body: string): Result<ParsedBody, TemplateError> {
  const lineCounter = new LineCounter();
  const document = parseDocument(body, { customTags: shortFormTags, schema: 'core', lineCounter, prettyErrors: false });
  const problem = document.errors[0] ?? document.warnings.find((warning) => warning.code === 'TAG_RESOLVE_FAILED');
  if (problem) {
    const { line, col } = lineCounter.linePos(problem.pos[0]);
    const reason = `: ${problem.message.split('\n')[0]}`;
    return { success: false, error: templateErrors.format(`YAML not well-formed. (line ${line}, column ${col})${reason}`) };
  }
  expandShortForms(document);
  return { success: true, value: { format: 'yaml', value: document.toJS({ maxAliasCount: 1000 }) as unknown } };
}

function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset).split('\n');
  return { line: before.length, column: (before[before.length - 1]?.length ?? 0) + 1 };
}
