import type {
  CreateKeyPairRequest, DeleteKeyPairRequest, DeleteKeyPairResult, DescribeKeyPairsRequest, DescribeKeyPairsResult,
  ImportKeyPairRequest, ImportKeyPairResult, KeyPair, KeyPairInfo,
} from '@aws-sdk/client-ec2';
import { handler, type ServiceContext } from '../../../service.js';
import { ec2Errors } from '../errors.js';
import { applyFilters, type FilterSpec } from '../filters.js';
import type { KeyPairRecord } from '../records/network.js';
import type { Ec2Store } from '../store.js';
import { apiTags, tagsFor } from '../tags.js';
import { generateKeyMaterial, importKeyMaterial, type KeyMaterial } from './key-material.js';

/** The key pair with this name, if any (names are unique in a region). */
export function keyPairNamed(store: Ec2Store, name: string): KeyPairRecord | undefined {
  const [id] = store.keyPairs.lookup('key-name', name);
  return id ? store.keyPairs.get(id) : undefined;
}

/** A key pair as DescribeKeyPairs returns it. */
export function apiKeyPair(pair: KeyPairRecord, includePublicKey: boolean): KeyPairInfo {
  return {
    KeyPairId: pair.id,
    KeyFingerprint: pair.fingerprint,
    KeyName: pair.keyName,
    KeyType: pair.keyType,
    Tags: apiTags(pair.tags),
    PublicKey: includePublicKey ? pair.publicKey : undefined,
    CreateTime: new Date(pair.createdAt),
  };
}

function checkKeyName(name: string): void {
  if (name.length === 0 || name.length > 255 || !/^[\x20-\x7e]+$/.test(name)) {
    throw ec2Errors.invalidParameterValue(`Value (${name}) for parameter keyName is invalid. Key names are 1 to 255 printable ASCII characters.`);
  }
}

function storeKeyPair(context: ServiceContext, name: string, material: KeyMaterial, tags: Record<string, string>): KeyPairRecord {
  const ec2 = store(context);
  checkKeyName(name);
  if (keyPairNamed(ec2, name)) throw ec2Errors.keyPairDuplicate(name);
  return ec2.keyPairs.put({
    id: context.ids.resource('key'),
    keyName: name,
    keyType: material.keyType,
    fingerprint: material.fingerprint,
    publicKey: material.publicKey,
    tags,
    createdAt: context.now,
  });
}

const keyFilters: FilterSpec<KeyPairRecord> = {
  accessors: {
    'key-name': (pair) => pair.keyName,
    'key-pair-id': (pair) => pair.id,
    'fingerprint': (pair) => pair.fingerprint,
    'key-type': (pair) => pair.keyType,
  },
  indexed: ['key-name'],
};

function store(context: ServiceContext): Ec2Store {
  return context.store<Ec2Store>('ec2');
}

/** Key pair operations. */
export const keyPairOperations = {
  CreateKeyPair: handler<CreateKeyPairRequest, KeyPair>((context, input) => {
    const keyType = input.KeyType ?? 'rsa';
    if (keyType !== 'rsa' && keyType !== 'ed25519') {
      throw ec2Errors.invalidParameterValue(`Value (${String(keyType)}) for parameter keyType is invalid. Valid values are rsa and ed25519.`);
    }
    if (input.KeyFormat !== undefined && input.KeyFormat !== 'pem') {
      throw ec2Errors.unsupportedOperation(`The gym hands out private keys in pem format only, not ${input.KeyFormat}; omit KeyFormat or pass pem.`);
    }
    const name = input.KeyName!;
    // Check the name before spending a key generation on it.
    checkKeyName(name);
    if (keyPairNamed(store(context), name)) throw ec2Errors.keyPairDuplicate(name);
    const material = generateKeyMaterial(keyType, name);
    const pair = storeKeyPair(context, name, material, tagsFor(input.TagSpecifications, 'key-pair'));
    return { KeyPairId: pair.id, KeyName: pair.keyName, KeyFingerprint: pair.fingerprint, KeyMaterial: material.privateKey, Tags: apiTags(pair.tags) };
  }),

  ImportKeyPair: handler<ImportKeyPairRequest, ImportKeyPairResult>((context, input) => {
    const name = input.KeyName!;
    const material = importKeyMaterial(input.PublicKeyMaterial!, name);
    const pair = storeKeyPair(context, name, material, tagsFor(input.TagSpecifications, 'key-pair'));
    return { KeyPairId: pair.id, KeyName: pair.keyName, KeyFingerprint: pair.fingerprint, Tags: apiTags(pair.tags) };
  }),

  DescribeKeyPairs: handler<DescribeKeyPairsRequest, DescribeKeyPairsResult>((context, input) => {
    const ec2 = store(context);
    const ids: string[] = [];
    for (const name of input.KeyNames ?? []) {
      const pair = keyPairNamed(ec2, name);
      if (!pair) throw ec2Errors.keyPairNotFound(name);
      ids.push(pair.id);
    }
    for (const id of input.KeyPairIds ?? []) {
      if (!ec2.keyPairs.has(id)) throw ec2Errors.keyPairIdNotFound(id);
      ids.push(id);
    }
    const found = applyFilters(ec2.keyPairs, input.Filters, keyFilters, ids);
    return { KeyPairs: found.map((pair) => apiKeyPair(pair, input.IncludePublicKey === true)) };
  }),

  DeleteKeyPair: handler<DeleteKeyPairRequest, DeleteKeyPairResult>((context, input) => {
    const ec2 = store(context);
    if (input.KeyPairId !== undefined) {
      if (!ec2.keyPairs.has(input.KeyPairId)) throw ec2Errors.keyPairIdNotFound(input.KeyPairId);
      ec2.keyPairs.delete(input.KeyPairId);
      return { Return: true, KeyPairId: input.KeyPairId };
    }
    if (input.KeyName === undefined) throw ec2Errors.missingParameter('KeyName');
    // Deleting a name that does not exist succeeds, as in AWS: the call is idempotent.
    const pair = keyPairNamed(ec2, input.KeyName);
    if (pair) ec2.keyPairs.delete(pair.id);
    return { Return: true, KeyPairId: pair?.id };
  }),
};
