import { timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import type { Result } from '../core/result.js';
import type { AgentCredentials, PlanBinding } from './types.js';

/** What the admin API can do to a gateway. */
export interface GatewayAdmin {
  issue(agent: string, role: string): Result<AgentCredentials, string>;
  revoke(accessKeyId: string): boolean;
  bind(accessKeyId: string, binding: PlanBinding): Result<string, string>;
  unbind(id: string): boolean;
  /** Status for a caller with the token (counts, upstream). */
  health(): Record<string, unknown>;
}

/** An admin answer: a status and a JSON body. */
export interface AdminResponse {
  readonly status: number;
  readonly body: unknown;
}

const credentialsRequest = z.object({
  agent: z.string().min(1).max(128).regex(/^[\w.@:+-]+$/, 'an agent name is letters, digits and . _ @ : + -'),
  role: z.string().min(1).max(64),
}).strict();

const declaredCall = z.object({
  service: z.string().min(1),
  operation: z.string().regex(/^[A-Z][A-Za-z0-9]*$/, 'an operation is its API name, such as TerminateInstances'),
  resourceIds: z.array(z.string().min(1)),
}).strict();

const bindingRequest = z.object({
  accessKeyId: z.string().min(1),
  binding: z.object({
    planId: z.string().min(1),
    calls: z.array(declaredCall),
    expiresAt: z.iso.datetime({ offset: true }),
  }).strict(),
}).strict();

/**
 * Serves `/_cirro/…`: POST credentials, DELETE credentials/<key>, POST bindings, DELETE bindings/<id>,
 * GET health. Everything but a bare health check needs `Authorization: Bearer <admin token>`: the
 * token is what separates the agent (which holds issued keys) from whoever may issue and bind them.
 */
export function handleAdminRequest(admin: GatewayAdmin, token: string, method: string, path: string, authorization: string | undefined, body: Buffer): AdminResponse {
  const route = path.replace(/\/+$/, '').slice('/_cirro/'.length);
  const authorized = bearerMatches(authorization, token);
  if (method === 'GET' && route === 'health') {
    return { status: 200, body: authorized ? { status: 'ready', ...admin.health() } : { status: 'ready', service: 'cirro-gateway' } };
  }
  if (!authorized) {
    return problem(401, 'Unauthorized', "the gateway's admin API needs 'Authorization: Bearer <admin token>'; the token is printed by 'cirro gateway start' and kept in $CIRRO_HOME/gateway.json");
  }
  if (method === 'POST' && route === 'credentials') {
    const parsed = parseBody(body, credentialsRequest);
    if (!parsed.success) return parsed.error;
    const issued = admin.issue(parsed.value.agent, parsed.value.role);
    return issued.success ? { status: 201, body: issued.value } : problem(400, 'UnknownRole', issued.error);
  }
  if (method === 'POST' && route === 'bindings') {
    const parsed = parseBody(body, bindingRequest);
    if (!parsed.success) return parsed.error;
    const { accessKeyId, binding } = parsed.value;
    const bound = admin.bind(accessKeyId, { ...binding, expiresAt: new Date(binding.expiresAt) });
    return bound.success ? { status: 201, body: { id: bound.value } } : problem(404, 'UnknownCredential', bound.error);
  }
  const item = /^(credentials|bindings)\/([^/]+)$/.exec(route);
  if (method === 'DELETE' && item) {
    const id = decodeURIComponent(item[2]!);
    const removed = item[1] === 'credentials' ? admin.revoke(id) : admin.unbind(id);
    return removed ? { status: 204, body: undefined } : problem(404, 'NotFound', `no ${item[1] === 'credentials' ? 'credential' : 'binding'} ${id} (already removed, or never made by this gateway)`);
  }
  return problem(404, 'NotFound', `no admin route ${method} ${path}; the gateway serves POST /_cirro/credentials, DELETE /_cirro/credentials/<key>, POST /_cirro/bindings, DELETE /_cirro/bindings/<id>, GET /_cirro/health`);
}

function bearerMatches(authorization: string | undefined, token: string): boolean {
  const given = /^Bearer\s+(\S+)$/.exec(authorization ?? '')?.[1];
  if (!given) return false;
  const left = Buffer.from(given, 'utf8');
  const right = Buffer.from(token, 'utf8');
  return left.length === right.length && timingSafeEqual(left, right);
}

function parseBody<T>(body: Buffer, schema: z.ZodType<T>): Result<T, AdminResponse> {
  let json: unknown;
  try {
    json = JSON.parse(body.toString('utf8'));
  } catch {
    return { success: false, error: problem(400, 'InvalidJson', 'the request body is not JSON') };
  }
  const parsed = schema.safeParse(json);
  if (parsed.success) return { success: true, value: parsed.data };
  const issues = parsed.error.issues.map((issue) => `${issue.path.join('.') || 'body'}: ${issue.message}`).join('; ');
  return { success: false, error: problem(400, 'InvalidRequest', issues) };
}

function problem(status: number, code: string, message: string): AdminResponse {
  return { status, body: { error: { code, message } } };
}
