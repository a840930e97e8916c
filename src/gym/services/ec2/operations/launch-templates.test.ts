import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { computeTestWorld, type ComputeTestWorld } from './compute-testing.js';

function image(world: ComputeTestWorld): string {
  return world.call('DescribeImages', { Owners: ['amazon'], Filters: [{ Name: 'name', Values: ['al2023-ami-2023.6.20241212.0-kernel-6.1-x86_64'] }] }).Images[0].ImageId;
}

describe('launch templates', () => {
  it('RunInstances takes what it leaves out from the template: a spot template launches a spot instance', () => {
    const world = computeTestWorld();
    const created = world.call('CreateLaunchTemplate', {
      LaunchTemplateName: 'web-spot',
      LaunchTemplateData: { ImageId: image(world), InstanceType: 't3.small', InstanceMarketOptions: { MarketType: 'spot' } },
    }).LaunchTemplate;
    assert.match(created.LaunchTemplateId, /^lt-/);
    assert.equal(created.DefaultVersionNumber, 1);
    const instance = world.call('RunInstances', { MinCount: 1, MaxCount: 1, LaunchTemplate: { LaunchTemplateName: 'web-spot' } }).Instances[0];
    assert.equal(instance.InstanceType, 't3.small');
    assert.equal(instance.InstanceLifecycle, 'spot');
    const own = world.call('RunInstances', { MinCount: 1, MaxCount: 1, InstanceType: 't3.micro', LaunchTemplate: { LaunchTemplateId: created.LaunchTemplateId } }).Instances[0];
    assert.equal(own.InstanceType, 't3.micro', 'what the request gives wins over the template');
    const tags = Object.fromEntries(instance.Tags.map((tag: { Key: string; Value: string }) => [tag.Key, tag.Value]));
    assert.deepEqual(tags, { 'aws:ec2launchtemplate:id': created.LaunchTemplateId, 'aws:ec2launchtemplate:version': '1' }, 'EC2 records the template and the version it resolved to');
    const plain = world.call('RunInstances', { MinCount: 1, MaxCount: 1, ImageId: image(world), InstanceType: 't3.micro' }).Instances[0];
    assert.equal(plain.Tags, undefined, 'no template, no aws:ec2launchtemplate tags');
  });

  it('versions: a new version, $Latest, a new default, and the errors AWS gives for unknown templates and versions', () => {
    const world = computeTestWorld();
    const { LaunchTemplateId: id } = world.call('CreateLaunchTemplate', { LaunchTemplateName: 'web', LaunchTemplateData: { ImageId: image(world), InstanceType: 't3.micro' } }).LaunchTemplate;
    const version = world.call('CreateLaunchTemplateVersion', { LaunchTemplateId: id, SourceVersion: '1', LaunchTemplateData: { InstanceType: 't3.large' } }).LaunchTemplateVersion;
    assert.equal(version.VersionNumber, 2);
    assert.equal(version.LaunchTemplateData.ImageId, image(world), 'a version built on a source keeps what it does not change');
    const latest = world.call('RunInstances', { MinCount: 1, MaxCount: 1, LaunchTemplate: { LaunchTemplateId: id, Version: '$Latest' } }).Instances[0];
    assert.equal(latest.InstanceType, 't3.large');
    const byDefault = world.call('RunInstances', { MinCount: 1, MaxCount: 1, LaunchTemplate: { LaunchTemplateId: id } }).Instances[0];
    assert.equal(byDefault.InstanceType, 't3.micro');
    assert.equal(world.call('ModifyLaunchTemplate', { LaunchTemplateId: id, DefaultVersion: '2' }).LaunchTemplate.DefaultVersionNumber, 2);
    assert.equal(world.call('DescribeLaunchTemplates', { LaunchTemplateNames: ['web'] }).LaunchTemplates[0].LatestVersionNumber, 2);
    assert.equal(world.fail('CreateLaunchTemplate', { LaunchTemplateName: 'web', LaunchTemplateData: {} }).code, 'InvalidLaunchTemplateName.AlreadyExistsException');
    assert.equal(world.fail('RunInstances', { MinCount: 1, MaxCount: 1, LaunchTemplate: { LaunchTemplateName: 'nope' } }).code, 'InvalidLaunchTemplateName.NotFoundException');
    assert.equal(world.fail('DescribeLaunchTemplateVersions', { LaunchTemplateId: id, Versions: ['7'] }).code, 'InvalidLaunchTemplateId.VersionNotFound');
    world.call('DeleteLaunchTemplate', { LaunchTemplateId: id });
    assert.equal(world.fail('DescribeLaunchTemplates', { LaunchTemplateIds: [id] }).code, 'InvalidLaunchTemplateId.NotFound');
  });
});
