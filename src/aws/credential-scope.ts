/** What a SigV4-signed request says about itself in its credential scope. */
export interface CredentialScope {
  readonly accessKeyId: string;
  readonly date: string;
  readonly region: string;
  readonly service: string;
}

const HEADER_PATTERN = /Credential=([^/,\s]+)\/(\d{8})\/([^/]+)\/([^/]+)\/aws4_request/;

/** Reads the credential scope from an Authorization header or a presigned X-Amz-Credential parameter. */
export function parseCredentialScope(authorization: string | undefined, presigned?: string | null): CredentialScope | undefined {
  const source = authorization ?? (presigned ? `Credential=${presigned}` : undefined);
  if (!source) return undefined;
  const match = HEADER_PATTERN.exec(source);
  if (!match) return undefined;
  return { accessKeyId: match[1]!, date: match[2]!, region: match[3]!, service: match[4]! };
}
