import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { AwsError } from '../aws/aws-error.js';
import { parseCredentialScope, type CredentialScope } from '../aws/credential-scope.js';
import type { WireRequest, WireResponse } from '../aws/protocols/wire.js';
import type { CatalogService, ServiceCatalog } from '../aws/service-catalog.js';
import { verifySigV4, type SignableRequest, type VerifiedSignature } from '../aws/sigv4.js';
import type { Clock } from '../core/clock.js';
import type { AuditBatcher } from './audit-batcher.js';
import { effectOfOperation } from '../guard/authorization/operation-effect.js';
import type { Authorizer, Effect } from '../guard/authorization/types.js';
import { errorResponse, refusalError, signatureError, upstreamError } from './aws-responses.js';
import { namedResources, type NamedResource } from './call-resources.js';
import { authorizeCall } from './authorize-call.js';
import type { CredentialStore } from './credential-store.js';
import { createdIds } from './created-ids.js';
import { ambiguousParameters } from './parameter-checks.js';
import type { BindingRecord, PlanBindings } from './plan-bindings.js';
import type { TagReader } from './tag-reader.js';
import type { Upstream, UpstreamResponse } from './upstream.js';
import type { AgentCredentials } from './types.js';

/** What the call pipeline works with. */
export interface CallContext {
  readonly catalog: ServiceCatalog;
  readonly credentials: CredentialStore;
  readonly bindings: PlanBindings;
  readonly upstream: Upstream;
  readonly tags: TagReader;
  readonly authorizer: Authorizer;
  readonly audit: AuditBatcher | undefined;
  readonly clock: Clock;
  /** The gateway's own URL, for messages that tell a caller where to get keys. */
  readonly endpoint: () => string;
}

/** One call as it goes through the pipeline, with what the audit entry will say. */
interface CallRecord {
  readonly started: number;
  readonly requestId: string;
  caller?: AgentCredentials;
  service?: CatalogService;
  operation?: string;
  effect?: Effect;
  resources: readonly NamedResource[];
  input?: Record<string, unknown>;
  binding?: BindingRecord;
}

/** Operations after which a resource's tags differ, so the cached tags are brought up to date. */
const TAG_CHANGES = new Set(['ec2:CreateTags', 'ec2:DeleteTags', 'elbv2:AddTags', 'elbv2:RemoveTags']);
/** Query parameters of a presigned request, which the upstream's own signature replaces. */
const PRESIGN_PARAMS = /^X-Amz-(Algorithm|Credential|Date|Expires|SignedHeaders|Signature|Security-Token)=/;
/** Request headers the upstream needs; everything else (the agent's signature above all) stays here. */
const FORWARDED_HEADERS = ['content-type', 'accept', 'user-agent', 'x-amz-target'];
/** Response headers a client may read. */
const RETURNED_HEADERS = ['content-type', 'x-amzn-requestid', 'x-amz-request-id', 'x-amz-id-2', 'x-amzn-errortype'];

/**
 * One AWS call through the gateway: verify the caller's signature, find the service, operation and the
 * resources it names, check the plan binding, authorize, forward re-signed, answer, and audit.
 */
export async function handleCall(context: CallContext, incoming: IncomingMessage, body: Buffer, response: ServerResponse): Promise<void> {
  const record: CallRecord = { started: performance.now(), requestId: randomUUID(), resources: [] };
  const request = readRequest(incoming, body);
  const { headers, params } = request;
  const scope = parseCredentialScope(headers['authorization'], params.get('X-Amz-Credential'));
  record.service = scope ? context.catalog.find(scope.service, params.get('Version')) : undefined;
  record.operation = params.get('Action') ?? undefined;
  const ec2 = (record.service?.name ?? scope?.service) === 'ec2';
  const verified = verifySigV4(request, context.credentials.secretOf, context.clock.now());
  if (!verified.success) return refuse(context, record, response, signatureError(verified.error, ec2, context.endpoint()));
  record.caller = context.credentials.get(verified.value.scope.accessKeyId)!;
  const service = (record.service = context.catalog.find(verified.value.scope.service, params.get('Version')));
  if (!service) return refuse(context, record, response, unknownService(context.catalog, verified.value.scope, params.get('Version')));
  const encoding = headers['content-encoding'];
  if (encoding !== undefined && encoding !== 'identity') {
    // The gateway decides on the parameters it can read; a compressed body could say something else upstream.
    return refuse(context, record, response, new AwsError('InvalidParameterValue', `The Cirro gateway does not accept request bodies with Content-Encoding ${encoding}; send the parameters uncompressed.`));
  }
  let input: Record<string, unknown>;
  try {
    const decoded = service.codec.decode(request, service.model);
    record.operation = decoded.operation.name;
    input = record.input = decoded.input;
    const ambiguity = ambiguousParameters(params, decoded.operation.input, service.model.metadata.protocol === 'ec2');
    if (ambiguity) return refuse(context, record, response, new AwsError('MalformedQueryString', `The Cirro gateway does not pass on an ambiguous request: ${ambiguity}.`));
  } catch (error) {
    if (!AwsError.isAws(error)) throw error;
    return answer(context, record, response, errorResponse(context.catalog, service, error, record.requestId), 'call', error.code);
  }
  const operation = record.operation;
  const effect = (record.effect = effectOfOperation(service.name, operation));
  const resources = (record.resources = namedResources(input));
  const admission = context.bindings.admit(record.caller.accessKeyId, service.name, operation, effect, resources);
  if (admission.record) record.binding = admission.record;
  if (!admission.admitted) return refuse(context, record, response, refusalError(ec2, `${admission.reason} (agent ${record.caller.agent}, role ${record.caller.role}).`));
  const decision = await authorizeCall(context, record.caller, service.name, operation, effect, resources, verified.value.scope.region);
  if (decision.type === 'unavailable') return refuse(context, record, response, upstreamError(ec2, decision.message));
  if (decision.type === 'refused') return refuse(context, record, response, refusalError(ec2, decision.message));
  await forward(context, record, request, verified.value, response);
}

/** The request as the pipeline reads it: path, raw query, headers, and the form parameters of query and body. */
function readRequest(incoming: IncomingMessage, body: Buffer): SignableRequest & WireRequest {
  const url = incoming.url ?? '/';
  const mark = url.indexOf('?');
  const query = mark < 0 ? '' : url.slice(mark + 1);
  const headers = incoming.headers as Record<string, string | undefined>;
  const params = new URLSearchParams(query);
  const contentType = headers['content-type'] ?? '';
  if (contentType.includes('x-www-form-urlencoded') || (contentType === '' && body.length > 0)) {
    for (const [key, value] of new URLSearchParams(body.toString('utf8'))) params.append(key, value);
  }
  return { method: incoming.method ?? 'GET', path: mark < 0 ? url : url.slice(0, mark), query, headers, body, params };
}

/** Sends an authorized call on, signed with the upstream's keys, and relays the answer. */
async function forward(context: CallContext, record: CallRecord, request: SignableRequest & WireRequest, verified: VerifiedSignature, response: ServerResponse): Promise<void> {
  const ec2 = record.service!.name === 'ec2';
  const query = verified.presigned ? request.query.split('&').filter((part) => !PRESIGN_PARAMS.test(part)).join('&') : request.query;
  const headers: Record<string, string> = {};
  for (const name of FORWARDED_HEADERS) {
    const value = request.headers[name];
    if (value !== undefined) headers[name] = value;
  }
  let upstream: UpstreamResponse;
  try {
    upstream = await context.upstream.send({
      endpointPrefix: record.service!.endpointPrefix, signingName: verified.scope.service, region: verified.scope.region,
      method: request.method, path: request.path, query, headers, body: request.body, payloadHash: verified.payloadHash,
    });
  } catch (error) {
    const message = `The Cirro gateway could not reach its upstream ${context.upstream.target}: ${(error as Error).message}`;
    return refuse(context, record, response, upstreamError(ec2, message));
  }
  relay(context, record, upstream, response, verified.scope.region);
}

/** Passes the upstream's answer back in one write, after noting tag changes and the ids a bound plan created. */
function relay(context: CallContext, record: CallRecord, upstream: UpstreamResponse, response: ServerResponse, region: string): void {
  const { status, body } = upstream;
  const headers: Record<string, string> = { 'content-length': String(body.length) };
  for (const name of RETURNED_HEADERS) {
    const value = upstream.headers[name];
    if (value !== undefined) headers[name] = value;
  }
  const action = `${record.service!.name}:${record.operation}`;
  const succeeded = status >= 200 && status < 300;
  if (succeeded && TAG_CHANGES.has(action)) context.tags.noteChange(region, record.resources.map((resource) => resource.id), addedTags(action, record.input));
  let created: string[] = [];
  if (succeeded && record.binding !== undefined && record.effect !== 'read') {
    created = createdIds(record.service!.name, record.operation!, body.toString('utf8'));
    context.bindings.recordCreated(record.binding, created);
  }
  const error = succeeded ? undefined : (/<Code>([^<]+)<\/Code>/.exec(body.toString('utf8'))?.[1] ?? `HTTP ${status}`);
  audit(context, record, 'call', status, error, created, undefined, () => {
    response.writeHead(status, headers);
    response.end(body);
  });
}

/** The tags a successful CreateTags or AddTags set; undefined for calls that removed tags. */
function addedTags(action: string, input: Record<string, unknown> | undefined): Record<string, string> | undefined {
  if (action !== 'ec2:CreateTags' && action !== 'elbv2:AddTags') return undefined;
  const added: Record<string, string> = {};
  for (const tag of (input?.['Tags'] ?? []) as { Key?: unknown; Value?: unknown }[]) {
    if (typeof tag.Key === 'string') added[tag.Key] = typeof tag.Value === 'string' ? tag.Value : '';
  }
  return added;
}

function refuse(context: CallContext, record: CallRecord, response: ServerResponse, error: AwsError): void {
  answer(context, record, response, errorResponse(context.catalog, record.service, error, record.requestId), 'refusal', error.code, error.message);
}

function answer(context: CallContext, record: CallRecord, response: ServerResponse, wire: WireResponse, type: 'call' | 'refusal', code: string, message?: string): void {
  const body = typeof wire.body === 'string' ? Buffer.from(wire.body, 'utf8') : wire.body;
  audit(context, record, type, wire.status, code, [], message, () => {
    response.writeHead(wire.status, { ...wire.headers, 'content-length': String(body.length), 'x-amzn-requestid': record.requestId });
    response.end(body);
  });
}

/** Records the call, then answers (`respond`): an answered call is always in the audit log first. */
function audit(context: CallContext, record: CallRecord, type: 'call' | 'refusal', status: number, error: string | undefined, created: readonly string[], message: string | undefined, respond: () => void): void {
  if (!context.audit) return respond();
  const resources = [...record.resources.map((resource) => resource.id), ...created];
  context.audit.record({
    type,
    actor: `gateway:${record.caller?.agent ?? 'unauthenticated'}`,
    ...(record.binding ? { planId: record.binding.binding.planId } : {}),
    resources,
    data: {
      service: record.service?.name ?? null,
      operation: record.operation ?? null,
      effect: record.effect ?? null,
      status,
      ms: Math.round((performance.now() - record.started) * 1000) / 1000,
      ...(record.caller ? { role: record.caller.role } : {}),
      ...(error ? { error } : {}),
      ...(message ? { message } : {}),
      ...(created.length > 0 ? { created } : {}),
    },
  }, respond);
}

function unknownService(catalog: ServiceCatalog, scope: CredentialScope, version: string | null): AwsError {
  return new AwsError(
    'UnknownService',
    `The Cirro gateway does not guard '${scope.service}'${version ? ` (API version ${version})` : ''}, the service this request is signed for; ` +
      `it guards ${catalog.signingNames().join(', ')}. Call that service without the gateway only if your policy allows it.`,
    { status: 400 },
  );
}
