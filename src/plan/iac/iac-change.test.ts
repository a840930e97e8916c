import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Inventory, VolumeView } from '../../cloud/inventory.js';
import { SAMPLE_IDS as ids, sampleInventory } from '../../cloud/testing/sample-inventory.js';
import { exportTemplate } from './export-template.js';
import { translateToIac, type IacChange, type StackSituation } from './iac-change.js';

const noStack: StackSituation = { stackName: 'cirro-shop-vpc', template: undefined, members: new Map() };

function translated(after: Inventory, touched: readonly string[], stack: StackSituation = noStack): IacChange {
  const result = translateToIac({ before: sampleInventory(), after, touched: new Set(touched), stack });
  if (!result.success) throw new Error(result.error);
  return result.value;
}

function withInstance(id: string, change: Record<string, unknown>): Inventory {
  const inventory = sampleInventory();
  return { ...inventory, instances: inventory.instances.map((instance) => (instance.id === id ? { ...instance, ...change } : instance)) };
}

describe('translateToIac', () => {
  it('GIVEN an unmanaged web-1 WHEN it is resized THEN the stack adopts it by import (Retain) and the change is a Modify of InstanceType without replacement', () => {
    const change = translated(withInstance(ids.web1, { instanceType: 't3.large' }), [ids.web1]);
    assert.equal(change.createsStack, true);
    assert.deepEqual(change.imports.map((item) => [item.logicalId, item.type, item.identifier]), [['Web1Instance', 'AWS::EC2::Instance', { InstanceId: ids.web1 }]]);
    assert.equal(change.importTemplate!.Resources['Web1Instance']!.DeletionPolicy, 'Retain');
    assert.deepEqual(change.changes, [{ logicalId: 'Web1Instance', type: 'AWS::EC2::Instance', action: 'Modify', replacement: 'False', properties: ['InstanceType'] }]);
    assert.equal(change.desired.Resources['Web1Instance']!.Properties['InstanceType'], 't3.large');
    assert.equal(change.phases.length, 1);
    assert.equal(change.phases[0]!.reviewed, true);
  });

  it('GIVEN api-1 with a data volume, a target group and an Elastic IP WHEN it becomes spot THEN a LaunchTemplate is added, the instance is replaced, and what follows it is imported along and moved', () => {
    const change = translated(withInstance(ids.api1, { lifecycle: 'spot' }), [ids.api1]);
    const imported = change.imports.map((item) => item.type).sort();
    assert.deepEqual(imported, ['AWS::EC2::EIP', 'AWS::EC2::Instance', 'AWS::EC2::Volume', 'AWS::EC2::VolumeAttachment', 'AWS::ElasticLoadBalancingV2::TargetGroup']);
    const template = change.desired.Resources['Api1InstanceLaunchTemplate']!;
    assert.deepEqual(template.Properties['LaunchTemplateData'], { InstanceMarketOptions: { MarketType: 'spot' } });
    const instance = change.changes.find((item) => item.logicalId === 'Api1Instance')!;
    assert.equal(instance.replacement, 'True');
    assert.deepEqual(instance.properties, ['LaunchTemplate']);
    assert.equal(change.changes.find((item) => item.logicalId === 'ShopTg')!.replacement, 'False', 'the target group changes its Targets in place');
    assert.ok(change.desired.Resources['ApiIpAssociation'], 'the address association (not importable) is added so it follows the new instance');
    // EBS attaches a volume to one instance at a time: the first update lets go of it, the second attaches it to the new instance.
    assert.equal(change.phases.length, 2);
    assert.equal(change.phases[0]!.template.Resources['ApiDataVolumeAttachment'], undefined);
    assert.deepEqual(change.phases[1]!.changes.map((item) => [item.logicalId, item.action]), [['ApiDataVolumeAttachment', 'Add']]);
    assert.equal(change.phases[1]!.reviewed, false);
  });

  it('GIVEN web-1 WHEN a new 50 GiB disk is attached THEN a Volume and its VolumeAttachment are added and nothing is replaced', () => {
    const before = sampleInventory();
    const disk: VolumeView = {
      kind: 'volume', id: 'new:s1:volume', name: undefined, tags: {}, sizeGiB: 50, volumeType: 'gp3', iops: 3000, state: 'in-use',
      availabilityZone: 'us-east-1a', encrypted: true, attachment: { instanceId: ids.web1, device: '/dev/sdg', state: 'attached', deleteOnTermination: false },
    };
    const change = translated({ ...before, volumes: [...before.volumes, disk] }, [ids.web1, disk.id]);
    const added = change.changes.filter((item) => item.action === 'Add').map((item) => item.type).sort();
    assert.deepEqual(added, ['AWS::EC2::Volume', 'AWS::EC2::VolumeAttachment']);
    assert.ok(change.changes.every((item) => item.replacement !== 'True'));
    const volume = Object.values(change.desired.Resources).find((entry) => entry.Type === 'AWS::EC2::Volume')!;
    assert.equal(volume.Properties['Size'], 50);
  });

  it('GIVEN web-1 already in a stack under its own logical id WHEN it is resized THEN nothing is imported and only InstanceType is patched, keeping the rest of the stack template as written', () => {
    const exported = exportTemplate(sampleInventory(), { resourceIds: [ids.web1] }).template;
    const own = { ...exported, Resources: { Frontend: { ...exported.Resources['Web1Instance']!, Properties: { ...exported.Resources['Web1Instance']!.Properties, ImageId: { Ref: 'LatestAmi' } } } } };
    const stack: StackSituation = { stackName: 'shop', template: own, members: new Map([[ids.web1, 'Frontend']]) };
    const change = translated(withInstance(ids.web1, { instanceType: 't3.large' }), [ids.web1], stack);
    assert.deepEqual(change.imports, []);
    assert.equal(change.createsStack, false);
    assert.deepEqual(change.desired.Resources['Frontend']!.Properties['ImageId'], { Ref: 'LatestAmi' }, "the user's own Ref stays");
    assert.equal(change.desired.Resources['Frontend']!.Properties['InstanceType'], 't3.large');
    assert.deepEqual(change.changes.map((item) => [item.logicalId, item.action, item.replacement]), [['Frontend', 'Modify', 'False']]);
  });

  it('GIVEN nothing differs WHEN translated THEN it says the template would not change', () => {
    const result = translateToIac({ before: sampleInventory(), after: sampleInventory(), touched: new Set([ids.web1]), stack: noStack });
    assert.equal(result.success, false);
  });
});
