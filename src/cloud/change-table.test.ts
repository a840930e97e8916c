import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { CHANGE_TABLE, changeRule, classifyChange, dependents, describeReplacement, volumeSizeRule } from './change-table.js';
import { SAMPLE_IDS as ids, sampleInventory } from './testing/sample-inventory.js';

const inventory = sampleInventory();

describe('the change table', () => {
  it('says what AWS documents for instances', () => {
    const effects = Object.fromEntries(['instanceType', 'userData', 'ebsOptimized', 'monitoring', 'securityGroups', 'tags', 'terminationProtection', 'market', 'imageId', 'subnet', 'availabilityZone', 'keyName', 'privateIpAddress']
      .map((attribute) => [attribute, changeRule('instance', attribute)?.effect]));
    assert.deepEqual(effects, {
      instanceType: 'update-stop-start', userData: 'update-stop-start', ebsOptimized: 'update-stop-start',
      monitoring: 'update-live', securityGroups: 'update-live', tags: 'update-live', terminationProtection: 'update-live',
      market: 'replace', imageId: 'replace', subnet: 'replace', availabilityZone: 'replace', keyName: 'replace', privateIpAddress: 'replace',
    });
    assert.equal(changeRule('instance', 'market')?.reason, 'AWS cannot change an instance\'s purchase option (spot or on-demand) in place: it must be relaunched');
  });

  it('says what AWS documents for volumes, groups, load balancers, target groups, VPCs and subnets', () => {
    const effect = (kind: Parameters<typeof changeRule>[0], attribute: string) => changeRule(kind, attribute)?.effect;
    assert.deepEqual(['size', 'volumeType', 'iops'].map((attribute) => effect('volume', attribute)), ['update-live', 'update-live', 'update-live']);
    assert.deepEqual(['availabilityZone', 'encrypted', 'snapshotId'].map((attribute) => effect('volume', attribute)), ['replace', 'replace', 'replace']);
    assert.deepEqual(['rules', 'groupName', 'description', 'vpc'].map((attribute) => effect('security-group', attribute)), ['update-live', 'replace', 'replace', 'replace']);
    assert.deepEqual(['subnets', 'securityGroups', 'scheme', 'type'].map((attribute) => effect('load-balancer', attribute)), ['update-live', 'update-live', 'replace', 'replace']);
    assert.deepEqual(['healthCheck', 'port', 'protocol', 'vpc'].map((attribute) => effect('target-group', attribute)), ['update-live', 'replace', 'replace', 'replace']);
    assert.equal(effect('vpc', 'cidrBlock'), 'replace');
    assert.deepEqual(['mapPublicIpOnLaunch', 'cidrBlock', 'availabilityZone'].map((attribute) => effect('subnet', attribute)), ['update-live', 'replace', 'replace']);
  });

  it('gives every row a reason and the calls, and no attribute twice', () => {
    const seen = new Set<string>();
    for (const rule of CHANGE_TABLE) {
      const key = `${rule.kind}.${rule.attribute}`;
      assert.equal(seen.has(key), false, `${key} appears twice`);
      seen.add(key);
      assert.ok(rule.reason.length > 20, `${key} has a reason`);
      assert.ok(rule.calls.length > 0 && rule.calls.every((call) => /^[A-Z][A-Za-z]+$/.test(call)), `${key} names API calls`);
    }
  });

  it('takes the most disruptive effect of several changes, and treats an unknown attribute as a replacement', () => {
    assert.equal(classifyChange('instance', ['monitoring', 'tags']).effect, 'update-live');
    const resize = classifyChange('instance', ['monitoring', 'instanceType']);
    assert.equal(resize.effect, 'update-stop-start');
    assert.deepEqual(resize.rules.map((rule) => rule.attribute), ['instanceType']);
    const unknown = classifyChange('instance', ['monitoring', 'hibernation']);
    assert.equal(unknown.effect, 'replace');
    assert.deepEqual(unknown.unknown, ['hibernation']);
  });

  it('grows volumes live but replaces them to shrink', () => {
    assert.equal(volumeSizeRule(100, 200).effect, 'update-live');
    assert.equal(volumeSizeRule(100, 50).effect, 'replace');
  });
});

describe('the update radius', () => {
  it('drags an instance\'s data volume, Elastic IP, target group, subnet, groups and key pair, but not its root volume', () => {
    const radius = dependents(inventory, ids.api1)!;
    const carried = radius.dragged.map((item) => [item.carry, item.resource.id]);
    assert.deepEqual(carried, [
      ['reattach', ids.apiData],
      ['reassociate', ids.apiIp],
      ['re-register', ids.targetGroup],
      ['reuse', ids.publicA],
      ['reuse', ids.webSg],
      ['reuse', ids.keyPair],
    ]);
    assert.equal(radius.dragged[0]!.device, '/dev/sdf');
    assert.equal(radius.dragged[2]!.port, 80);
    assert.deepEqual(radius.tags, { Name: 'api-1' });
  });

  it('writes the spot advisory the issue describes', () => {
    const radius = dependents(inventory, ids.api1)!;
    assert.equal(
      describeReplacement(inventory, radius, { what: 'become a spot instance', launch: 'a spot instance' }),
      'api-1 cannot become a spot instance in place: Cirro will image it, launch a spot instance from the image with the same name, subnet, security groups and volumes, move its Elastic IP 3.80.0.1 over, move it into shop-lb\'s target group, then terminate the old one',
    );
  });

  it('warns that a public IP without an Elastic IP changes', () => {
    const radius = dependents(inventory, ids.web2)!;
    assert.ok(radius.losses.includes('its public IP 54.0.0.12 changes (no Elastic IP keeps it)'));
    assert.match(describeReplacement(inventory, radius, { what: 'become a spot instance', launch: 'a spot instance' }), /then terminate the old one; its public IP 54\.0\.0\.12 changes/);
  });

  it('drags what refers to a security group, a target group or a load balancer', () => {
    assert.deepEqual(dependents(inventory, ids.lbSg)!.dragged.map((item) => item.resource.id), [ids.loadBalancer]);
    const group = dependents(inventory, ids.targetGroup)!;
    assert.deepEqual(group.dragged.map((item) => [item.carry, item.resource.id]), [['re-register', ids.web1], ['re-register', ids.web2], ['re-register', ids.api1], ['repoint', ids.listener]]);
    const balancer = dependents(inventory, ids.loadBalancer)!;
    assert.deepEqual(balancer.dragged.map((item) => [item.carry, item.resource.id]), [['recreate', ids.listener], ['reuse', ids.targetGroup]]);
    assert.match(balancer.losses[0]!, /DNS name shop-lb-1234567890\.us-east-1\.elb\.amazonaws\.com changes/);
  });

  it('knows nothing of an id the inventory does not hold', () => {
    assert.equal(dependents(inventory, 'i-0000000000000dead'), undefined);
  });
});
