import { parseCredentialScope } from '../../aws/credential-scope.js';
import type { WireRequest } from '../../aws/protocols/wire.js';
import type { LoadedService } from './loaded-service.js';

/** The service and region a request is for. */
export interface Route {
  readonly service: LoadedService;
  readonly region: string | undefined;
}

/**
 * Finds the service a request is for the way AWS's front doors do: the SigV4 credential scope first,
 * then `X-Amz-Target`, then `Smithy-Protocol` with its path, then the `Action` and `Version` parameters.
 */
export class ServiceRouter {
  private readonly bySigningName = new Map<string, LoadedService>();
  private readonly byTargetPrefix = new Map<string, LoadedService>();
  private readonly byServiceId = new Map<string, LoadedService>();
  private readonly byVersion = new Map<string, LoadedService>();

  constructor(private readonly services: readonly LoadedService[]) {
    for (const service of services) {
      for (const name of service.definition.signingNames) this.bySigningName.set(name, service);
      const metadata = service.model.metadata;
      if (metadata.targetPrefix) this.byTargetPrefix.set(metadata.targetPrefix, service);
      this.byServiceId.set(metadata.serviceId.replace(/\s+/g, ''), service);
      this.byVersion.set(metadata.apiVersion, service);
    }
  }

  /** The SigV4 signing names the gym answers to, for error messages. */
  signingNames(): string[] {
    return [...this.bySigningName.keys()];
  }

  route(request: WireRequest): Route | undefined {
    const scope = parseCredentialScope(request.headers['authorization'], request.params.get('X-Amz-Credential'));
    const region = scope?.region;
    if (scope) {
      const service = this.bySigningName.get(scope.service);
      if (service) return { service, region };
    }
    const target = request.headers['x-amz-target'];
    if (target) {
      const service = this.byTargetPrefix.get(target.slice(0, target.lastIndexOf('.')));
      if (service) return { service, region };
    }
    if (request.headers['smithy-protocol']) {
      const match = /^\/service\/([^/]+)\/operation\//.exec(request.path);
      const service = match ? this.byServiceId.get(match[1]!) : undefined;
      if (service) return { service, region };
    }
    const version = request.params.get('Version');
    if (version) {
      const service = this.byVersion.get(version);
      if (service) return { service, region };
    }
    const action = request.params.get('Action');
    if (action) {
      const service = this.services.find((candidate) => candidate.model.operation(action));
      if (service) return { service, region };
    }
    return undefined;
  }
}
