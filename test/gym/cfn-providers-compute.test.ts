import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { resourceProviders } from '../../src/gym/services/cloudformation/providers/index.js';
import { replacementFor } from '../../src/gym/services/cloudformation/providers/provider.js';
import { ProviderTestWorld } from '../../src/gym/services/cloudformation/providers/provider-testing.js';

const providers = resourceProviders();
const instance = providers.get('AWS::EC2::Instance')!;
const volume = providers.get('AWS::EC2::Volume')!;
const attachment = providers.get('AWS::EC2::VolumeAttachment')!;
const eip = providers.get('AWS::EC2::EIP')!;
const eipAssociation = providers.get('AWS::EC2::EIPAssociation')!;
const keyPair = providers.get('AWS::EC2::KeyPair')!;
const launchTemplate = providers.get('AWS::EC2::LaunchTemplate')!;

function setup() {
  const gym = new ProviderTestWorld();
  const imageId = gym.call('ec2', 'DescribeImages', { Owners: ['amazon'], Filters: [{ Name: 'name', Values: ['al2023-ami-2023.6.20241212.0-kernel-6.1-x86_64'] }] }).Images[0].ImageId;
  const subnet = gym.call('ec2', 'DescribeSubnets', { Filters: [{ Name: 'default-for-az', Values: ['true'] }, { Name: 'availability-zone', Values: ['us-east-1a'] }] }).Subnets[0];
  return { gym, imageId, subnetId: subnet.SubnetId as string };
}

function describeInstance(gym: ProviderTestWorld, id: string) {
  return gym.call('ec2', 'DescribeInstances', { InstanceIds: [id] }).Reservations[0].Instances[0];
}

describe('CloudFormation compute providers', () => {
  it('Instance: launches, stabilizes once running, reads back, GetAtt agrees with DescribeInstances', () => {
    const { gym, imageId, subnetId } = setup();
    const properties = { ImageId: imageId, InstanceType: 't3.micro', SubnetId: subnetId, Monitoring: false, Tags: [{ Key: 'Name', Value: 'web-1' }] };
    const id = gym.create(instance, 'Web', properties);
    const described = describeInstance(gym, id);
    assert.equal(described.State.Name, 'running', 'create waits until the instance runs');
    const read = gym.read(instance, id)!;
    for (const [name, value] of Object.entries(properties)) assert.deepEqual(read[name], value, name);
    assert.ok(described.Tags.some((tag: { Key: string; Value: string }) => tag.Key === 'aws:cloudformation:logical-id' && tag.Value === 'Web'));
    assert.equal(gym.getAtt(instance, id, 'AvailabilityZone'), described.Placement.AvailabilityZone);
    assert.equal(gym.getAtt(instance, id, 'PrivateIp'), described.PrivateIpAddress);
    assert.equal(gym.getAtt(instance, id, 'PrivateDnsName'), described.PrivateDnsName);
    assert.equal(gym.getAtt(instance, id, 'PublicIp'), described.PublicIpAddress);
    assert.equal(gym.getAtt(instance, id, 'PublicDnsName'), described.PublicDnsName);
    assert.equal(gym.getAtt(instance, id, 'VpcId'), described.VpcId);
  });

  it('Instance: a type change stops, resizes and starts it (same instance); monitoring and tags change live; the image is a replacement', () => {
    const { gym, imageId, subnetId } = setup();
    const previous = { ImageId: imageId, InstanceType: 't3.micro', SubnetId: subnetId };
    const id = gym.create(instance, 'Web', previous);
    const next = { ...previous, InstanceType: 't3.small', Monitoring: true, Tags: [{ Key: 'env', Value: 'dev' }] };
    assert.equal(replacementFor(instance, ['InstanceType', 'Monitoring', 'Tags']), 'False');
    assert.equal(instance.properties['InstanceType']!.update, 'interrupt');
    assert.equal(gym.update(instance, id, previous, next), id);
    const described = describeInstance(gym, id);
    assert.equal(described.State.Name, 'running');
    assert.equal(described.InstanceType, 't3.small');
    assert.equal(gym.read(instance, id)!['Monitoring'], true);
    assert.deepEqual(gym.read(instance, id)!['Tags'], [{ Key: 'env', Value: 'dev' }]);
    assert.equal(replacementFor(instance, ['ImageId']), 'True');
    gym.delete(instance, id, next);
    assert.equal(gym.read(instance, id), undefined, 'a terminated instance reads as gone');
  });

  it('Volume and VolumeAttachment: created available, attached, grown in place, detached and deleted', () => {
    const { gym, imageId, subnetId } = setup();
    const instanceId = gym.create(instance, 'Db', { ImageId: imageId, InstanceType: 't3.micro', SubnetId: subnetId });
    const volumeProperties = { AvailabilityZone: 'us-east-1a', Size: 20, VolumeType: 'gp3', Tags: [{ Key: 'Name', Value: 'data' }] };
    const volumeId = gym.create(volume, 'Data', volumeProperties);
    const described = gym.call('ec2', 'DescribeVolumes', { VolumeIds: [volumeId] }).Volumes[0];
    assert.equal(described.State, 'available');
    assert.ok(!described.Tags.some((tag: { Key: string }) => tag.Key.startsWith('aws:')), 'CloudFormation puts no system tags on volumes');
    assert.equal(gym.getAtt(volume, volumeId, 'VolumeId'), volumeId);
    const read = gym.read(volume, volumeId)!;
    for (const [name, value] of Object.entries(volumeProperties)) assert.deepEqual(read[name], value, name);
    const attachmentProperties = { VolumeId: volumeId, InstanceId: instanceId, Device: '/dev/sdf' };
    const attachmentId = gym.create(attachment, 'DataAttachment', attachmentProperties);
    assert.deepEqual(gym.read(attachment, attachmentId), attachmentProperties);
    gym.update(volume, volumeId, volumeProperties, { ...volumeProperties, Size: 40 });
    assert.equal(gym.read(volume, volumeId)!['Size'], 40);
    assert.throws(() => gym.update(volume, volumeId, volumeProperties, { ...volumeProperties, AvailabilityZone: 'us-east-1b' }), /cannot change AvailabilityZone/);
    gym.delete(attachment, attachmentId, attachmentProperties);
    assert.equal(gym.read(attachment, attachmentId), undefined);
    gym.delete(volume, volumeId, volumeProperties);
    assert.equal(gym.read(volume, volumeId), undefined);
  });

  it('EIP and EIPAssociation: Ref is the address, GetAtt the allocation; associating and moving it', () => {
    const { gym, imageId, subnetId } = setup();
    const first = gym.create(instance, 'First', { ImageId: imageId, InstanceType: 't3.micro', SubnetId: subnetId });
    const second = gym.create(instance, 'Second', { ImageId: imageId, InstanceType: 't3.micro', SubnetId: subnetId });
    const ip = gym.create(eip, 'Address', { Domain: 'vpc', Tags: [{ Key: 'Name', Value: 'web' }] });
    const address = gym.call('ec2', 'DescribeAddresses', { PublicIps: [ip] }).Addresses[0];
    assert.equal(gym.run((context) => eip.ref(ip, context)), address.PublicIp);
    assert.equal(gym.getAtt(eip, ip, 'AllocationId'), address.AllocationId);
    assert.deepEqual(gym.read(eip, ip)!['Tags'], [{ Key: 'Name', Value: 'web' }]);
    const previous = { AllocationId: address.AllocationId, InstanceId: first };
    const associationId = gym.create(eipAssociation, 'Association', previous);
    assert.deepEqual(gym.read(eipAssociation, associationId), { ...previous, PrivateIpAddress: describeInstance(gym, first).PrivateIpAddress });
    const next = { ...previous, InstanceId: second };
    assert.equal(eipAssociation.conditionalReplacement!(previous, next), false, 'moving the address to another instance is in place');
    const moved = gym.update(eipAssociation, associationId, previous, next);
    assert.equal(gym.call('ec2', 'DescribeAddresses', { PublicIps: [ip] }).Addresses[0].InstanceId, second);
    gym.delete(eipAssociation, moved, next);
    gym.delete(eip, ip, {});
    assert.equal(gym.read(eip, ip), undefined);
  });

  it('KeyPair: created or imported, Ref is the name, GetAtt agrees with DescribeKeyPairs, every change replaces it', () => {
    const { gym } = setup();
    const name = gym.create(keyPair, 'Key', { KeyName: 'deploy', KeyType: 'ed25519' });
    const described = gym.call('ec2', 'DescribeKeyPairs', { KeyNames: ['deploy'] }).KeyPairs[0];
    assert.equal(gym.run((context) => keyPair.ref(name, context)), 'deploy');
    assert.equal(gym.getAtt(keyPair, name, 'KeyPairId'), described.KeyPairId);
    assert.equal(gym.getAtt(keyPair, name, 'KeyFingerprint'), described.KeyFingerprint);
    assert.deepEqual(gym.read(keyPair, name), { KeyName: 'deploy', KeyType: 'ed25519' });
    assert.equal(replacementFor(keyPair, ['Tags']), 'True');
    gym.delete(keyPair, name, {});
    assert.equal(gym.read(keyPair, name), undefined);
  });

  it('LaunchTemplate: an Instance naming a spot template is a spot instance; new data is a new default version; the template change replaces the instance', () => {
    const { gym, imageId, subnetId } = setup();
    const templateProperties = {
      LaunchTemplateData: { ImageId: imageId, InstanceType: 't3.small', InstanceMarketOptions: { MarketType: 'spot' } },
      TagSpecifications: [{ ResourceType: 'launch-template', Tags: [{ Key: 'team', Value: 'web' }] }],
    };
    const templateId = gym.create(launchTemplate, 'SpotTemplate', templateProperties);
    const described = gym.call('ec2', 'DescribeLaunchTemplates', { LaunchTemplateIds: [templateId] }).LaunchTemplates[0];
    assert.match(described.LaunchTemplateName, /^web-SpotTemplate-[A-Z0-9]{12}$/);
    assert.equal(gym.run((context) => launchTemplate.ref(templateId, context)), templateId);
    assert.equal(gym.getAtt(launchTemplate, templateId, 'LatestVersionNumber'), '1');
    const read = gym.read(launchTemplate, templateId)!;
    assert.deepEqual(read['LaunchTemplateData'], templateProperties.LaunchTemplateData);
    assert.deepEqual(read['TagSpecifications'], templateProperties.TagSpecifications);

    const spot = gym.create(instance, 'Worker', { SubnetId: subnetId, LaunchTemplate: { LaunchTemplateId: templateId, Version: '1' } });
    const worker = describeInstance(gym, spot);
    assert.equal(worker.InstanceLifecycle, 'spot');
    assert.equal(worker.InstanceType, 't3.small');
    assert.equal(replacementFor(instance, ['LaunchTemplate']), 'True', 'moving an instance to or from spot replaces it');

    const next = { ...templateProperties, LaunchTemplateData: { ImageId: imageId, InstanceType: 't3.medium' } };
    gym.update(launchTemplate, templateId, templateProperties, next);
    assert.equal(gym.getAtt(launchTemplate, templateId, 'DefaultVersionNumber'), '2');
    assert.deepEqual(gym.read(launchTemplate, templateId)!['LaunchTemplateData'], next.LaunchTemplateData);
    gym.delete(launchTemplate, templateId, next);
    assert.equal(gym.read(launchTemplate, templateId), undefined);
  });
});
