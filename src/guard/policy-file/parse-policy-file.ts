import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Document } from 'yaml';
import type { z } from 'zod';
import { suggestNames } from '../../cloud/similar-names.js';
import { BUILT_IN_ROLES } from '../authorization/types.js';
import { BUILT_IN_RULE_IDS, BUILT_IN_RULES } from '../compliance/built-in-rules.js';
import { viewFields } from '../compliance/view-fields.js';
import { ALLOWED_KEYS, policyDocument, type PolicyDocument } from './schema.js';
import type { DriftIgnoreRule, PolicyFile } from './types.js';

/** A policy file read and checked, or what is wrong with it (file, line, key, problem and fix). */
export type PolicyFileResult = { readonly ok: true; readonly value: PolicyFile } | { readonly ok: false; readonly error: string };

/** One problem, where it is: the key path in the document. */
interface Problem {
  readonly path: readonly (string | number)[];
  readonly message: string;
}

/** At most this many problems are listed; fixing those first usually shows the rest. */
const MAX_PROBLEMS = 5;

/**
 * Parses the text of a policy file (`path` names it in errors): YAML, then the schema (unknown keys are
 * errors), then the checks across entries (rule ids, overrides and waivers naming known rules, roles).
 */
export function parsePolicyFile(text: string, path: string): PolicyFileResult {
  const lines = new LineCounter();
  const document = parseDocument(text, { lineCounter: lines, uniqueKeys: true });
  if (document.errors.length > 0) {
    const error = document.errors[0]!;
    const line = error.linePos?.[0].line;
    const what = error.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '');
    return { ok: false, error: `${path}${line ? ` line ${line}` : ''}: not valid YAML (${what}); fix the syntax there` };
  }
  const raw: unknown = document.toJS() ?? {};
  const parsed = policyDocument.safeParse(raw);
  const problems = parsed.success ? crossChecks(parsed.data) : parsed.error.issues.map((issue) => schemaProblem(issue, raw));
  if (problems.length > 0) return { ok: false, error: report(problems, document, lines, path) };
  return { ok: true, value: toPolicyFile(parsed.data!, path) };
}

/** The rule an override or waiver names, whichever key it used. */
function ruleOf(entry: { rule?: string | undefined; ruleId?: string | undefined }): string {
  return entry.rule ?? entry.ruleId ?? '';
}

function toPolicyFile(document: PolicyDocument, path: string): PolicyFile {
  return {
    path,
    role: document.role,
    roles: document.roles ?? {},
    policies: document.policies,
    overrides: (document.overrides ?? []).map((entry) => ({
      ruleId: ruleOf(entry),
      ...(entry.severity !== undefined ? { severity: entry.severity } : {}),
      ...(entry.disabled !== undefined ? { disabled: entry.disabled } : {}),
    })),
    rules: (document.rules ?? []).map((rule) => ({ ...rule, severity: rule.severity })),
    waivers: (document.waivers ?? []).map((entry) => ({ ruleId: ruleOf(entry), resource: entry.resource, reason: entry.reason })),
    drift: {
      ignore: (document.drift?.ignore ?? []).map((rule): DriftIgnoreRule => ({
        ...(rule.stack !== undefined ? { stack: rule.stack } : {}),
        ...(rule.resource !== undefined ? { resource: rule.resource } : {}),
        ...(rule.type !== undefined ? { type: rule.type } : {}),
        ...(rule.property !== undefined ? { property: rule.property } : {}),
        reason: rule.reason,
      })),
      baseline: (document.drift?.baseline ?? []).map((entry) => ({ stack: entry.stack, resource: entry.resource, property: entry.property, actual: entry.actual, reason: entry.reason })),
    },
    approvalFrom: document.approval ?? 'medium',
  };
}

/** " (did you mean a or b?)" when something near exists. */
function didYouMean(wanted: string, known: Iterable<string>): string {
  const near = suggestNames(wanted, known, 3);
  return near.length > 0 ? ` (did you mean ${near.join(' or ')}?)` : '';
}

/** The checks that span entries: ids that clash, rules that do not exist, roles that shadow or are missing. */
function crossChecks(document: PolicyDocument): Problem[] {
  const problems: Problem[] = [];
  const builtIn = new Set(BUILT_IN_RULE_IDS);
  const custom = new Set<string>();
  (document.rules ?? []).forEach((rule, index) => {
    if (builtIn.has(rule.id)) {
      problems.push({ path: ['rules', index, 'id'], message: `${rule.id} is a built-in rule; give your rule its own id (for example TEAM-001), or change the built-in one under overrides:` });
    } else if (custom.has(rule.id)) {
      problems.push({ path: ['rules', index, 'id'], message: `${rule.id} is the id of an earlier rule too; give each rule its own id` });
    }
    custom.add(rule.id);
    const fields = viewFields(rule.kind);
    for (const path of Object.keys(rule.when)) {
      const field = path.split('.')[0]!;
      if (fields.includes(field)) continue;
      problems.push({ path: ['rules', index, 'when', path], message: `${field} is not a field of ${rule.kind} resources${didYouMean(field, fields)}, so the rule would never match; the fields are ${fields.join(', ')}` });
    }
  });
  const known = [...BUILT_IN_RULE_IDS, ...custom];
  const unknownRule = (list: 'overrides' | 'waivers', entries: readonly { rule?: string | undefined; ruleId?: string | undefined }[]) =>
    entries.forEach((entry, index) => {
      const id = ruleOf(entry);
      if (known.includes(id)) return;
      problems.push({ path: [list, index, entry.rule !== undefined ? 'rule' : 'ruleId'], message: `${id} is not a rule${didYouMean(id, known)}; the rules are ${known.join(', ')}` });
    });
  unknownRule('overrides', document.overrides ?? []);
  // A critical built-in rule (world-open SSH, RDP, all ports) is refused unless waived: a project may waive
  // it for one resource with a recorded reason, never switch it off or lower it for everything.
  const critical = new Set(BUILT_IN_RULES.filter((rule) => rule.severity === 'critical').map((rule) => rule.id));
  (document.overrides ?? []).forEach((entry, index) => {
    const id = ruleOf(entry);
    if (!critical.has(id) || (entry.disabled !== true && (entry.severity === undefined || entry.severity === 'critical'))) return;
    problems.push({ path: ['overrides', index], message: `${id} is critical and cannot be ${entry.disabled ? 'disabled' : `lowered to ${entry.severity}`} for every resource; waive it for the one resource that needs it, with a reason, under waivers:` });
  });
  unknownRule('waivers', document.waivers ?? []);
  const builtInRoles: readonly string[] = BUILT_IN_ROLES;
  for (const role of Object.keys(document.roles ?? {})) {
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(role)) {
      problems.push({ path: ['roles', role], message: `${JSON.stringify(role)} is not a role name; use letters, digits and _, starting with a letter (for example ci_deployer)` });
    } else if (builtInRoles.includes(role.toLowerCase())) {
      problems.push({ path: ['roles', role], message: `${role} is a built-in role (${builtInRoles.join(', ')}) and cannot be redefined; give yours another name (for example ${role.toLowerCase()}_custom), or add to every role under policies:` });
    }
  }
  if (document.role !== undefined) {
    const roles = [...builtInRoles, ...Object.keys(document.roles ?? {})];
    if (!roles.includes(document.role)) {
      problems.push({ path: ['role'], message: `${document.role} is not a role${didYouMean(document.role, roles)}; use ${roles.join(', ')}, or define it under roles:` });
    }
  }
  return problems;
}

/** Which entry list a path is in, for the keys it allows. */
function entryKind(path: readonly PropertyKey[]): keyof typeof ALLOWED_KEYS | undefined {
  if (path.length === 0) return 'top';
  if (path.length === 2 && typeof path[1] === 'number' && (path[0] === 'rules' || path[0] === 'overrides' || path[0] === 'waivers')) return path[0];
  if (path.length === 1 && path[0] === 'drift') return 'drift';
  if (path.length === 3 && path[0] === 'drift' && typeof path[2] === 'number' && (path[1] === 'ignore' || path[1] === 'baseline')) return path[1];
  return undefined;
}

/** What a value is, in YAML's words. */
function typeOf(value: unknown): string {
  if (value === null || value === undefined) return 'nothing';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  return `${typeof value === 'string' ? 'text' : typeof value} ${JSON.stringify(value)}`;
}

/** The value at a path of the raw document. */
function valueAt(raw: unknown, path: readonly PropertyKey[]): unknown {
  return path.reduce<unknown>((value, key) => (value !== null && typeof value === 'object' ? (value as Record<PropertyKey, unknown>)[key] : undefined), raw);
}

/** A schema issue as a problem a person can fix. */
function schemaProblem(issue: z.core.$ZodIssue, raw: unknown): Problem {
  const path = issue.path.filter((key): key is string | number => typeof key !== 'symbol');
  if (issue.code === 'unrecognized_keys') {
    const kind = entryKind(path);
    const allowed = kind ? ALLOWED_KEYS[kind] : [];
    const key = issue.keys[0]!;
    return { path: [...path, key], message: `${key} is not a key here${didYouMean(key, allowed)}${allowed.length ? `; the keys here are ${allowed.join(', ')}` : ''}` };
  }
  // A custom issue's message already names the value; the others get the value that was found.
  const message = issue.message.replace(/^Invalid input: /, '');
  if (issue.code === 'custom') return { path, message };
  const found = valueAt(raw, path);
  const near = issue.code === 'invalid_value' && typeof found === 'string' ? didYouMean(found, issue.values.map(String)) : '';
  return { path, message: `${message} (found ${typeOf(found)})${near}` };
}

/** The 1-based line of the key at a path (or of its nearest enclosing key or list item that exists). */
function lineOf(document: Document, lines: LineCounter, path: readonly (string | number)[]): number | undefined {
  for (let depth = path.length; depth > 0; depth--) {
    const parent = depth === 1 ? document.contents : document.getIn(path.slice(0, depth - 1), true);
    const key = path[depth - 1];
    let range: readonly number[] | null | undefined;
    if (isMap(parent)) {
      const pair = parent.items.find((item) => isScalar(item.key) && String(item.key.value) === String(key));
      range = isScalar(pair?.key) ? pair.key.range : undefined;
    } else if (isSeq(parent) && typeof key === 'number') {
      range = (parent.items[key] as { range?: readonly number[] } | undefined)?.range;
    }
    if (range) return lines.linePos(range[0]!).line;
  }
  return undefined;
}

/** "rules[0].when.tags.env". */
function keyPath(path: readonly (string | number)[]): string {
  return path.map((key, index) => (typeof key === 'number' ? `[${key}]` : `${index === 0 ? '' : '.'}${key}`)).join('');
}

function report(problems: readonly Problem[], document: Document, lines: LineCounter, path: string): string {
  const shown = problems.slice(0, MAX_PROBLEMS).map((problem) => {
    const line = lineOf(document, lines, problem.path);
    const where = [line ? `line ${line}` : undefined, problem.path.length ? keyPath(problem.path) : undefined].filter(Boolean).join(', ');
    return `${path}${where ? ` ${where}` : ''}: ${problem.message}`;
  });
  const more = problems.length > MAX_PROBLEMS ? [`… and ${problems.length - MAX_PROBLEMS} more problems`] : [];
  return [...shown, ...more].join('\n');
}
