import { z } from 'zod';
import type { Intent, Selector, Target } from '../../../plan/intent.js';

/**
 * The Intent union as a zod schema: what a model's `propose_plan` call is validated against, and (as
 * JSON Schema) what the model is shown. The model proposes the symbolic intent only; Cirro's builder
 * makes the Plan with its effects, undo and postconditions, so a model can never label a delete a read.
 */

const KINDS = ['vpc', 'subnet', 'internet-gateway', 'route-table', 'security-group', 'key-pair', 'instance', 'volume', 'elastic-ip', 'load-balancer', 'target-group', 'listener'] as const;

const kind = z.enum(KINDS);

const selector: z.ZodType<Selector> = z.lazy(() =>
  z.discriminatedUnion('by', [
    z.object({ by: z.literal('id'), id: z.string().min(1) }).strict(),
    z.object({ by: z.literal('name'), name: z.string().min(1).describe('Name tag; * wildcards allowed') }).strict(),
    z.object({ by: z.literal('names'), names: z.array(z.string().min(1)).min(1) }).strict(),
    z.object({ by: z.literal('only').describe('the one resource of its kind') }).strict(),
    z.object({ by: z.literal('all'), within: target.optional() }).strict(),
  ]),
);

/** A resource (or set) an intent talks about: a kind and how it is selected. */
export const targetSchema: z.ZodType<Target> = z.lazy(() => z.object({ kind, selector }).strict()).meta({ id: 'Target' });
const target = targetSchema;

const portRule = z.object({
  protocol: z.enum(['tcp', 'udp', 'icmp', '-1']),
  fromPort: z.number().int().min(-1).max(65535),
  toPort: z.number().int().min(-1).max(65535),
  cidr: z.string().regex(/^\d{1,3}(\.\d{1,3}){3}\/\d{1,2}$/, 'an IPv4 CIDR like 0.0.0.0/0'),
  description: z.string().optional(),
}).strict().meta({ id: 'PortRule' });

const volumeSpec = z.object({ sizeGiB: z.number().int().min(1).max(16384), volumeType: z.string().optional() }).strict().meta({ id: 'VolumeSpec' });

const instanceType = z.string().regex(/^[a-z][a-z0-9-]*\.[a-z0-9]+$/, 'an EC2 instance type like t3.large');

const tags = z.record(z.string(), z.string());

const createInstances = z.object({
  type: z.literal('create-instances'),
  count: z.number().int().min(1).max(50),
  names: z.array(z.string().min(1)),
  instanceType: instanceType.optional(),
  image: z.object({
    family: z.enum(['amazon-linux-2023', 'amazon-linux-2', 'ubuntu-24.04', 'ubuntu-22.04', 'debian-12', 'windows-2022']).optional(),
    imageId: z.string().optional(),
  }).strict().optional(),
  network: target.optional(),
  securityGroups: z.array(target).optional(),
  spot: z.boolean().optional(),
  keyName: z.string().optional(),
  publicIp: z.boolean().optional(),
  extraVolumes: z.array(volumeSpec).optional(),
  monitoring: z.boolean().optional(),
  tags: tags.optional(),
}).strict().meta({ id: 'CreateInstances' });

const QUESTIONS = ['status', 'public-ip', 'private-ip', 'addresses', 'disks', 'count', 'list', 'describe', 'network-peers', 'lb-members', 'graph', 'target-health', 'instance-type'] as const;

/* One object per intent type (the `type` field tells them apart). */
const intentUnion = z.discriminatedUnion('type', [
  createInstances,
  z.object({
    type: z.literal('create-load-balancer'),
    name: z.string().optional(),
    instances: z.union([target, createInstances]),
    port: z.number().int().min(1).max(65535),
    protocol: z.enum(['HTTP', 'HTTPS', 'TCP']),
    loadBalancerType: z.enum(['application', 'network']),
    healthCheckPath: z.string().optional(),
  }).strict(),
  z.object({ type: z.literal('create-vpc'), name: z.string().optional(), cidr: z.string().optional(), subnetCount: z.number().int().min(0).max(16), publicSubnets: z.boolean() }).strict(),
  z.object({ type: z.literal('create-subnet'), name: z.string().optional(), vpc: target, cidr: z.string().optional(), availabilityZone: z.string().optional(), public: z.boolean().optional() }).strict(),
  z.object({ type: z.literal('create-security-group'), name: z.string().min(1), vpc: target.optional(), rules: z.array(portRule), description: z.string().optional() }).strict(),
  z.object({ type: z.literal('change-ports'), action: z.enum(['open', 'close']), target, rules: z.array(portRule).min(1) }).strict(),
  z.object({ type: z.literal('create-volume'), name: z.string().optional(), volume: volumeSpec, attachTo: target.optional(), availabilityZone: z.string().optional() }).strict(),
  z.object({ type: z.literal('attach-volume'), instance: target, volume: z.union([volumeSpec, target]) }).strict(),
  z.object({ type: z.literal('detach-volume'), volume: target }).strict(),
  z.object({ type: z.literal('allocate-address'), instance: target.optional(), name: z.string().optional() }).strict(),
  z.object({ type: z.literal('release-address'), address: target }).strict(),
  z.object({ type: z.literal('instance-power'), action: z.enum(['stop', 'start', 'reboot', 'terminate']), targets: target }).strict(),
  z.object({ type: z.literal('resize'), targets: target, instanceType }).strict(),
  z.object({ type: z.literal('set-monitoring'), targets: target, enabled: z.boolean() }).strict(),
  z.object({ type: z.literal('tag'), targets: target, tags, removeKeys: z.array(z.string()).optional() }).strict(),
  z.object({ type: z.literal('set-market'), targets: target, market: z.enum(['spot', 'on-demand']) }).strict(),
  z.object({ type: z.literal('target-membership'), action: z.enum(['add', 'remove']), instances: target, group: target }).strict(),
  z.object({ type: z.literal('delete'), targets: target }).strict(),
  z.object({ type: z.literal('query'), question: z.enum(QUESTIONS), targets: target.optional(), kind: kind.optional(), format: z.enum(['text', 'dot', 'json']).optional() }).strict(),
]);

/** Every intent a model may propose; the compiler checks the schema's output is an Intent. */
export const intentSchema: z.ZodType<Intent> = intentUnion satisfies z.ZodType<Intent>;

/**
 * The `propose_plan` tool's arguments: the intent alone. What it does is said by Cirro's own
 * description of the intent, never by the model's, which could say anything.
 */
export const proposalSchema = z.object({ intent: intentSchema }).strict();

/** A validated proposal. */
export type Proposal = z.infer<typeof proposalSchema>;

/**
 * The JSON Schema the model sees for `propose_plan`: shared parts once under $defs, and without what
 * only validation needs (bounds, patterns, additionalProperties, a type beside a const or enum) — zod
 * still checks all of it, and an error names the rule. Two thirds of the full schema's size.
 */
export function proposalJsonSchema(): Record<string, unknown> {
  return toolParameters(proposalSchema);
}

/** A tool's argument schema as the model sees it: compact JSON Schema, an object at the top. */
export function toolParameters(zodSchema: z.ZodType): Record<string, unknown> {
  const schema = compact(z.toJSONSchema(zodSchema, { unrepresentable: 'any' })) as Record<string, unknown>;
  delete schema['$schema'];
  // Providers want the top level to say it is an object; inside, `properties` says it already.
  return { type: 'object', ...schema };
}

const VALIDATION_ONLY = new Set(['additionalProperties', 'minimum', 'maximum', 'minLength', 'maxLength', 'minItems', 'pattern', 'propertyNames']);

function compact(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(compact);
  if (!value || typeof value !== 'object') return value;
  const record = value as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(record)) {
    if (VALIDATION_ONLY.has(key)) continue;
    if (key === 'type' && ('const' in record || 'enum' in record || 'properties' in record)) continue;
    out[key] = compact(item);
  }
  return out;
}

/** zod issues as lines a model can act on: where, and what was wrong. */
export function describeIssues(error: z.ZodError): string[] {
  return error.issues.slice(0, 8).map((issue) => `${issue.path.length ? issue.path.join('.') : '(arguments)'}: ${issue.message}`);
}
