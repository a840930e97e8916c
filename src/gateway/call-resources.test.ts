import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { kindOfId, namedResources } from './call-resources.js';
import { createdIds } from './created-ids.js';

const ARN = 'arn:aws:elasticloadbalancing:us-east-1:123456789012';

describe('the resources a call names', () => {
  it('takes ids from the members that name targets, with their kinds, once each', () => {
    const resources = namedResources({
      InstanceIds: ['i-0123456789abcdef0', 'i-0123456789abcdef0'],
      VolumeId: 'vol-0123456789abcdef0',
      GroupName: 'web-sg',
      Resources: ['sg-0123456789abcdef0', 'eipalloc-12345678'],
      DryRun: false,
    });
    assert.deepEqual(resources, [
      { kind: 'instance', id: 'i-0123456789abcdef0' },
      { kind: 'volume', id: 'vol-0123456789abcdef0' },
      { kind: 'security-group', id: 'sg-0123456789abcdef0' },
      { kind: 'elastic-ip', id: 'eipalloc-12345678' },
    ]);
  });

  it('reads ELBv2 ARNs and target ids, and ignores names that are not ids', () => {
    const resources = namedResources({
      TargetGroupArn: `${ARN}:targetgroup/web/0123456789abcdef`,
      Targets: [{ Id: 'i-0123456789abcdef0', Port: 80 }, { Id: '10.0.0.5' }],
      ResourceArns: [`${ARN}:loadbalancer/app/web/0123456789abcdef`, `${ARN}:listener/app/web/0123456789abcdef/0123456789abcdef`],
      KeyName: 'deploy',
    });
    assert.deepEqual(resources.map((resource) => resource.kind), ['target-group', 'instance', 'load-balancer', 'listener']);
  });

  it('knows kinds by prefix, and says so when a string is no id', () => {
    assert.equal(kindOfId('subnet-0123456789abcdef0'), 'subnet');
    assert.equal(kindOfId(`${ARN}:listener-rule/app/web/1/2/3`), 'listener-rule');
    assert.equal(kindOfId('web-1'), undefined);
    assert.equal(kindOfId('i-xyz'), undefined);
  });
});

describe('the ids a call created', () => {
  it('reads only the made resource from a RunInstances answer, not the subnet or groups it used', () => {
    const body = '<RunInstancesResponse><instancesSet><item><instanceId>i-0aaaaaaaaaaaaaaaa</instanceId><subnetId>subnet-0bbbbbbbbbbbbbbbb</subnetId>'
      + '<groupSet><item><groupId>sg-0ccccccccccccccccc</groupId></item></groupSet></item><item><instanceId>i-0dddddddddddddddd</instanceId></item></instancesSet></RunInstancesResponse>';
    assert.deepEqual(createdIds('ec2', 'RunInstances', body), ['i-0aaaaaaaaaaaaaaaa', 'i-0dddddddddddddddd']);
  });

  it('follows AWS naming for creates the table does not list, and reads nothing from other calls', () => {
    assert.deepEqual(createdIds('ec2', 'CreateVolume', '<CreateVolumeResponse><volumeId>vol-1</volumeId></CreateVolumeResponse>'), ['vol-1']);
    assert.deepEqual(createdIds('elbv2', 'CreateTargetGroup', `<TargetGroupArn>${ARN}:targetgroup/a/1</TargetGroupArn><VpcId>vpc-1</VpcId>`), [`${ARN}:targetgroup/a/1`]);
    assert.deepEqual(createdIds('ec2', 'StopInstances', '<instanceId>i-1</instanceId>'), []);
  });
});
