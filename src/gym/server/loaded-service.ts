import { ServiceModel } from '../../aws/models/service-model.js';
import { codecFor } from '../../aws/protocols/index.js';
import type { ProtocolCodec } from '../../aws/protocols/wire.js';
import type { GymService } from '../service.js';

/** A service with its model loaded and its codec chosen. */
export interface LoadedService {
  readonly definition: GymService;
  readonly model: ServiceModel;
  readonly codec: ProtocolCodec;
}

const modelCache = new Map<string, ServiceModel>();

/** Loads a service's model (once per process) and picks its codec. */
export function loadService(definition: GymService): LoadedService {
  let model = modelCache.get(definition.modelStem);
  if (!model) modelCache.set(definition.modelStem, (model = ServiceModel.load(definition.modelStem)));
  return { definition, model, codec: codecFor(model.metadata.protocol) };
}
