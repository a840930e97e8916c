import { createHash, createPublicKey, generateKeyPairSync, randomBytes, type KeyObject } from 'node:crypto';
import { ec2Errors } from '../errors.js';

/** The key types EC2 hands out and imports. */
export type KeyType = 'rsa' | 'ed25519';

/** What EC2 keeps of a key pair, and (on creation only) the private key it hands back once. */
export interface KeyMaterial {
  readonly keyType: KeyType;
  /** `ssh-rsa AAAA… name` or `ssh-ed25519 AAAA… name`. */
  readonly publicKey: string;
  readonly fingerprint: string;
  readonly privateKey?: string;
}

/**
 * Generates a real key pair and fingerprints it as EC2 does: for RSA, the SHA-1 of the DER (PKCS#8)
 * private key in colon-separated hex, with a PKCS#1 PEM private key; for ED25519, the base64 SHA-256
 * of the public key blob, with an OpenSSH private key (what `ssh -i` and `ssh-keygen -y` read).
 */
export function generateKeyMaterial(keyType: KeyType, keyName: string): KeyMaterial {
  if (keyType === 'rsa') {
    const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    return {
      keyType,
      publicKey: `ssh-rsa ${rsaBlob(publicKey).toString('base64')} ${keyName}`,
      fingerprint: colonHex(createHash('sha1').update(privateKey.export({ type: 'pkcs8', format: 'der' })).digest()),
      privateKey: privateKey.export({ type: 'pkcs1', format: 'pem' }).toString(),
    };
  }
  const { privateKey } = generateKeyPairSync('ed25519');
  const jwk = privateKey.export({ format: 'jwk' });
  const seed = Buffer.from(jwk.d!, 'base64url');
  const raw = Buffer.from(jwk.x!, 'base64url');
  const blob = sshBlob('ssh-ed25519', raw);
  return {
    keyType,
    publicKey: `ssh-ed25519 ${blob.toString('base64')} ${keyName}`,
    fingerprint: createHash('sha256').update(blob).digest('base64'),
    privateKey: openSshPrivateKey(blob, raw, seed, keyName),
  };
}

/**
 * Reads public key material as ImportKeyPair accepts it (an OpenSSH line, RFC 4716 block, or base64
 * DER) and fingerprints it as EC2 does for imported keys: MD5 of the DER public key for RSA, base64
 * SHA-256 of the key blob for ED25519. Anything else fails with InvalidKey.Format.
 */
export function importKeyMaterial(material: Uint8Array | string, keyName: string): KeyMaterial {
  const text = (typeof material === 'string' ? material : Buffer.from(material).toString('utf8')).trim();
  const blob = blobFrom(text);
  const [type, ...fields] = readStrings(blob);
  if (type === 'ssh-rsa') {
    const [e, n] = fields;
    if (!e || !n) throw ec2Errors.keyFormat('the ssh-rsa key is truncated');
    const key = createPublicKey({ key: { kty: 'RSA', e: unsigned(e).toString('base64url'), n: unsigned(n).toString('base64url') }, format: 'jwk' });
    const bits = unsigned(n).length * 8;
    if (bits < 1024 || bits > 16384) throw ec2Errors.keyFormat(`RSA keys must be 1024 to 16384 bits long, this one has ${bits}`);
    return {
      keyType: 'rsa',
      publicKey: `ssh-rsa ${blob.toString('base64')} ${keyName}`,
      fingerprint: colonHex(createHash('md5').update(key.export({ type: 'spki', format: 'der' })).digest()),
    };
  }
  if (type === 'ssh-ed25519') {
    if (fields[0]?.length !== 32) throw ec2Errors.keyFormat('the ssh-ed25519 key is not 32 bytes long');
    return { keyType: 'ed25519', publicKey: `ssh-ed25519 ${blob.toString('base64')} ${keyName}`, fingerprint: createHash('sha256').update(blob).digest('base64') };
  }
  throw ec2Errors.keyFormat(`key type '${type ?? 'unknown'}' is not supported; EC2 imports ssh-rsa and ssh-ed25519 keys`);
}

/** The SSH wire blob of a public key given in any of the accepted text forms. */
function blobFrom(text: string): Buffer {
  const line = /^(ssh-[a-z0-9-]+|ecdsa-[a-z0-9-]+)\s+([A-Za-z0-9+/=]+)(\s.*)?$/.exec(text);
  if (line) return decodeBase64(line[2]!);
  if (text.startsWith('---- BEGIN SSH2 PUBLIC KEY ----')) {
    const body = text.split(/\r?\n/).slice(1).filter((row) => !row.startsWith('----') && !/^[A-Za-z-]+:/.test(row)).join('');
    return decodeBase64(body);
  }
  if (/^[A-Za-z0-9+/=\s]+$/.test(text)) {
    // Base64 DER (SubjectPublicKeyInfo), as `openssl rsa -pubout -outform DER | base64` makes.
    let key: KeyObject;
    try {
      key = createPublicKey({ key: decodeBase64(text.replace(/\s+/g, '')), format: 'der', type: 'spki' });
    } catch {
      throw ec2Errors.keyFormat('expected "ssh-rsa AAAA…", "ssh-ed25519 AAAA…", an RFC 4716 block or base64 DER');
    }
    if (key.asymmetricKeyType === 'rsa') return rsaBlob(key);
    if (key.asymmetricKeyType === 'ed25519') return sshBlob('ssh-ed25519', Buffer.from(key.export({ format: 'jwk' }).x!, 'base64url'));
    throw ec2Errors.keyFormat(`key type '${key.asymmetricKeyType ?? 'unknown'}' is not supported; EC2 imports RSA and ED25519 keys`);
  }
  throw ec2Errors.keyFormat('expected "ssh-rsa AAAA…", "ssh-ed25519 AAAA…", an RFC 4716 block or base64 DER');
}

function decodeBase64(text: string): Buffer {
  const buffer = Buffer.from(text, 'base64');
  if (buffer.length === 0) throw ec2Errors.keyFormat('the key body is empty or not base64');
  return buffer;
}

/** Splits an SSH wire blob into its length-prefixed fields. */
function readStrings(blob: Buffer): [string | undefined, ...Buffer[]] {
  const fields: Buffer[] = [];
  let offset = 0;
  while (offset < blob.length) {
    if (offset + 4 > blob.length) throw ec2Errors.keyFormat('the key blob is truncated');
    const length = blob.readUInt32BE(offset);
    if (offset + 4 + length > blob.length) throw ec2Errors.keyFormat('the key blob is truncated');
    fields.push(blob.subarray(offset + 4, offset + 4 + length));
    offset += 4 + length;
  }
  const [type, ...rest] = fields;
  return [type?.toString('latin1'), ...rest];
}

function sshString(data: Buffer | string): Buffer {
  const body = typeof data === 'string' ? Buffer.from(data) : data;
  const length = Buffer.alloc(4);
  length.writeUInt32BE(body.length);
  return Buffer.concat([length, body]);
}

function sshBlob(type: string, ...fields: Buffer[]): Buffer {
  return Buffer.concat([sshString(type), ...fields.map(sshString)]);
}

/** An SSH mpint: big-endian, with a leading zero when the top bit is set. */
function mpint(value: Buffer): Buffer {
  const trimmed = unsigned(value);
  return trimmed[0]! & 0x80 ? Buffer.concat([Buffer.from([0]), trimmed]) : trimmed;
}

function unsigned(value: Buffer): Buffer {
  let start = 0;
  while (start < value.length - 1 && value[start] === 0) start++;
  return value.subarray(start);
}

function rsaBlob(key: KeyObject): Buffer {
  const jwk = key.export({ format: 'jwk' });
  return sshBlob('ssh-rsa', mpint(Buffer.from(jwk.e!, 'base64url')), mpint(Buffer.from(jwk.n!, 'base64url')));
}

function colonHex(digest: Buffer): string {
  return digest.toString('hex').match(/../g)!.join(':');
}

/** The unencrypted `openssh-key-v1` format that OpenSSH writes for ED25519 keys. */
function openSshPrivateKey(publicBlob: Buffer, raw: Buffer, seed: Buffer, comment: string): string {
  const check = randomBytes(4);
  let secret = Buffer.concat([check, check, sshString('ssh-ed25519'), sshString(raw), sshString(Buffer.concat([seed, raw])), sshString(comment)]);
  const padding: number[] = [];
  for (let index = 1; (secret.length + padding.length) % 8 !== 0; index++) padding.push(index);
  secret = Buffer.concat([secret, Buffer.from(padding)]);
  const count = Buffer.alloc(4);
  count.writeUInt32BE(1);
  const body = Buffer.concat([
    Buffer.from('openssh-key-v1\0', 'latin1'), sshString('none'), sshString('none'), sshString(''), count, sshString(publicBlob), sshString(secret),
  ]);
  const lines = body.toString('base64').match(/.{1,70}/g)!;
  return `-----BEGIN OPENSSH PRIVATE KEY-----\n${lines.join('\n')}\n-----END OPENSSH PRIVATE KEY-----\n`;
}
