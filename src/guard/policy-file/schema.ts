import { z } from 'zod';
import { INVENTORY_KINDS } from '../../cloud/read-inventory.js';
import type { FieldCondition } from './types.js';

const SEVERITIES = ['critical', 'high', 'medium', 'low'] as const;
const APPROVAL_LEVELS = ['low', 'medium', 'high'] as const;

const severity = z.enum(SEVERITIES, { error: `use one of ${SEVERITIES.join(', ')}` });
const text = (what: string) => z.string({ error: `write ${what} as text` }).trim().min(1, { error: `write ${what}; it cannot be empty` });
const ruleName = z.string({ error: 'name the rule by its id, as text (for example CIRRO-EC2-005)' }).trim().min(1, { error: 'name the rule by its id (for example CIRRO-EC2-005)' });

/** How a condition may be written, for the message when one is not. */
const CONDITION_FORMS = 'a value (text, number, true/false), or one of { in: [...] }, { notIn: [...] }, { exists: true|false }, { matches: <regular expression> }';

const scalar = z.union([z.string(), z.number(), z.boolean()]);

/** One field condition; checked by hand so a mistake gets one clear message instead of a union's many. */
const condition = z.unknown().transform((value, context): FieldCondition => {
  if (scalar.safeParse(value).success) return value as FieldCondition;
  const record = value !== null && typeof value === 'object' && !Array.isArray(value) ? value as Record<string, unknown> : undefined;
  const keys = record ? Object.keys(record) : [];
  if (record && keys.length === 1) {
    const [key] = keys as [string];
    const inner = record[key];
    if ((key === 'in' || key === 'notIn') && Array.isArray(inner) && inner.length > 0 && inner.every((item) => scalar.safeParse(item).success)) return value as FieldCondition;
    if (key === 'exists' && typeof inner === 'boolean') return value as FieldCondition;
    if (key === 'matches' && typeof inner === 'string') {
      try {
        new RegExp(inner);
        return value as FieldCondition;
      } catch (error) {
        context.addIssue({ code: 'custom', message: `${JSON.stringify(inner)} is not a valid regular expression (${(error as Error).message}); fix the pattern` });
        return z.NEVER;
      }
    }
  }
  context.addIssue({ code: 'custom', message: `this is not a condition; write ${CONDITION_FORMS}` });
  return z.NEVER;
});

/** A project's own rule. */
const customRule = z.strictObject({
  id: z.string({ error: 'give the rule an id, as text (for example TEAM-001)' })
    .regex(/^[A-Za-z][A-Za-z0-9_.-]*$/, { error: 'use letters, digits, -, _ and . in a rule id, starting with a letter (for example TEAM-001)' }),
  severity,
  kind: z.enum(INVENTORY_KINDS as [string, ...string[]], { error: `use one of the kinds ${INVENTORY_KINDS.join(', ')}` }),
  when: z.record(z.string(), condition, { error: 'write when: as field paths with their conditions (for example instanceType: { in: [m5.24xlarge] })' })
    .refine((when) => Object.keys(when).length > 0, { error: 'give at least one condition under when:, or the rule would fire on every resource of its kind' }),
  message: text('the message (what is wrong, as a person should read it)'),
  fix: text('the fix (what to do instead)'),
});

/** `rule:` names the rule; `ruleId:` is accepted too, as the policy file's type calls it, but not both. */
const namesOneRule = [
  (entry: { rule?: string | undefined; ruleId?: string | undefined }) => (entry.rule === undefined) !== (entry.ruleId === undefined),
  { error: 'name the rule once, with rule: (for example rule: CIRRO-EC2-005)' },
] as const;

const override = z.strictObject({
  rule: ruleName.optional(),
  ruleId: ruleName.optional(),
  severity: severity.optional(),
  disabled: z.boolean({ error: 'write disabled: true or disabled: false' }).optional(),
})
  .refine(...namesOneRule)
  .refine((entry) => entry.severity !== undefined || entry.disabled !== undefined, { error: 'say what to change: severity: <critical|high|medium|low>, or disabled: true' });

const waiver = z.strictObject({
  rule: ruleName.optional(),
  ruleId: ruleName.optional(),
  resource: text('the resource the waiver is for (its id or Name tag)'),
  reason: text('the reason the rule does not apply to this resource (it is recorded in the audit log)'),
}).refine(...namesOneRule);

/** A drift finding the team does not want reported: any of stack, resource, type and property narrows it, and the reason is required. */
const driftIgnore = z.strictObject({
  stack: text('the stack name').optional(),
  resource: text('the resource (its logical id, physical id or Name tag)').optional(),
  type: z.string({ error: 'write the CloudFormation type as text (for example AWS::EC2::Instance)' })
    .regex(/^[A-Za-z0-9]+::[A-Za-z0-9]+::[A-Za-z0-9]+$/, { error: 'write the CloudFormation type as Service::Area::Resource (for example AWS::EC2::Instance)' }).optional(),
  property: z.string({ error: 'write the property path as text (for example /Tags)' })
    .regex(/^\/\S*$/, { error: 'write the property path as CloudFormation reports it, starting with / (for example /Tags or /SecurityGroupIngress)' }).optional(),
  reason: text('the reason this drift is not a problem (it is shown with the report)'),
}).refine((entry) => entry.stack !== undefined || entry.resource !== undefined || entry.type !== undefined || entry.property !== undefined, {
  error: 'say what to ignore with stack:, resource:, type: or property:; a rule with none would hide every finding',
});

/** One difference the team accepted as it is now: it stops being drift until the cloud changes again. */
const driftBaseline = z.strictObject({
  stack: text('the stack name'),
  resource: text('the resource (its logical id, physical id or Name tag)'),
  property: z.string({ error: 'write the property path as text (for example /InstanceType)' })
    .regex(/^\/\S*$/, { error: 'write the property path as CloudFormation reports it, starting with / (for example /InstanceType)' }),
  actual: z.unknown().refine((value) => value !== undefined && value !== null, { error: 'write the value the cloud has now, as cirro drift --json reports it under actual' }),
  reason: text('the reason this difference is accepted (it is shown with the report)'),
});

/** The `drift:` section: what cirro drift leaves out of its findings. */
const driftSection = z.strictObject({
  ignore: z.array(driftIgnore, { error: 'write ignore: as a list (- type: …, reason: …)' }).optional(),
  baseline: z.array(driftBaseline, { error: 'write baseline: as a list (- stack: …, resource: …, property: …, actual: …, reason: …)' }).optional(),
}, { error: 'write drift: as a mapping with ignore: and baseline: lists' });

/** The top level of `.cirro/policy.yaml`, before the checks that span entries. */
export const policyDocument = z.strictObject({
  role: text('the role (reader, operator, admin, or one defined under roles:)').optional(),
  roles: z.record(z.string(), text('the role\'s Cedar policies'), { error: 'write roles: as role name → Cedar policy text' }).optional(),
  policies: z.string({ error: 'write policies: as Cedar policy text (a YAML block: policies: |)' }).optional(),
  rules: z.array(customRule, { error: 'write rules: as a list (- id: …)' }).optional(),
  overrides: z.array(override, { error: 'write overrides: as a list (- rule: …)' }).optional(),
  waivers: z.array(waiver, { error: 'write waivers: as a list (- rule: …)' }).optional(),
  approval: z.enum(APPROVAL_LEVELS, { error: `use one of ${APPROVAL_LEVELS.join(', ')}` }).optional(),
  drift: driftSection.optional(),
});

/** The policy file as written, validated field by field. */
export type PolicyDocument = z.infer<typeof policyDocument>;

/** The keys each kind of entry allows, for suggesting the one a misspelt key meant. */
export const ALLOWED_KEYS: Readonly<Record<'top' | 'rules' | 'overrides' | 'waivers' | 'drift' | 'ignore' | 'baseline', readonly string[]>> = {
  top: ['role', 'roles', 'policies', 'rules', 'overrides', 'waivers', 'approval', 'drift'],
  rules: ['id', 'severity', 'kind', 'when', 'message', 'fix'],
  overrides: ['rule', 'severity', 'disabled'],
  waivers: ['rule', 'resource', 'reason'],
  drift: ['ignore', 'baseline'],
  ignore: ['stack', 'resource', 'type', 'property', 'reason'],
  baseline: ['stack', 'resource', 'property', 'actual', 'reason'],
};
