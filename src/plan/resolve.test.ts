import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { SAMPLE_IDS as ids, sampleInventory } from '../cloud/testing/sample-inventory.js';
import type { InstanceView } from '../cloud/inventory.js';
import { resolveTargets, type Resolution } from './resolve.js';

const inventory = sampleInventory();

function foundIds(resolution: Resolution): string[] {
  assert.equal(resolution.type, 'found', resolution.type === 'found' ? '' : resolution.message);
  return resolution.type === 'found' ? resolution.resources.map((resource) => resource.id) : [];
}

describe('resolveTargets by name and id', () => {
  it('finds an instance by its Name tag, exactly and regardless of case', () => {
    assert.deepEqual(foundIds(resolveTargets(inventory, { kind: 'instance', selector: { by: 'name', name: 'web-1' } }, 'change')), [ids.web1]);
    assert.deepEqual(foundIds(resolveTargets(inventory, { kind: 'instance', selector: { by: 'name', name: 'WEB-1' } }, 'change')), [ids.web1]);
  });

  it('types the found views by the target kind', () => {
    const resolution = resolveTargets(inventory, { kind: 'instance', selector: { by: 'id', id: ids.api1 } }, 'read');
    assert.equal(resolution.type, 'found');
    const views: readonly InstanceView[] = resolution.type === 'found' ? resolution.resources : [];
    assert.equal(views[0]?.instanceType, 't3.small');
  });

  it('takes an id where a name was expected, and a name where an id was expected', () => {
    assert.deepEqual(foundIds(resolveTargets(inventory, { kind: 'instance', selector: { by: 'name', name: ids.web2 } }, 'change')), [ids.web2]);
    assert.deepEqual(foundIds(resolveTargets(inventory, { kind: 'instance', selector: { by: 'id', id: 'db-1' } }, 'change')), [ids.db1]);
  });

  it('finds an Elastic IP by its address, a security group by its group name, a load balancer by its name', () => {
    assert.deepEqual(foundIds(resolveTargets(inventory, { kind: 'elastic-ip', selector: { by: 'id', id: '3.80.0.1' } }, 'change')), [ids.apiIp]);
    assert.deepEqual(foundIds(resolveTargets(inventory, { kind: 'security-group', selector: { by: 'name', name: 'web-sg' } }, 'change')), [ids.webSg]);
    assert.deepEqual(foundIds(resolveTargets(inventory, { kind: 'load-balancer', selector: { by: 'name', name: 'shop-lb' } }, 'read')), [ids.loadBalancer]);
  });

  it('finds an instance by its private or public address, and a load balancer by its DNS name', () => {
    assert.deepEqual(foundIds(resolveTargets(inventory, { kind: 'instance', selector: { by: 'id', id: '10.0.2.12' } }, 'read')), [ids.web2]);
    assert.deepEqual(foundIds(resolveTargets(inventory, { kind: 'instance', selector: { by: 'id', id: '54.0.0.11' } }, 'read')), [ids.web1]);
    assert.deepEqual(foundIds(resolveTargets(inventory, { kind: 'load-balancer', selector: { by: 'id', id: 'shop-lb-1234567890.us-east-1.elb.amazonaws.com' } }, 'read')), [ids.loadBalancer]);
  });

  it('expands a wildcard in natural order and changes them all (a pattern means several)', () => {
    assert.deepEqual(foundIds(resolveTargets(inventory, { kind: 'instance', selector: { by: 'name', name: 'web-*' } }, 'change')), [ids.web1, ids.web2, ids.web3]);
  });

  it('says when a pattern matches nothing', () => {
    const resolution = resolveTargets(inventory, { kind: 'instance', selector: { by: 'name', name: 'cache-*' } }, 'read');
    assert.equal(resolution.type, 'not-found');
    assert.match(resolution.type === 'not-found' ? resolution.message : '', /^cache-\*: no instance name matches this pattern/);
  });
});

describe('resolveTargets when nothing matches', () => {
  it('suggests the near names, as STYLE.md rule 9 shows', () => {
    const resolution = resolveTargets(inventory, { kind: 'instance', selector: { by: 'name', name: 'web-99' } }, 'change');
    assert.deepEqual(resolution, {
      type: 'not-found',
      message: 'web-99: no instance has this Name tag (did you mean web-1, web-2, web-3?)',
      suggestions: ['web-1', 'web-2', 'web-3'],
    });
  });

  it('catches a typo by edit distance', () => {
    const resolution = resolveTargets(inventory, { kind: 'instance', selector: { by: 'name', name: 'api1' } }, 'change');
    assert.equal(resolution.type, 'not-found');
    assert.deepEqual(resolution.type === 'not-found' ? resolution.suggestions[0] : undefined, 'api-1');
  });

  it('says when the name belongs to a different kind', () => {
    const resolution = resolveTargets(inventory, { kind: 'instance', selector: { by: 'name', name: 'logs' } }, 'change');
    assert.equal(resolution.type, 'not-found');
    assert.match(resolution.type === 'not-found' ? resolution.message : '', /^logs: no instance has this Name tag.*; logs is a volume \(vol-0a1b2c3d4e5f60011\), not an instance$/);
  });

  it('says when the only instance with the name is terminated, and never resolves to it', () => {
    const resolution = resolveTargets(inventory, { kind: 'instance', selector: { by: 'name', name: 'old-1' } }, 'read');
    assert.equal(resolution.type, 'not-found');
    assert.match(resolution.type === 'not-found' ? resolution.message : '', /i-0a1b2c3d4e5f60006 had it but is terminated/);
  });

  it('lists what exists when nothing is near, and says when a kind is empty', () => {
    const noNear = resolveTargets(inventory, { kind: 'load-balancer', selector: { by: 'name', name: 'zzz' } }, 'read');
    assert.equal(noNear.type === 'not-found' ? noNear.message : '', 'zzz: no load balancer has this name (load balancers here: shop-lb)');
    const empty = resolveTargets(sampleInventory({ loadBalancers: [] }), { kind: 'load-balancer', selector: { by: 'name', name: 'zzz' } }, 'read');
    assert.equal(empty.type === 'not-found' ? empty.message : '', 'zzz: no load balancer has this name (there are no load balancers in us-east-1)');
  });

  it('reports an unknown id as an id, with near ids', () => {
    const resolution = resolveTargets(inventory, { kind: 'instance', selector: { by: 'id', id: 'i-0a1b2c3d4e5f60009' } }, 'change');
    assert.equal(resolution.type, 'not-found');
    assert.match(resolution.type === 'not-found' ? resolution.message : '', /^i-0a1b2c3d4e5f60009: no instance has this id \(did you mean i-0a1b2c3d4e5f600/);
  });

  it('notes that the kind was not read, or could not be, so an empty answer is not mistaken for the truth', () => {
    const narrow = resolveTargets(sampleInventory({ kinds: ['instance'], volumes: [] }), { kind: 'volume', selector: { by: 'name', name: 'api-data' } }, 'read');
    assert.equal(narrow.type === 'not-found' ? narrow.message : '', 'api-data: no volume has this Name tag; note: volumes were not read into this inventory');
    const warned = sampleInventory({
      loadBalancers: [], listeners: [], targetGroups: [],
      warnings: [{ service: 'elbv2', kinds: ['load-balancer', 'target-group', 'listener'], code: 'NotImplemented', message: 'load balancers … not read' }],
    });
    const resolution = resolveTargets(warned, { kind: 'load-balancer', selector: { by: 'only' } }, 'read');
    assert.match(resolution.type === 'not-found' ? resolution.message : '', /; note: load balancers … not read$/);
  });
});

describe('resolveTargets with several matches', () => {
  const twins = sampleInventory({
    instances: [...inventory.instances, { ...inventory.instances[1]!, id: 'i-0ffffffffffffff01', state: 'stopped', tags: { Name: 'web-1' }, name: 'web-1', availabilityZone: 'us-east-1b' }],
  });

  it('refuses to guess on a change by one name, and lists the candidates with state and zone', () => {
    const resolution = resolveTargets(twins, { kind: 'instance', selector: { by: 'name', name: 'web-1' } }, 'change');
    assert.equal(resolution.type, 'ambiguous');
    if (resolution.type !== 'ambiguous') return;
    assert.deepEqual(resolution.candidates.map((candidate) => [candidate.id, candidate.state, candidate.availabilityZone]), [
      [ids.web1, 'running', 'us-east-1a'],
      ['i-0ffffffffffffff01', 'stopped', 'us-east-1b'],
    ]);
    assert.equal(resolution.message, 'web-1: 2 instances have this Name tag, and a change must name exactly one; name it by id: i-0a1b2c3d4e5f60001 (running, us-east-1a), i-0ffffffffffffff01 (stopped, us-east-1b)');
  });

  it('answers a question about both', () => {
    assert.deepEqual(foundIds(resolveTargets(twins, { kind: 'instance', selector: { by: 'name', name: 'web-1' } }, 'read')), [ids.web1, 'i-0ffffffffffffff01']);
  });

  it('resolves an expanded range when every name exists, and names the missing ones (suggesting names not already asked for)', () => {
    assert.deepEqual(foundIds(resolveTargets(inventory, { kind: 'instance', selector: { by: 'names', names: ['web-1', 'web-2', 'web-3'] } }, 'change')), [ids.web1, ids.web2, ids.web3]);
    const missing = resolveTargets(inventory, { kind: 'instance', selector: { by: 'names', names: ['web-1', 'web-4', 'web-5'] } }, 'change');
    assert.equal(missing.type, 'not-found');
    assert.match(missing.type === 'not-found' ? missing.message : '', /^web-4, web-5: no instance has these Name tags \(did you mean web-2, web-3\?\)$/);
  });
});

describe('resolveTargets: only and all', () => {
  it('takes "the load balancer" when there is one, and asks which on a change when there are several', () => {
    assert.deepEqual(foundIds(resolveTargets(inventory, { kind: 'load-balancer', selector: { by: 'only' } }, 'change')), [ids.loadBalancer]);
    const two = sampleInventory({ loadBalancers: [...inventory.loadBalancers, { ...inventory.loadBalancers[0]!, id: 'arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/api-lb/1111111111111111', name: 'api-lb' }] });
    const resolution = resolveTargets(two, { kind: 'load-balancer', selector: { by: 'only' } }, 'change');
    assert.equal(resolution.type, 'ambiguous');
    assert.match(resolution.type === 'ambiguous' ? resolution.message : '', /^there are 2 load balancers in us-east-1, so "the load balancer" could be any of them; name the one you mean: app\/shop-lb\/50dc6c495c0c9188 \(shop-lb, active\), app\/api-lb\/1111111111111111 \(api-lb, active\)$/);
  });

  it('takes all live instances, without the terminated one', () => {
    assert.deepEqual(foundIds(resolveTargets(inventory, { kind: 'instance', selector: { by: 'all' } }, 'read')), [ids.web1, ids.web2, ids.web3, ids.api1, ids.db1]);
  });

  it('narrows all to a subnet, a VPC or a load balancer', () => {
    const inSubnet = resolveTargets(inventory, { kind: 'instance', selector: { by: 'all', within: { kind: 'subnet', selector: { by: 'name', name: 'public-b' } } } }, 'change');
    assert.deepEqual(foundIds(inSubnet), [ids.web2, ids.db1]);
    const inDefault = resolveTargets(inventory, { kind: 'instance', selector: { by: 'all', within: { kind: 'vpc', selector: { by: 'id', id: ids.defaultVpc } } } }, 'read');
    assert.deepEqual(foundIds(inDefault), []);
    const behind = resolveTargets(inventory, { kind: 'instance', selector: { by: 'all', within: { kind: 'load-balancer', selector: { by: 'only' } } } }, 'read');
    assert.deepEqual(foundIds(behind), [ids.web1, ids.web2, ids.api1]);
    const volumesInVpc = resolveTargets(inventory, { kind: 'volume', selector: { by: 'all', within: { kind: 'vpc', selector: { by: 'name', name: 'main' } } } }, 'read');
    assert.deepEqual(foundIds(volumesInVpc), [ids.web1Root, ids.api1Root, ids.apiData]);
  });

  it('passes on a container that is not found, and says when a change has nothing to act on', () => {
    const noVpc = resolveTargets(inventory, { kind: 'instance', selector: { by: 'all', within: { kind: 'vpc', selector: { by: 'name', name: 'mian' } } } }, 'change');
    assert.equal(noVpc.type, 'not-found');
    assert.match(noVpc.type === 'not-found' ? noVpc.message : '', /^mian: no VPC has this Name tag \(did you mean main\?\)/);
    const nothing = resolveTargets(inventory, { kind: 'instance', selector: { by: 'all', within: { kind: 'vpc', selector: { by: 'id', id: ids.defaultVpc } } } }, 'change');
    assert.equal(nothing.type === 'not-found' ? nothing.message : '', `there are no instances in ${ids.defaultVpc}, so there is nothing to change`);
  });
});
