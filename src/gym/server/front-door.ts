import { randomUUID } from 'node:crypto';
import { AwsError } from '../../aws/aws-error.js';
import { parseCredentialScope } from '../../aws/credential-scope.js';
import { escapeXml } from '../../aws/protocols/xml-output.js';
import type { WireRequest, WireResponse } from '../../aws/protocols/wire.js';
import type { Logger } from '../../core/logger.js';
import { REGIONS } from '../regions.js';
import type { FaultInjector } from '../world/faults.js';
import type { World } from '../world/world.js';
import type { LoadedService } from './loaded-service.js';
import type { ServiceRouter } from './service-router.js';

/** What the front door needs from the gym it serves. */
export interface FrontDoorHost {
  readonly world: World;
  readonly router: ServiceRouter;
  readonly faults: FaultInjector;
  readonly defaultRegion: string;
  readonly logger: Logger;
}

class DryRunSucceeded extends Error {}

/** Handles one AWS API call: route, decode, inject faults, run the handler in a transaction, encode. */
export async function handleAwsRequest(host: FrontDoorHost, request: WireRequest): Promise<WireResponse> {
  const requestId = randomUUID();
  const route = host.router.route(request);
  if (!route) return unroutable(requestId, request, host.router);
  const { service } = route;
  try {
    const region = route.region ?? host.defaultRegion;
    if (!REGIONS[region]) {
      throw new AwsError('InvalidClientTokenId', `The gym does not serve region '${region}'. Use one of: ${Object.keys(REGIONS).join(', ')}.`, { status: 400 });
    }
    const { operation, input } = service.codec.decode(request, service.model);
    const fault = host.faults.take(service.definition.name, operation.name);
    if (fault) {
      if (fault.effect.type === 'latency') await sleep(fault.effect.milliseconds);
      else if (fault.effect.type === 'error') throw new AwsError(fault.effect.code, fault.effect.message, { status: fault.effect.status });
      else throw throttleError(service);
    }
    const run = service.definition.operations[operation.name];
    if (!run) {
      throw new AwsError('NotImplemented', `The gym does not implement ${service.definition.name}:${operation.name} yet.`, { status: 501 });
    }
    const world = host.world;
    world.ensureRegion(region, requestId);
    const now = world.clock.now();
    world.runDueTimers(now);
    const context = world.context(region, now, requestId);
    const output = input['DryRun'] === true ? dryRun(world, () => run(context, input as never)) : world.transaction(() => run(context, input as never));
    return service.codec.encode(service.model, operation, output, requestId);
  } catch (error) {
    if (AwsError.isAws(error)) return service.codec.encodeError(service.model, error, requestId);
    host.logger.error(`${service.definition.name} request ${requestId} failed: ${(error as Error).stack ?? String(error)}`);
    return service.codec.encodeError(service.model, new AwsError('InternalError', 'The gym hit an internal error; its log has the details.', { status: 500 }), requestId);
  }
}

/** Runs a handler and undoes it: AWS's DryRun answers whether the call would have succeeded. */
function dryRun(world: World, run: () => unknown): never {
  try {
    world.transaction(() => {
      run();
      throw new DryRunSucceeded();
    });
  } catch (error) {
    if (error instanceof DryRunSucceeded) {
      throw new AwsError('DryRunOperation', 'Request would have succeeded, but DryRun flag is set.', { status: 412 });
    }
    throw error;
  }
  throw new Error('unreachable');
}

function throttleError(service: LoadedService): AwsError {
  return service.model.metadata.protocol === 'ec2'
    ? new AwsError('RequestLimitExceeded', 'Request limit exceeded.', { status: 503 })
    : new AwsError('Throttling', 'Rate exceeded', { status: 400 });
}

function unroutable(requestId: string, request: WireRequest, router: ServiceRouter): WireResponse {
  // A request signed for a service the gym lacks (dynamodb, s3) is clear about what it wants: say so.
  const scope = parseCredentialScope(request.headers['authorization'], request.params.get('X-Amz-Credential'));
  const message = scope
    ? `The gym does not serve '${scope.service}', the service this request is signed for; it serves ${router.signingNames().join(', ')}.`
    : 'The gym could not tell which AWS service this request is for: sign it with SigV4, or send X-Amz-Target, or Action and Version.';
  const body =
    '<?xml version="1.0" encoding="UTF-8"?>\n<ErrorResponse><Error><Type>Sender</Type><Code>UnknownService</Code>' +
    `<Message>${escapeXml(message)}</Message></Error><RequestId>${requestId}</RequestId></ErrorResponse>`;
  return { status: 400, headers: { 'content-type': 'text/xml' }, body };
}

function sleep(milliseconds: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, milliseconds));
}
