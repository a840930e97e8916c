import { INPUT_MEMBER_ADDITIONS } from './model-additions.js';
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { eagerMembers, splitModelText, type Members } from './lazy-members.js';
import type { MemberRef, Shape, ShapeType } from './shape.js';

/** The wire protocols AWS services speak. */
export type ProtocolName = 'ec2' | 'query' | 'json' | 'rest-json' | 'rest-xml' | 'smithy-rpc-v2-cbor';

/** What a model says about its service as a whole. */
export interface ServiceMetadata {
  readonly apiVersion: string;
  readonly endpointPrefix: string;
  readonly protocol: ProtocolName;
  readonly protocols?: readonly ProtocolName[];
  readonly serviceId: string;
  readonly signingName?: string;
  readonly targetPrefix?: string;
  readonly jsonVersion?: string;
  readonly xmlNamespace?: string;
}

/** One operation: its input and output shapes. */
export interface Operation {
  readonly name: string;
  readonly input: Shape | undefined;
  readonly output: Shape | undefined;
  /** The element that wraps the output in query-protocol responses (`DescribeTargetHealthResult`). */
  readonly resultWrapper: string | undefined;
}

type RawShape = Record<string, unknown> & { shape?: string; type?: string };
type RawOperation = { input?: RawShape; output?: RawShape & { resultWrapper?: string } };
interface RawModel {
  metadata: ServiceMetadata;
  operations: Record<string, RawOperation>;
  shapes: Record<string, RawShape>;
}

const REF_KEYS = new Set(['shape', 'locationName', 'queryName', 'flattened', 'xmlAttribute', 'xmlNamespace', 'idempotencyToken', 'location', 'sensitive', 'documentation', 'deprecated']);

/**
 * A published AWS service model (the JSON the AWS SDK ships), resolved into shapes on demand.
 * Shapes are resolved lazily and cached, so loading EC2's 600-operation model costs one JSON.parse.
 */
export class ServiceModel {
  readonly metadata: ServiceMetadata;
  private readonly operations: Members<RawOperation>;
  private readonly shapes: Members<RawShape>;
  private readonly shapeCache = new WeakMap<object, Shape>();
  private readonly operationCache = new Map<string, Operation>();

  /** A model from its parsed JSON; `sections`, when given, serve the operations and shapes instead. */
  constructor(raw: RawModel, sections?: { operations: Members<RawOperation>; shapes: Members<RawShape> }) {
    this.metadata = raw.metadata;
    this.operations = sections?.operations ?? eagerMembers(raw.operations);
    this.shapes = sections?.shapes ?? eagerMembers(raw.shapes);
  }

  /**
   * Loads a model by its file stem in the aws-sdk package (`ec2-2016-11-15`). Operations and shapes are
   * parsed when first used, which takes EC2's 940 KB model off the start path.
   */
  static load(stem: string): ServiceModel {
    const text = readFileSync(join(modelDirectory(), `${stem}.min.json`), 'utf8');
    const split = splitModelText(text);
    if (!split) return new ServiceModel(JSON.parse(text) as RawModel);
    const metadata = split.rest['metadata'] as ServiceMetadata;
    return new ServiceModel({ metadata, operations: {}, shapes: {} }, split as { operations: Members<RawOperation>; shapes: Members<RawShape> });
  }

  /** Every operation name the model defines. */
  operationNames(): string[] {
    return this.operations.keys();
  }

  /** The named operation, or undefined when the model has none by that name. */
  operation(name: string): Operation | undefined {
    const cached = this.operationCache.get(name);
    if (cached) return cached;
    const raw = this.operations.get(name);
    if (!raw) return undefined;
    const additions = INPUT_MEMBER_ADDITIONS[this.metadata.serviceId]?.[name];
    // Additions apply to inline input structures, which is how the EC2 model writes them.
    const input = raw.input && additions && raw.input['members'] ? { ...raw.input, members: { ...(raw.input['members'] as object), ...additions } } as RawShape : raw.input;
    const operation: Operation = {
      name,
      input: input ? this.resolve(input) : undefined,
      output: raw.output ? this.resolve(raw.output) : undefined,
      resultWrapper: raw.output?.resultWrapper,
    };
    this.operationCache.set(name, operation);
    return operation;
  }

  /** Resolves a named shape from the model's shape table. */
  shape(name: string): Shape | undefined {
    const raw = this.shapes.get(name);
    return raw ? this.resolve(raw) : undefined;
  }

  private resolve(raw: RawShape): Shape {
    const cached = this.shapeCache.get(raw);
    if (cached) return cached;
    const target = raw.shape ? this.shapes.get(raw.shape) : undefined;
    if (raw.shape && !target) throw new Error(`model ${this.metadata.serviceId} references missing shape ${raw.shape}`);
    // A member reference that names a shape only adds wire traits; the structure comes from the target.
    const body = target && onlyRefKeys(raw) ? this.resolve(target) : undefined;
    if (body) {
      this.shapeCache.set(raw, body);
      return body;
    }
    const definition: RawShape = target ? { ...target, ...raw } : raw;
    const shape = this.build(definition);
    this.shapeCache.set(raw, shape);
    return shape;
  }

  private build(definition: RawShape): Shape {
    const model = this;
    let members: Map<string, MemberRef> | undefined;
    const memberRef = (name: string, raw: RawShape | undefined): MemberRef | undefined =>
      raw ? model.ref(name, raw) : undefined;
    let listMember: MemberRef | undefined | null = null;
    let mapKey: MemberRef | undefined | null = null;
    let mapValue: MemberRef | undefined | null = null;
    const type = (definition.type ?? 'string') as ShapeType;
    return {
      type,
      get members() {
        if (!members) {
          members = new Map();
          const raw = (definition.members ?? {}) as Record<string, RawShape>;
          for (const [name, member] of Object.entries(raw)) members.set(name, model.ref(name, member));
        }
        return members;
      },
      required: new Set((definition.required as string[] | undefined) ?? []),
      get member() {
        if (listMember === null) listMember = memberRef('member', definition.member as RawShape | undefined);
        return listMember;
      },
      get key() {
        if (mapKey === null) mapKey = memberRef('key', definition.key as RawShape | undefined);
        return mapKey;
      },
      get value() {
        if (mapValue === null) mapValue = memberRef('value', definition.value as RawShape | undefined);
        return mapValue;
      },
      flattened: definition.flattened === true,
      timestampFormat: definition.timestampFormat as string | undefined,
      enumValues: definition.enum as string[] | undefined,
      memo: new Map(),
    };
  }

  private ref(name: string, raw: RawShape): MemberRef {
    const target = raw.shape ? this.shapes.get(raw.shape) : undefined;
    const trait = <T>(key: string): T | undefined => (raw[key] ?? target?.[key]) as T | undefined;
    return {
      name,
      shape: this.resolve(raw),
      locationName: trait<string>('locationName'),
      queryName: trait<string>('queryName'),
      flattened: trait<boolean>('flattened') === true,
      xmlAttribute: trait<boolean>('xmlAttribute') === true,
    };
  }
}

function onlyRefKeys(raw: RawShape): boolean {
  for (const key of Object.keys(raw)) if (!REF_KEYS.has(key)) return false;
  return true;
}

let cachedDirectory: string | undefined;

/** Where the aws-sdk package keeps its service models. */
export function modelDirectory(): string {
  if (!cachedDirectory) {
    const require = createRequire(import.meta.url);
    cachedDirectory = join(dirname(require.resolve('aws-sdk/package.json')), 'apis');
  }
  return cachedDirectory;
}
