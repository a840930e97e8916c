import { AwsError } from '../aws-error.js';
import type { Operation, ServiceModel } from '../models/service-model.js';
import { decodeFormInput, type FormStyle } from './form-input.js';
import type { DecodedRequest, ProtocolCodec, WireRequest, WireResponse } from './wire.js';
import { escapeXml, XmlWriter } from './xml-output.js';

const queryStyle: FormStyle = {
  memoKey: 'query-input',
  wireName: (member) => member.locationName ?? member.name,
  flatList: (member) => member.flattened || member.shape.flattened,
  invalid: (path, value, expected) =>
    new AwsError('ValidationError', `1 validation error detected: Value '${value}' at '${lowerFirst(path)}' failed to satisfy constraint: Member must be ${expected}`),
  missing: (path) =>
    new AwsError('ValidationError', `1 validation error detected: Value null at '${lowerFirst(path)}' failed to satisfy constraint: Member must not be null`),
};

/** AWS names a query parameter path with each segment lower-camel-cased (`tags.1.key`). */
function lowerFirst(path: string): string {
  return path.split('.').map((segment) => segment.charAt(0).toLowerCase() + segment.slice(1)).join('.');
}

/** The AWS Query protocol: form-encoded requests, `<XResponse><XResult>` bodies, `<ErrorResponse>` errors. */
export const queryCodec: ProtocolCodec = {
  protocol: 'query',

  operationName(request: WireRequest): string | undefined {
    return request.params.get('Action') ?? undefined;
  },

  decode(request: WireRequest, model: ServiceModel): DecodedRequest {
    const name = request.params.get('Action');
    const operation = name ? model.operation(name) : undefined;
    if (!operation) {
      throw new AwsError('InvalidAction', `Could not find operation ${name ?? '(none)'} for version ${model.metadata.apiVersion}`);
    }
    return { operation, input: decodeFormInput(operation.input, request.params, queryStyle) };
  },

  encode(model: ServiceModel, operation: Operation, output: unknown, requestId: string): WireResponse {
    const element = `${operation.name}Response`;
    const writer = new XmlWriter();
    writer.text = `<${element} xmlns="${model.metadata.xmlNamespace ?? ''}">`;
    if (operation.output) {
      const wrapper = operation.resultWrapper ?? `${operation.name}Result`;
      writer.text += `<${wrapper}>`;
      if (output) writer.structure(operation.output, output as Record<string, unknown>);
      writer.text += `</${wrapper}>`;
    }
    writer.text += `<ResponseMetadata><RequestId>${requestId}</RequestId></ResponseMetadata></${element}>`;
    return { status: 200, headers: { 'content-type': 'text/xml', 'x-amzn-requestid': requestId }, body: writer.text };
  },

  encodeError(model: ServiceModel, error: AwsError, requestId: string): WireResponse {
    const body =
      `<ErrorResponse xmlns="${model.metadata.xmlNamespace ?? ''}"><Error><Type>${error.sender ? 'Sender' : 'Receiver'}</Type>` +
      `<Code>${escapeXml(error.code)}</Code><Message>${escapeXml(error.message)}</Message></Error>` +
      `<RequestId>${requestId}</RequestId></ErrorResponse>`;
    return { status: error.status, headers: { 'content-type': 'text/xml', 'x-amzn-requestid': requestId }, body };
  },
};
