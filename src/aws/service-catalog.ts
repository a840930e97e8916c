import { ServiceModel } from './models/service-model.js';
import { codecFor } from './protocols/index.js';
import type { ProtocolCodec } from './protocols/wire.js';

/** One AWS service a client can call: how it signs, where AWS serves it, and its model. */
export interface CatalogEntry {
  /** Cirro's name for the service, as plans name it (`ec2`, `elbv2`, `sts`). */
  readonly name: string;
  /** The SigV4 signing name in the credential scope. */
  readonly signingName: string;
  /** The host prefix of AWS's regional endpoint (`https://<prefix>.<region>.amazonaws.com`). */
  readonly endpointPrefix: string;
  /** The API version; the query protocols send it as `Version`, which tells ELB from ELBv2. */
  readonly apiVersion: string;
  readonly modelStem: string;
}

/** A catalog entry with its model loaded and codec chosen. */
export interface CatalogService extends CatalogEntry {
  readonly model: ServiceModel;
  readonly codec: ProtocolCodec;
}

/**
 * The services whose wire protocol the codecs in src/aws decode (ec2 and query). Two services may
 * share a signing name (ELB and ELBv2 both sign as `elasticloadbalancing`); the API version decides.
 */
export const SERVICE_CATALOG: readonly CatalogEntry[] = [
  { name: 'ec2', signingName: 'ec2', endpointPrefix: 'ec2', apiVersion: '2016-11-15', modelStem: 'ec2-2016-11-15' },
  { name: 'elbv2', signingName: 'elasticloadbalancing', endpointPrefix: 'elasticloadbalancing', apiVersion: '2015-12-01', modelStem: 'elasticloadbalancingv2-2015-12-01' },
  { name: 'sts', signingName: 'sts', endpointPrefix: 'sts', apiVersion: '2011-06-15', modelStem: 'sts-2011-06-15' },
  { name: 'cloudformation', signingName: 'cloudformation', endpointPrefix: 'cloudformation', apiVersion: '2010-05-15', modelStem: 'cloudformation-2010-05-15' },
];

/** Finds services by signing name and version, loading each model once per catalog. */
export class ServiceCatalog {
  private readonly loaded = new Map<string, CatalogService>();

  constructor(private readonly entries: readonly CatalogEntry[] = SERVICE_CATALOG) {}

  /** The signing names served, for error messages. */
  signingNames(): string[] {
    return [...new Set(this.entries.map((entry) => entry.signingName))];
  }

  /**
   * The service a request signed for `signingName` is for. `version` (the `Version` parameter) picks
   * between services sharing a signing name; without one, the first entry for the name is taken.
   */
  find(signingName: string, version: string | null | undefined): CatalogService | undefined {
    let match: CatalogEntry | undefined;
    for (const entry of this.entries) {
      if (entry.signingName !== signingName) continue;
      if (version === undefined || version === null || entry.apiVersion === version) {
        match = entry;
        break;
      }
    }
    return match ? this.load(match) : undefined;
  }

  /** The service by Cirro's name (`elbv2`). */
  byName(name: string): CatalogService | undefined {
    const entry = this.entries.find((candidate) => candidate.name === name);
    return entry ? this.load(entry) : undefined;
  }

  private load(entry: CatalogEntry): CatalogService {
    let service = this.loaded.get(entry.name);
    if (!service) {
      const model = ServiceModel.load(entry.modelStem);
      service = { ...entry, model, codec: codecFor(model.metadata.protocol) };
      this.loaded.set(entry.name, service);
    }
    return service;
  }
}
