import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { fail, ok, type Result } from '../core/result.js';
import type { CredentialScope } from './credential-scope.js';

/**
 * AWS Signature Version 4, both ways: verifying what a caller signed and signing what we send on.
 * Written against node:crypto rather than @smithy/signature-v4 because a gateway verifies and signs
 * every call: this does both synchronously, caches signing keys, and is checked in tests against
 * requests signed by the real SDK v3 signer and the real AWS CLI.
 */

/** A request as SigV4 sees it: the wire path and query string, lower-case headers, the raw body. */
export interface SignableRequest {
  readonly method: string;
  /** The path as sent on the wire (percent-encoded), without the query string. */
  readonly path: string;
  /** The raw query string without the leading '?', possibly empty. */
  readonly query: string;
  /** Header names lower-case. */
  readonly headers: Readonly<Record<string, string | undefined>>;
  readonly body: Uint8Array;
}

/** Keys to sign with. */
export interface SigningCredentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken?: string;
}

/** Why a signature was not accepted, in AWS's own terms (the caller maps these to each protocol's error). */
export interface SigV4Failure {
  readonly reason: 'missing' | 'malformed' | 'unknown-key' | 'mismatch' | 'expired';
  readonly message: string;
  /** The key the request claimed, when it named one. */
  readonly accessKeyId?: string;
}

/** What a verified signature establishes about the caller and the call. */
export interface VerifiedSignature {
  readonly scope: CredentialScope;
  readonly signedHeaders: readonly string[];
  readonly presigned: boolean;
  /** SHA-256 of the body in hex, which whoever signs the call again can reuse. */
  readonly payloadHash: string;
}

/** How far a request's x-amz-date may be from our clock, as AWS allows. */
export const MAX_CLOCK_SKEW_MS = 15 * 60 * 1000;

const ALGORITHM = 'AWS4-HMAC-SHA256';
const EMPTY_SHA256 = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';
const AUTHORIZATION_PATTERN =
  /^AWS4-HMAC-SHA256\s+Credential=([^/,\s]+)\/(\d{8})\/([^/,\s]+)\/([^/,\s]+)\/aws4_request\s*,\s*SignedHeaders=([^,\s]+)\s*,\s*Signature=([0-9a-f]{64})\s*$/;
const DATE_PATTERN = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/;
const MISMATCH =
  'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.';

interface ClaimedSignature {
  readonly scope: CredentialScope;
  readonly amzDate: string;
  readonly signedHeaders: string[];
  readonly signature: string;
  readonly presigned: boolean;
  /** Seconds a presigned URL stays valid. */
  readonly expires: number | undefined;
}

/**
 * Checks a request's SigV4 signature against the secret of the key it claims. `secretOf` answers
 * undefined for a key nobody issued. Time comes from `now` (milliseconds) so tests can move it.
 */
export function verifySigV4(
  request: SignableRequest,
  secretOf: (accessKeyId: string) => string | undefined,
  now: number,
): Result<VerifiedSignature, SigV4Failure> {
  const claimed = readClaim(request);
  if (!claimed.success) return claimed;
  const claim = claimed.value;
  const secret = secretOf(claim.scope.accessKeyId);
  if (secret === undefined) {
    return fail({ reason: 'unknown-key', accessKeyId: claim.scope.accessKeyId, message: 'The security token included in the request is invalid.' });
  }
  const timing = checkTime(claim, now);
  if (timing) return fail({ ...timing, accessKeyId: claim.scope.accessKeyId });
  const payloadHash = request.body.length === 0 ? EMPTY_SHA256 : sha256Hex(request.body);
  const claimedHash = request.headers['x-amz-content-sha256'];
  if (claimedHash !== undefined && claimedHash !== payloadHash) {
    // The header is signed, the body is not: a header that disagrees with the body would let a captured
    // request carry another body. UNSIGNED-PAYLOAD is S3's and leaves the body unchecked, so it fails too.
    return fail({ reason: 'mismatch', accessKeyId: claim.scope.accessKeyId, message: 'The provided x-amz-content-sha256 header does not match what was computed.' });
  }
  const canonical = canonicalRequest(request, claim.signedHeaders, payloadHash, claim.presigned);
  const expected = signatureOf(canonical, claim.amzDate, claim.scope, secret);
  const given = Buffer.from(claim.signature, 'utf8');
  if (!timingSafeEqual(Buffer.from(expected, 'utf8'), given)) {
    return fail({ reason: 'mismatch', accessKeyId: claim.scope.accessKeyId, message: MISMATCH });
  }
  return ok({ scope: claim.scope, signedHeaders: claim.signedHeaders, presigned: claim.presigned, payloadHash });
}

/**
 * Signs a request with header authentication and returns the headers to add (authorization,
 * x-amz-date, and x-amz-security-token for temporary keys). Signs host, content-type and every x-amz-*
 * header the request carries, and the body's hash.
 */
export function signSigV4(
  request: SignableRequest,
  credentials: SigningCredentials,
  scope: { readonly region: string; readonly service: string },
  now: number,
): Record<string, string> {
  const amzDate = formatAmzDate(now);
  const added: Record<string, string> = { 'x-amz-date': amzDate };
  if (credentials.sessionToken) added['x-amz-security-token'] = credentials.sessionToken;
  const headers = { ...request.headers, ...added };
  const signedHeaders = Object.keys(headers)
    .filter((name) => headers[name] !== undefined && (name === 'host' || name === 'content-type' || name.startsWith('x-amz-')))
    .sort();
  const payloadHash = headers['x-amz-content-sha256'] ?? sha256Hex(request.body);
  const fullScope: CredentialScope = { accessKeyId: credentials.accessKeyId, date: amzDate.slice(0, 8), region: scope.region, service: scope.service };
  const canonical = canonicalRequest({ ...request, headers }, signedHeaders, payloadHash, false);
  const signature = signatureOf(canonical, amzDate, fullScope, credentials.secretAccessKey);
  added['authorization'] =
    `${ALGORITHM} Credential=${credentials.accessKeyId}/${fullScope.date}/${scope.region}/${scope.service}/aws4_request, ` +
    `SignedHeaders=${signedHeaders.join(';')}, Signature=${signature}`;
  return added;
}

let lastSecond = Number.NaN;
let lastFormatted = '';

/** `20240102T030405Z` for a time in milliseconds (remembered per second: every forwarded call needs one). */
export function formatAmzDate(time: number): string {
  const second = Math.floor(time / 1000);
  if (second !== lastSecond) {
    lastFormatted = new Date(second * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z').replace(/[-:]/g, '');
    lastSecond = second;
  }
  return lastFormatted;
}

function readClaim(request: SignableRequest): Result<ClaimedSignature, SigV4Failure> {
  const authorization = request.headers['authorization'];
  if (authorization !== undefined) return readHeaderClaim(request, authorization);
  if (request.query.includes('X-Amz-Signature=')) return readPresignedClaim(request);
  return fail({ reason: 'missing', message: 'Request is missing Authentication Token' });
}

function readHeaderClaim(request: SignableRequest, authorization: string): Result<ClaimedSignature, SigV4Failure> {
  const match = AUTHORIZATION_PATTERN.exec(authorization);
  if (!match) {
    const named = /Credential=([^/,\s]+)/.exec(authorization)?.[1];
    return fail({ reason: 'malformed', ...(named ? { accessKeyId: named } : {}), message: `Authorization header requires 'Credential', 'SignedHeaders' and 'Signature' parameters with the ${ALGORITHM} algorithm.` });
  }
  const scope: CredentialScope = { accessKeyId: match[1]!, date: match[2]!, region: match[3]!, service: match[4]! };
  const amzDate = request.headers['x-amz-date'];
  if (amzDate === undefined || !DATE_PATTERN.test(amzDate)) {
    return fail({ reason: 'malformed', accessKeyId: scope.accessKeyId, message: "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header." });
  }
  const signedHeaders = match[5]!.split(';');
  if (!signedHeaders.includes('host')) {
    return fail({ reason: 'malformed', accessKeyId: scope.accessKeyId, message: "'Host' must be a 'SignedHeader' in the AWS Authorization." });
  }
  return ok({ scope, amzDate, signedHeaders, signature: match[6]!, presigned: false, expires: undefined });
}

function readPresignedClaim(request: SignableRequest): Result<ClaimedSignature, SigV4Failure> {
  const params = new URLSearchParams(request.query);
  const credential = params.get('X-Amz-Credential') ?? '';
  const parts = credential.split('/');
  const amzDate = params.get('X-Amz-Date') ?? '';
  const signature = params.get('X-Amz-Signature') ?? '';
  const expires = Number(params.get('X-Amz-Expires') ?? '');
  const signedHeaders = (params.get('X-Amz-SignedHeaders') ?? '').split(';');
  if (
    params.get('X-Amz-Algorithm') !== ALGORITHM || parts.length !== 5 || parts[4] !== 'aws4_request' || !DATE_PATTERN.test(amzDate) ||
    !/^[0-9a-f]{64}$/.test(signature) || !Number.isInteger(expires) || expires <= 0 || !signedHeaders.includes('host')
  ) {
    return fail({
      reason: 'malformed',
      message: 'A presigned request needs X-Amz-Algorithm=AWS4-HMAC-SHA256, X-Amz-Credential, X-Amz-Date, X-Amz-Expires, X-Amz-SignedHeaders (with host) and X-Amz-Signature.',
    });
  }
  const scope: CredentialScope = { accessKeyId: parts[0]!, date: parts[1]!, region: parts[2]!, service: parts[3]! };
  return ok({ scope, amzDate, signedHeaders, signature, presigned: true, expires });
}

function checkTime(claim: ClaimedSignature, now: number): Omit<SigV4Failure, 'accessKeyId'> | undefined {
  const signedAt = parseAmzDate(claim.amzDate);
  if (claim.scope.date !== claim.amzDate.slice(0, 8)) {
    return { reason: 'mismatch', message: `Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '${claim.scope.date}' != '${claim.amzDate.slice(0, 8)}'` };
  }
  if (claim.presigned) {
    if (now > signedAt + claim.expires! * 1000) return { reason: 'expired', message: `Request has expired: it was valid until ${formatAmzDate(signedAt + claim.expires! * 1000)}.` };
    if (signedAt - now > MAX_CLOCK_SKEW_MS) return { reason: 'expired', message: `Request is not yet valid: it was signed for ${claim.amzDate}.` };
    return undefined;
  }
  if (Math.abs(now - signedAt) > MAX_CLOCK_SKEW_MS) {
    const early = formatAmzDate(now - MAX_CLOCK_SKEW_MS);
    const late = formatAmzDate(now + MAX_CLOCK_SKEW_MS);
    const message = signedAt < now
      ? `Signature expired: ${claim.amzDate} is now earlier than ${early} (${formatAmzDate(now)} - 15 min.)`
      : `Signature not yet current: ${claim.amzDate} is still later than ${late} (${formatAmzDate(now)} + 15 min.)`;
    return { reason: 'expired', message };
  }
  return undefined;
}

function parseAmzDate(text: string): number {
  const match = DATE_PATTERN.exec(text)!;
  return Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]), Number(match[4]), Number(match[5]), Number(match[6]));
}

/** The canonical request of the SigV4 specification, over exactly the headers named as signed. */
function canonicalRequest(request: SignableRequest, signedHeaders: readonly string[], payloadHash: string, presigned: boolean): string {
  let headerLines = '';
  for (const name of signedHeaders) headerLines += `${name}:${canonicalHeaderValue(request.headers[name])}\n`;
  return `${request.method}\n${canonicalPath(request.path)}\n${canonicalQuery(request.query, presigned)}\n${headerLines}\n${signedHeaders.join(';')}\n${payloadHash}`;
}

function canonicalHeaderValue(value: string | undefined): string {
  if (value === undefined) return '';
  return value.replace(/[\r\n]/g, ' ').replace(/[ \t]+/g, ' ').trim();
}

/** Non-S3 services sign the normalized path encoded once more (the SDK and botocore agree). */
function canonicalPath(path: string): string {
  if (path === '/' || path === '') return '/';
  const segments: string[] = [];
  for (const segment of path.split('/')) {
    if (segment === '' || segment === '.') continue;
    if (segment === '..') segments.pop();
    else segments.push(segment);
  }
  const trailing = segments.length > 0 && path.endsWith('/') ? '/' : '';
  return `/${segments.map(escapeUri).join('/')}${trailing}`;
}

/** Sorted by encoded name, then encoded value; the presigned signature itself is left out. */
function canonicalQuery(query: string, presigned: boolean): string {
  if (query === '') return '';
  const pairs: string[] = [];
  for (const part of query.split('&')) {
    if (part === '') continue;
    const equals = part.indexOf('=');
    const name = decodeComponent(equals < 0 ? part : part.slice(0, equals));
    if (presigned && name === 'X-Amz-Signature') continue;
    const value = equals < 0 ? '' : decodeComponent(part.slice(equals + 1));
    pairs.push(`${escapeUri(name)}=${escapeUri(value)}`);
  }
  // Sorting whole `name=value` strings orders by name first: '=' sorts below every encoded name character.
  return pairs.sort(compareCodeUnits).join('&');
}

function compareCodeUnits(left: string, right: string): number {
  return left < right ? -1 : left > right ? 1 : 0;
}

function decodeComponent(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/** RFC 3986 encoding as SigV4 wants it: everything but unreserved characters. */
function escapeUri(text: string): string {
  return encodeURIComponent(text).replace(/[!'()*]/g, (character) => `%${character.charCodeAt(0).toString(16).toUpperCase()}`);
}

function signatureOf(canonical: string, amzDate: string, scope: CredentialScope, secret: string): string {
  const scopeText = `${scope.date}/${scope.region}/${scope.service}/aws4_request`;
  const stringToSign = `${ALGORITHM}\n${amzDate}\n${scopeText}\n${sha256Hex(canonical)}`;
  return createHmac('sha256', signingKey(secret, scope)).update(stringToSign, 'utf8').digest('hex');
}

const signingKeys = new Map<string, Buffer>();
const SIGNING_KEY_CACHE_SIZE = 256;

/** The derived key changes once a day per key, region and service: derive it once, not per call. */
function signingKey(secret: string, scope: CredentialScope): Buffer {
  const cacheKey = `${scope.date}/${scope.region}/${scope.service}/${secret}`;
  const cached = signingKeys.get(cacheKey);
  if (cached) return cached;
  let key: Buffer = createHmac('sha256', `AWS4${secret}`).update(scope.date).digest();
  key = createHmac('sha256', key).update(scope.region).digest();
  key = createHmac('sha256', key).update(scope.service).digest();
  key = createHmac('sha256', key).update('aws4_request').digest();
  if (signingKeys.size >= SIGNING_KEY_CACHE_SIZE) signingKeys.delete(signingKeys.keys().next().value!);
  signingKeys.set(cacheKey, key);
  return key;
}

function sha256Hex(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}
