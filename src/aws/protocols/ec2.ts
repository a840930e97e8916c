import { AwsError } from '../aws-error.js';
import type { Operation, ServiceModel } from '../models/service-model.js';
import { decodeFormInput, type FormStyle } from './form-input.js';
import type { DecodedRequest, ProtocolCodec, WireRequest, WireResponse } from './wire.js';
import { escapeXml, XmlWriter } from './xml-output.js';

const XML_HEADER = '<?xml version="1.0" encoding="UTF-8"?>\n';

const ec2Style: FormStyle = {
  memoKey: 'ec2-input',
  // EC2 names a parameter by queryName, else by its capitalized locationName, else by the member name.
  wireName: (member) => member.queryName ?? (member.locationName ? capitalize(member.locationName) : member.name),
  flatList: () => true,
  invalid: (path, value, expected) =>
    new AwsError('InvalidParameterValue', `Invalid value '${value}' for ${path}: expected ${expected}.`),
  missing: (path) => new AwsError('MissingParameter', `The request must contain the parameter ${path}`),
};

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** The EC2 protocol: form-encoded requests, XML responses with a requestId, `<Response><Errors>` errors. */
export const ec2Codec: ProtocolCodec = {
  protocol: 'ec2',

  operationName(request: WireRequest): string | undefined {
    return request.params.get('Action') ?? undefined;
  },

  decode(request: WireRequest, model: ServiceModel): DecodedRequest {
    const name = request.params.get('Action');
    const operation = name ? model.operation(name) : undefined;
    if (!operation) {
      throw new AwsError('InvalidAction', `The action ${name ?? '(none)'} is not valid for this web service.`);
    }
    return { operation, input: decodeFormInput(operation.input, request.params, ec2Style) };
  },

  encode(model: ServiceModel, operation: Operation, output: unknown, requestId: string): WireResponse {
    const element = `${operation.name}Response`;
    const writer = new XmlWriter();
    writer.text = `${XML_HEADER}<${element} xmlns="${namespace(model)}"><requestId>${requestId}</requestId>`;
    if (operation.output && output) writer.structure(operation.output, output as Record<string, unknown>);
    writer.text += `</${element}>`;
    return { status: 200, headers: { 'content-type': 'text/xml;charset=UTF-8' }, body: writer.text };
  },

  encodeError(_model: ServiceModel, error: AwsError, requestId: string): WireResponse {
    const body =
      `${XML_HEADER}<Response><Errors><Error><Code>${escapeXml(error.code)}</Code>` +
      `<Message>${escapeXml(error.message)}</Message></Error></Errors><RequestID>${requestId}</RequestID></Response>`;
    return { status: error.status, headers: { 'content-type': 'text/xml;charset=UTF-8' }, body };
  },
};

function namespace(model: ServiceModel): string {
  const base = model.metadata.xmlNamespace ?? `http://${model.metadata.endpointPrefix}.amazonaws.com/doc/${model.metadata.apiVersion}`;
  return base.endsWith('/') ? base : `${base}/`;
}
