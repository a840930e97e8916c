import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { codeOf } from './network-testing.js';
import { spawnSync } from 'node:child_process';
import { createHash, createPrivateKey, generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateKeyMaterial, importKeyMaterial } from './key-material.js';

const hasSshKeygen = spawnSync('ssh-keygen', ['-?'], { encoding: 'utf8' }).error === undefined;

/** Runs ssh-keygen on a file holding `content`; returns its stdout. */
function sshKeygen(args: string[], content: string): string {
  const directory = mkdtempSync(join(tmpdir(), 'cirro-key-'));
  try {
    const file = join(directory, 'key');
    writeFileSync(file, content, { mode: 0o600 });
    const result = spawnSync('ssh-keygen', [...args, file], { encoding: 'utf8' });
    assert.equal(result.status, 0, result.stderr);
    return result.stdout.trim();
  } finally {
    rmSync(directory, { recursive: true, force: true });
  }
}

/** SSH wire encoding, written here independently of the code under test. */
function sshBlob(type: string, ...fields: Buffer[]): Buffer {
  const field = (data: Buffer) => {
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    return Buffer.concat([length, data]);
  };
  return Buffer.concat([field(Buffer.from(type)), ...fields.map(field)]);
}

function mpint(base64url: string): Buffer {
  const value = Buffer.from(base64url, 'base64url');
  return value[0]! & 0x80 ? Buffer.concat([Buffer.from([0]), value]) : value;
}

describe('key material', () => {
  it('creates an RSA key whose fingerprint is the SHA-1 of its DER private key, as EC2 computes it', () => {
    const material = generateKeyMaterial('rsa', 'deploy');
    assert.match(material.privateKey!, /^-----BEGIN RSA PRIVATE KEY-----\n/);
    const key = createPrivateKey(material.privateKey!);
    assert.equal(key.asymmetricKeyDetails?.modulusLength, 2048);
    const expected = createHash('sha1').update(key.export({ type: 'pkcs8', format: 'der' })).digest('hex').match(/../g)!.join(':');
    assert.equal(material.fingerprint, expected);
    assert.match(material.publicKey, /^ssh-rsa AAAAB3NzaC1yc2E\S+ deploy$/);
  });

  it('creates an ED25519 key in OpenSSH format that ssh-keygen reads back to the same public key', (context) => {
    const material = generateKeyMaterial('ed25519', 'edge');
    assert.match(material.privateKey!, /^-----BEGIN OPENSSH PRIVATE KEY-----\n/);
    const blob = Buffer.from(material.publicKey.split(' ')[1]!, 'base64');
    assert.equal(material.fingerprint, createHash('sha256').update(blob).digest('base64'));
    if (!hasSshKeygen) return context.skip('ssh-keygen not installed');
    const derived = sshKeygen(['-y', '-f'], material.privateKey!);
    assert.equal(derived.split(' ').slice(0, 2).join(' '), material.publicKey.split(' ').slice(0, 2).join(' '));
    const listed = sshKeygen(['-l', '-E', 'sha256', '-f'], material.privateKey!);
    assert.ok(listed.includes(`SHA256:${material.fingerprint.replace(/=+$/, '')}`), listed);
  });

  it('imports an OpenSSH RSA public key with the MD5 of its DER public key as fingerprint', () => {
    const { publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const jwk = publicKey.export({ format: 'jwk' });
    const line = `ssh-rsa ${sshBlob('ssh-rsa', mpint(jwk.e!), mpint(jwk.n!)).toString('base64')}`;
    const imported = importKeyMaterial(Buffer.from(`${line} laptop\n`), 'laptop');
    const expected = createHash('md5').update(publicKey.export({ type: 'spki', format: 'der' })).digest('hex').match(/../g)!.join(':');
    assert.equal(imported.keyType, 'rsa');
    assert.equal(imported.fingerprint, expected);
    assert.equal(imported.publicKey, `${line} laptop`);
    const der = publicKey.export({ type: 'spki', format: 'der' }).toString('base64');
    assert.equal(importKeyMaterial(der, 'laptop').fingerprint, expected, 'base64 DER reads the same');
  });

  it('imports an ED25519 key in OpenSSH and RFC 4716 form to the same fingerprint', () => {
    const created = generateKeyMaterial('ed25519', 'edge');
    const body = created.publicKey.split(' ')[1]!;
    const rfc4716 = ['---- BEGIN SSH2 PUBLIC KEY ----', 'Comment: "256-bit ED25519, edge"', ...body.match(/.{1,70}/g)!, '---- END SSH2 PUBLIC KEY ----'].join('\n');
    assert.equal(importKeyMaterial(created.publicKey, 'edge').fingerprint, created.fingerprint);
    assert.equal(importKeyMaterial(rfc4716, 'edge').fingerprint, created.fingerprint);
  });

  it('rejects material that is not a supported public key with InvalidKey.Format', () => {
    assert.equal(codeOf(() => importKeyMaterial('hello world', 'x')), 'InvalidKey.Format');
    assert.equal(codeOf(() => importKeyMaterial('ssh-rsa AAAA', 'x')), 'InvalidKey.Format');
    const { publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const der = publicKey.export({ type: 'spki', format: 'der' }).toString('base64');
    assert.equal(codeOf(() => importKeyMaterial(der, 'x')), 'InvalidKey.Format');
    const dss = `ssh-dss ${Buffer.concat([Buffer.from([0, 0, 0, 7]), Buffer.from('ssh-dss')]).toString('base64')}`;
    assert.equal(codeOf(() => importKeyMaterial(dss, 'x')), 'InvalidKey.Format');
  });
});
