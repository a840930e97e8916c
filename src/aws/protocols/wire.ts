import type { AwsError } from '../aws-error.js';
import type { Operation, ServiceModel } from '../models/service-model.js';

/** An HTTP request as a protocol codec sees it. */
export interface WireRequest {
  readonly method: string;
  readonly path: string;
  /** Header names are lower-case. */
  readonly headers: Readonly<Record<string, string | undefined>>;
  readonly body: Buffer;
  /** Form parameters from the query string and a form-encoded body, parsed once by the front door. */
  readonly params: URLSearchParams;
}

/** An HTTP response a codec produced. */
export interface WireResponse {
  status: number;
  headers: Record<string, string>;
  body: string | Uint8Array;
}

/** A request decoded against the service model into the operation's input structure. */
export interface DecodedRequest {
  readonly operation: Operation;
  readonly input: Record<string, unknown>;
}

/** Parses requests and serializes responses for one AWS wire protocol, driven by the service model. */
export interface ProtocolCodec {
  /** The model's protocol name this codec speaks. */
  readonly protocol: string;
  /** The operation a request names, or undefined when it names none. */
  operationName(request: WireRequest): string | undefined;
  /** Decodes a request into typed input; throws AwsError for malformed or missing parameters. */
  decode(request: WireRequest, model: ServiceModel): DecodedRequest;
  /** Serializes an operation's output. */
  encode(model: ServiceModel, operation: Operation, output: unknown, requestId: string): WireResponse;
  /** Serializes an error the way this protocol's services send errors. */
  encodeError(model: ServiceModel, error: AwsError, requestId: string): WireResponse;
}
