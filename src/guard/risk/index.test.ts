import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Inventory } from '../../cloud/inventory.js';
import { sampleInventory, SAMPLE_IDS } from '../../cloud/testing/sample-inventory.js';
import type { Intent } from '../../plan/intent.js';
import type { RiskAssessment } from '../decision.js';
import { instancesNamed, planFor, taggedInventory } from '../testing/plan-fixtures.js';
import { assessRisk } from './index.js';

function risk(intent: Intent, inventory: Inventory = sampleInventory()): RiskAssessment {
  return assessRisk(planFor(intent, inventory), inventory);
}

/** The reasons of the factors at the assessment's own level: what a person is shown first. */
function topReasons(assessment: RiskAssessment): string {
  return assessment.factors.filter((factor) => factor.level === assessment.level).map((factor) => factor.reason).join(' | ');
}

const launch = (count: number, instanceType?: string): Intent => ({ type: 'create-instances', count, names: ['app-1'], ...(instanceType ? { instanceType } : {}) });

describe('assessRisk', () => {
  it('is none for a plan that only reads', () => {
    assert.equal(risk({ type: 'query', question: 'graph' }).level, 'none');
  });

  it('is low for a few launches and live updates, naming them and the hourly cost', () => {
    const launched = risk(launch(2));
    assert.equal(launched.level, 'low');
    assert.match(topReasons(launched), /launches 2 instances \(app-1, app-2\): \$0\.0208\/hour on demand/);
    const tagged = risk({ type: 'tag', targets: instancesNamed('web-3'), tags: { team: 'shop' } });
    assert.equal(tagged.level, 'low');
    assert.match(topReasons(tagged), /updates web-3 \(i-0a1b2c3d4e5f60003\) in place/);
  });

  it('is medium for a stop and start, one delete, or 4 to 10 launches', () => {
    const resize = risk({ type: 'resize', targets: instancesNamed('web-3'), instanceType: 't3.large' });
    assert.equal(resize.level, 'medium');
    assert.match(topReasons(resize), /stops and starts web-3 \(i-0a1b2c3d4e5f60003\)/);
    const terminate = risk({ type: 'instance-power', action: 'terminate', targets: instancesNamed('web-3') });
    assert.equal(terminate.level, 'medium');
    assert.match(topReasons(terminate), /terminates web-3 \(i-0a1b2c3d4e5f60003\), which cannot be undone/);
    assert.equal(risk(launch(4)).level, 'medium');
    assert.equal(risk(launch(10)).level, 'medium');
  });

  it('counts what depends on a stopped instance: web-1 serves traffic through shop-tg', () => {
    const stop = risk({ type: 'instance-power', action: 'stop', targets: instancesNamed('web-1') });
    assert.equal(stop.level, 'medium');
    assert.match(topReasons(stop), /1 resource depends on what the plan deletes, replaces or stops: target-group shop-tg/);
    assert.match(topReasons(stop), /stops web-1 \(i-0a1b2c3d4e5f60001\): down until started again/);
  });

  it('is medium for replacing api-1, whose data volume, address and target group come along', () => {
    const spot = risk({ type: 'set-market', targets: instancesNamed('api-1'), market: 'spot' });
    assert.equal(spot.level, 'medium');
    assert.match(topReasons(spot), /replaces api-1 \(i-0a1b2c3d4e5f60004\)/);
    assert.match(topReasons(spot), /3 resources depend on .*volume api-data .*elastic-ip api-ip .*target-group shop-tg/);
  });

  it('is high for bulk deletes, naming every instance', () => {
    const bulk = risk({ type: 'instance-power', action: 'terminate', targets: { kind: 'instance', selector: { by: 'names', names: ['web-1', 'web-3'] } } });
    assert.equal(bulk.level, 'high');
    assert.match(topReasons(bulk), /deletes or replaces 2 resources at once: terminates web-1 \(i-0a1b2c3d4e5f60001\), terminates web-3 \(i-0a1b2c3d4e5f60003\)/);
  });

  it('is high for deleting, replacing or stopping anything tagged env=prod, and medium for a live change to it', () => {
    const inventory = taggedInventory({ [SAMPLE_IDS.web3]: { env: 'prod' } });
    for (const intent of [
      { type: 'instance-power', action: 'terminate', targets: instancesNamed('web-3') },
      { type: 'instance-power', action: 'stop', targets: instancesNamed('web-3') },
      { type: 'resize', targets: instancesNamed('web-3'), instanceType: 't3.large' },
    ] satisfies Intent[]) {
      const assessed = risk(intent, inventory);
      assert.equal(assessed.level, 'high', intent.type);
      assert.match(topReasons(assessed), /web-3 \(i-0a1b2c3d4e5f60003\), tagged env=prod/);
    }
    const tagged = risk({ type: 'tag', targets: instancesNamed('web-3'), tags: { team: 'shop' } }, inventory);
    assert.equal(tagged.level, 'medium');
    assert.match(topReasons(tagged), /changes web-3 \(i-0a1b2c3d4e5f60003\), tagged env=prod/);
  });

  it('is high for more than 10 instances, or for more than $5/hour of new capacity', () => {
    const many = risk(launch(11));
    assert.equal(many.level, 'high');
    assert.match(topReasons(many), /launches 11 instances/);
    const costly = risk(launch(7, 'm5.4xlarge'));
    assert.equal(costly.level, 'high');
    assert.match(topReasons(costly), /the new instances cost \$5\.38\/hour on demand \(7 × m5\.4xlarge at \$0\.768\), more than \$5\.00\/hour/);
  });

  it('is high when more than 3 resources depend on what is replaced', () => {
    const base = sampleInventory();
    const extra = { ...base.volumes.find((volume) => volume.id === SAMPLE_IDS.logs)!, id: 'vol-0a1b2c3d4e5f600ff', name: 'api-cache', tags: { Name: 'api-cache' }, availabilityZone: 'us-east-1a', state: 'in-use', attachment: { instanceId: SAMPLE_IDS.api1, device: '/dev/sdg', state: 'attached', deleteOnTermination: false } };
    const inventory: Inventory = {
      ...base,
      volumes: [...base.volumes, extra],
      instances: base.instances.map((instance) => (instance.id === SAMPLE_IDS.api1 ? { ...instance, volumes: [...instance.volumes, { volumeId: extra.id, device: '/dev/sdg', deleteOnTermination: false }] } : instance)),
    };
    const spot = risk({ type: 'set-market', targets: instancesNamed('api-1'), market: 'spot' }, inventory);
    assert.equal(spot.level, 'high');
    assert.match(topReasons(spot), /4 resources depend on .*api-cache/);
  });
});
