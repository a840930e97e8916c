import { AwsError } from '../aws/aws-error.js';
import type { CatalogService, ServiceCatalog } from '../aws/service-catalog.js';
import type { SigV4Failure } from '../aws/sigv4.js';
import type { WireResponse } from '../aws/protocols/wire.js';

/**
 * Errors the gateway answers itself, shaped as the called service shapes them, so the SDK and the CLI
 * report the code and message as they would from AWS. EC2 answers in `<Response><Errors>`, the query
 * services (ELBv2, STS) in `<ErrorResponse>`; a request for a service we cannot tell gets the latter.
 */
export function errorResponse(catalog: ServiceCatalog, service: CatalogService | undefined, error: AwsError, requestId: string): WireResponse {
  const shaped = service ?? catalog.byName('sts')!;
  return shaped.codec.encodeError(shaped.model, error, requestId);
}

/** The AWS error a failed signature check becomes, per protocol (EC2 names some failures differently). */
export function signatureError(failure: SigV4Failure, ec2: boolean, endpoint: string): AwsError {
  switch (failure.reason) {
    case 'missing':
      return new AwsError('MissingAuthenticationToken', `${failure.message}: sign requests to ${endpoint} with keys the Cirro gateway issued.`, { status: 403 });
    case 'malformed':
      return new AwsError('IncompleteSignature', failure.message, { status: 403 });
    case 'unknown-key': {
      const hint = ` The gateway at ${endpoint} did not issue the key ${failure.accessKeyId}, or withdrew it; get keys with 'cirro gateway start' or POST /_cirro/credentials.`;
      return ec2
        ? new AwsError('AuthFailure', `AWS was not able to validate the provided access credentials.${hint}`, { status: 401 })
        : new AwsError('InvalidClientTokenId', `${failure.message}${hint}`, { status: 403 });
    }
    case 'mismatch':
      return new AwsError('SignatureDoesNotMatch', failure.message, { status: 403 });
    case 'expired':
      return ec2
        ? new AwsError('RequestExpired', `Request has expired. ${failure.message} Check the clock of the machine that signed the request.`, { status: 400 })
        : new AwsError('SignatureDoesNotMatch', `${failure.message} Check the clock of the machine that signed the request.`, { status: 403 });
  }
}

/** The refusal of a call the agent may not make: EC2's UnauthorizedOperation, the query services' AccessDenied. */
export function refusalError(ec2: boolean, message: string): AwsError {
  return ec2
    ? new AwsError('UnauthorizedOperation', `You are not authorized to perform this operation. ${message}`, { status: 403 })
    : new AwsError('AccessDenied', message, { status: 403 });
}

/** A failure between the gateway and the upstream: 503, which the SDK and the CLI retry. */
export function upstreamError(ec2: boolean, message: string): AwsError {
  return ec2
    ? new AwsError('Unavailable', message, { status: 503, sender: false })
    : new AwsError('ServiceUnavailable', message, { status: 503, sender: false });
}
