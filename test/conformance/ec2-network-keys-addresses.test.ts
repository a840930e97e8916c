import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, createPrivateKey, generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { isIPv4 } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  AllocateAddressCommand, AssociateAddressCommand, CreateKeyPairCommand, CreateSubnetCommand, CreateVpcCommand, DeleteKeyPairCommand,
  DeleteSubnetCommand, DescribeAddressesCommand, DescribeImagesCommand, DescribeInstancesCommand, DescribeKeyPairsCommand,
  DisassociateAddressCommand, EC2Client, ImportKeyPairCommand, ReleaseAddressCommand, RunInstancesCommand, TerminateInstancesCommand,
} from '@aws-sdk/client-ec2';
import type { Gym } from '../../src/gym/gym.js';
import { admin, startTestGym, TEST_CREDENTIALS } from '../support/gym.js';
import { AWS_CLI_INSTALL, awsCli, awsJson, cliErrorCode, findAwsCli } from '../support/aws-cli.js';
import { BOTO3_INSTALL, boto3, boto3Available } from '../support/boto3.js';
import { sdkClients, sdkError } from '../support/sdk.js';
import { requireTool } from '../support/external-tool.js';

/** A launched instance, the few fields these tests read. */
interface Launched {
  readonly id: string;
  readonly privateIpAddress: string;
  readonly networkInterfaceId: string;
}

/** Runs one t3.micro from the newest Amazon Linux 2023 image; the gym's clock is frozen, so it stays pending. */
async function launch(ec2: EC2Client, subnetId?: string): Promise<Launched> {
  const images = await ec2.send(new DescribeImagesCommand({ Owners: ['amazon'], Filters: [{ Name: 'name', Values: ['al2023-ami-2023.*-x86_64'] }] }));
  const image = images.Images!.sort((a, b) => b.CreationDate!.localeCompare(a.CreationDate!))[0]!;
  const [instance] = (await ec2.send(new RunInstancesCommand({ ImageId: image.ImageId, InstanceType: 't3.micro', MinCount: 1, MaxCount: 1, SubnetId: subnetId }))).Instances!;
  return { id: instance!.InstanceId!, privateIpAddress: instance!.PrivateIpAddress!, networkInterfaceId: instance!.NetworkInterfaces![0]!.NetworkInterfaceId! };
}

async function publicIpOf(ec2: EC2Client, instanceId: string): Promise<string | undefined> {
  const result = await ec2.send(new DescribeInstancesCommand({ InstanceIds: [instanceId] }));
  return result.Reservations![0]!.Instances![0]!.PublicIpAddress;
}

/** An OpenSSH public key line for an ED25519 key, and its EC2 fingerprint, built independently of the gym. */
function ed25519Line(comment: string): { line: string; fingerprint: string } {
  const raw = Buffer.from(generateKeyPairSync('ed25519').publicKey.export({ format: 'jwk' }).x!, 'base64url');
  const field = (data: Buffer) => Buffer.concat([Buffer.from([0, 0, 0, data.length]), data]);
  const blob = Buffer.concat([field(Buffer.from('ssh-ed25519')), field(raw)]);
  return { line: `ssh-ed25519 ${blob.toString('base64')} ${comment}`, fingerprint: createHash('sha256').update(blob).digest('base64') };
}

function isPublicUnicast(ip: string): boolean {
  const [a, b] = ip.split('.').map(Number) as [number, number];
  return isIPv4(ip) && a !== 10 && a !== 127 && a < 224 && !(a === 172 && b >= 16 && b < 32) && !(a === 192 && b === 168) && !(a === 100 && b >= 64 && b < 128);
}

describe('key pairs and Elastic IPs, through the three real clients', () => {
  let gym: Gym;
  let directory: string;
  const advance = (seconds: number) => admin(gym, 'POST', '/_gym/clock', { advanceSeconds: seconds });
  before(async () => {
    gym = await startTestGym();
    await admin(gym, 'POST', '/_gym/clock', { freeze: true });
    directory = mkdtempSync(join(tmpdir(), 'cirro-keys-'));
  });
  after(async () => {
    await gym.stop();
    rmSync(directory, { recursive: true, force: true });
  });

  it('creates a key pair whose material is a parsable private key with the fingerprint AWS would give (AWS CLI)', async (context) => {
    if (!requireTool(context, !!findAwsCli(), 'AWS CLI v2', AWS_CLI_INSTALL)) return;
    const created = await awsJson(gym.endpoint, ['ec2', 'create-key-pair', '--key-name', 'deployer']);
    assert.match(created.KeyPairId, /^key-[0-9a-f]{17}$/);
    const key = createPrivateKey(created.KeyMaterial);
    assert.equal(key.asymmetricKeyType, 'rsa');
    const sha1 = createHash('sha1').update(key.export({ type: 'pkcs8', format: 'der' })).digest('hex').match(/../g)!.join(':');
    assert.equal(created.KeyFingerprint, sha1);
    const duplicate = await awsCli(gym.endpoint, ['ec2', 'create-key-pair', '--key-name', 'deployer']);
    assert.equal(cliErrorCode(duplicate), 'InvalidKeyPair.Duplicate');
    await awsJson(gym.endpoint, ['ec2', 'delete-key-pair', '--key-name', 'deployer']);
    const again = await awsCli(gym.endpoint, ['ec2', 'delete-key-pair', '--key-name', 'deployer']);
    assert.equal(again.status, 0, 'deleting a missing key pair by name succeeds, as in AWS');
    const missing = await awsCli(gym.endpoint, ['ec2', 'describe-key-pairs', '--key-names', 'deployer']);
    assert.equal(cliErrorCode(missing), 'InvalidKeyPair.NotFound');
  });

  it('imports an OpenSSH public key from a file and rejects material that is not one (AWS CLI)', async (context) => {
    if (!requireTool(context, !!findAwsCli(), 'AWS CLI v2', AWS_CLI_INSTALL)) return;
    const { line, fingerprint } = ed25519Line('me@laptop');
    writeFileSync(join(directory, 'id.pub'), `${line}\n`);
    const imported = await awsJson(gym.endpoint, ['ec2', 'import-key-pair', '--key-name', 'laptop', '--public-key-material', `fileb://${join(directory, 'id.pub')}`]);
    assert.equal(imported.KeyFingerprint, fingerprint);
    const described = await awsJson(gym.endpoint, ['ec2', 'describe-key-pairs', '--key-names', 'laptop', '--include-public-key']);
    assert.equal(described.KeyPairs[0].KeyType, 'ed25519');
    assert.equal(described.KeyPairs[0].PublicKey.split(' ').slice(0, 2).join(' '), line.split(' ').slice(0, 2).join(' '));
    writeFileSync(join(directory, 'bad.pub'), 'this is not a key\n');
    const bad = await awsCli(gym.endpoint, ['ec2', 'import-key-pair', '--key-name', 'bad', '--public-key-material', `fileb://${join(directory, 'bad.pub')}`]);
    assert.equal(cliErrorCode(bad), 'InvalidKey.Format');
  });

  it('creates ED25519 keys and finds key pairs by id, type, fingerprint and tag (SDK v3)', async () => {
    const { ec2 } = sdkClients(gym.endpoint);
    const created = await ec2.send(new CreateKeyPairCommand({
      KeyName: 'edge', KeyType: 'ed25519', TagSpecifications: [{ ResourceType: 'key-pair', Tags: [{ Key: 'team', Value: 'edge' }] }],
    }));
    assert.match(created.KeyMaterial!, /^-----BEGIN OPENSSH PRIVATE KEY-----\n[\s\S]+\n-----END OPENSSH PRIVATE KEY-----\n$/);
    assert.match(created.KeyFingerprint!, /^[A-Za-z0-9+/]{43}=$/);
    const byType = await ec2.send(new DescribeKeyPairsCommand({ Filters: [{ Name: 'key-type', Values: ['ed25519'] }, { Name: 'tag:team', Values: ['edge'] }] }));
    assert.deepEqual(byType.KeyPairs!.map((pair) => pair.KeyName), ['edge']);
    const byFingerprint = await ec2.send(new DescribeKeyPairsCommand({ Filters: [{ Name: 'fingerprint', Values: [created.KeyFingerprint!] }] }));
    assert.deepEqual(byFingerprint.KeyPairs!.map((pair) => pair.KeyPairId), [created.KeyPairId]);
    assert.ok(byFingerprint.KeyPairs![0]!.CreateTime instanceof Date);
    const rsa = await ec2.send(new ImportKeyPairCommand({
      KeyName: 'imported-rsa',
      PublicKeyMaterial: Buffer.from(`${rsaLine()} someone`),
    }));
    assert.match(rsa.KeyFingerprint!, /^([0-9a-f]{2}:){15}[0-9a-f]{2}$/, 'imported RSA keys carry an MD5 fingerprint');
    await ec2.send(new DeleteKeyPairCommand({ KeyPairId: created.KeyPairId }));
    const gone = await sdkError(ec2.send(new DescribeKeyPairsCommand({ KeyPairIds: [created.KeyPairId!] })));
    assert.equal(gone.code, 'InvalidKeyPair.NotFound');
  });

  it('allocates, associates, disassociates and releases an Elastic IP on a running instance (AWS CLI)', async (context) => {
    if (!requireTool(context, !!findAwsCli(), 'AWS CLI v2', AWS_CLI_INSTALL)) return;
    const { ec2 } = sdkClients(gym.endpoint);
    const instance = await launch(ec2);
    await advance(120);
    const autoAssigned = await publicIpOf(ec2, instance.id);
    assert.ok(autoAssigned, 'an instance in a default subnet gets a public address at launch');
    const allocated = await awsJson(gym.endpoint, ['ec2', 'allocate-address', '--domain', 'vpc']);
    assert.match(allocated.AllocationId, /^eipalloc-[0-9a-f]{17}$/);
    assert.ok(isPublicUnicast(allocated.PublicIp), `${allocated.PublicIp} is a public address`);
    const associated = await awsJson(gym.endpoint, ['ec2', 'associate-address', '--allocation-id', allocated.AllocationId, '--instance-id', instance.id]);
    assert.match(associated.AssociationId, /^eipassoc-[0-9a-f]{17}$/);
    assert.equal(await publicIpOf(ec2, instance.id), allocated.PublicIp);
    const described = await awsJson(gym.endpoint, ['ec2', 'describe-addresses', '--filters', `Name=instance-id,Values=${instance.id}`]);
    assert.equal(described.Addresses[0].PrivateIpAddress, instance.privateIpAddress);
    assert.equal(described.Addresses[0].AssociationId, associated.AssociationId);
    assert.equal(described.Addresses[0].NetworkInterfaceId, instance.networkInterfaceId);
    const inUse = await awsCli(gym.endpoint, ['ec2', 'release-address', '--allocation-id', allocated.AllocationId]);
    assert.equal(cliErrorCode(inUse), 'InvalidIPAddress.InUse');
    await awsJson(gym.endpoint, ['ec2', 'disassociate-address', '--association-id', associated.AssociationId]);
    const fresh = await publicIpOf(ec2, instance.id);
    assert.ok(fresh && fresh !== allocated.PublicIp, 'the instance gets a new auto-assigned address back, as in AWS');
    await awsJson(gym.endpoint, ['ec2', 'release-address', '--allocation-id', allocated.AllocationId]);
    const gone = await awsCli(gym.endpoint, ['ec2', 'describe-addresses', '--allocation-ids', allocated.AllocationId]);
    assert.equal(cliErrorCode(gone), 'InvalidAllocationID.NotFound');
  });

  it('checks the instance and the association before moving an address, and frees it on termination (SDK v3)', async () => {
    const { ec2 } = sdkClients(gym.endpoint);
    const first = await launch(ec2);
    const second = await launch(ec2);
    const third = await launch(ec2);
    await advance(120);
    const late = await launch(ec2);
    const address = await ec2.send(new AllocateAddressCommand({ TagSpecifications: [{ ResourceType: 'elastic-ip', Tags: [{ Key: 'Name', Value: 'front' }] }] }));
    const notReady = await sdkError(ec2.send(new AssociateAddressCommand({ AllocationId: address.AllocationId, InstanceId: late.id })));
    assert.equal(notReady.code, 'InvalidInstanceID');
    assert.match(notReady.message, /pending/);
    const unknown = await sdkError(ec2.send(new AssociateAddressCommand({ AllocationId: address.AllocationId, InstanceId: 'i-0123456789abcdef0' })));
    assert.equal(unknown.code, 'InvalidInstanceID.NotFound');
    await ec2.send(new AssociateAddressCommand({ AllocationId: address.AllocationId, InstanceId: first.id }));
    const taken = await sdkError(ec2.send(new AssociateAddressCommand({ AllocationId: address.AllocationId, InstanceId: second.id })));
    assert.equal(taken.code, 'Resource.AlreadyAssociated');
    const moved = await ec2.send(new AssociateAddressCommand({ PublicIp: address.PublicIp, NetworkInterfaceId: second.networkInterfaceId, AllowReassociation: true }));
    assert.notEqual(await publicIpOf(ec2, first.id), address.PublicIp);
    assert.equal(await publicIpOf(ec2, second.id), address.PublicIp);
    const [described] = (await ec2.send(new DescribeAddressesCommand({ PublicIps: [address.PublicIp!] }))).Addresses!;
    assert.deepEqual([described!.InstanceId, described!.NetworkInterfaceId, described!.AssociationId], [second.id, second.networkInterfaceId, moved.AssociationId]);
    assert.deepEqual(described!.Tags, [{ Key: 'Name', Value: 'front' }]);
    await ec2.send(new DisassociateAddressCommand({ AssociationId: moved.AssociationId }));
    const stale = await sdkError(ec2.send(new DisassociateAddressCommand({ AssociationId: moved.AssociationId })));
    assert.equal(stale.code, 'InvalidAssociationID.NotFound');

    // Terminating the instance takes the association away; the address stays allocated.
    await ec2.send(new AssociateAddressCommand({ AllocationId: address.AllocationId, InstanceId: third.id }));
    await ec2.send(new TerminateInstancesCommand({ InstanceIds: [third.id] }));
    await advance(120);
    const [afterTermination] = (await ec2.send(new DescribeAddressesCommand({ AllocationIds: [address.AllocationId!] }))).Addresses!;
    assert.equal(afterTermination!.AssociationId, undefined);
    await ec2.send(new ReleaseAddressCommand({ AllocationId: address.AllocationId }));

    const isolated = (await ec2.send(new CreateVpcCommand({ CidrBlock: '10.99.0.0/16' }))).Vpc!.VpcId!;
    const inside = (await ec2.send(new CreateSubnetCommand({ VpcId: isolated, CidrBlock: '10.99.1.0/24' }))).Subnet!.SubnetId!;
    const lonely = await launch(ec2, inside);
    await advance(120);
    const spare = await ec2.send(new AllocateAddressCommand({}));
    const noGateway = await sdkError(ec2.send(new AssociateAddressCommand({ AllocationId: spare.AllocationId, InstanceId: lonely.id })));
    assert.equal(noGateway.code, 'Gateway.NotAttached');
    await ec2.send(new ReleaseAddressCommand({ PublicIp: spare.PublicIp }));
    const busySubnet = await sdkError(ec2.send(new DeleteSubnetCommand({ SubnetId: inside })));
    assert.equal(busySubnet.code, 'DependencyViolation');
  });

  it('stops at the default quota of five Elastic IPs per region (SDK v3)', async () => {
    const ec2 = new EC2Client({ endpoint: gym.endpoint, region: 'us-west-2', credentials: TEST_CREDENTIALS, maxAttempts: 1 });
    const ips = new Set<string>();
    for (let index = 0; index < 5; index++) ips.add((await ec2.send(new AllocateAddressCommand({}))).PublicIp!);
    assert.equal(ips.size, 5, 'every address is distinct');
    const sixth = await sdkError(ec2.send(new AllocateAddressCommand({})));
    assert.equal(sixth.code, 'AddressLimitExceeded');
  });

  it('answers boto3 the same way', async (context) => {
    if (!requireTool(context, boto3Available(), 'boto3', BOTO3_INSTALL)) return;
    const result = await boto3(gym.endpoint, `
ec2 = client('ec2')
address = ec2.allocate_address(Domain='vpc')
missing = run(lambda: ec2.describe_addresses(PublicIps=['198.51.100.7']))
ec2.release_address(AllocationId=address['AllocationId'])
key = ec2.create_key_pair(KeyName='py-key')
print(json.dumps({'domain': address['Domain'], 'missing': missing['error'], 'pem': key['KeyMaterial'].splitlines()[0]}))
`);
    assert.deepEqual(result, { domain: 'vpc', missing: 'InvalidAddress.NotFound', pem: '-----BEGIN RSA PRIVATE KEY-----' });
  });
});

/** An OpenSSH ssh-rsa line for a fresh key, encoded here rather than by the gym. */
function rsaLine(): string {
  const jwk = generateKeyPairSync('rsa', { modulusLength: 2048 }).publicKey.export({ format: 'jwk' });
  const mpint = (value: Buffer) => (value[0]! & 0x80 ? Buffer.concat([Buffer.from([0]), value]) : value);
  const field = (data: Buffer) => {
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    return Buffer.concat([length, data]);
  };
  const blob = Buffer.concat([field(Buffer.from('ssh-rsa')), field(mpint(Buffer.from(jwk.e!, 'base64url'))), field(mpint(Buffer.from(jwk.n!, 'base64url')))]);
  return `ssh-rsa ${blob.toString('base64')}`;
}
