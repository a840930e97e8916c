import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { SAMPLE_IDS, sampleResource } from '../../cloud/testing/sample-inventory.js';
import { matchesWhen, valuesAt } from './custom-rules.js';

const api = sampleResource(SAMPLE_IDS.api1);
const webSg = sampleResource(SAMPLE_IDS.webSg);

describe('custom rule conditions', () => {
  it('reads dotted paths, walking into lists, and yields nothing for a missing field', () => {
    assert.deepEqual(valuesAt(api, 'tags.Name'), ['api-1']);
    assert.deepEqual(valuesAt(api, 'volumes.device'), ['/dev/xvda', '/dev/sdf']);
    assert.deepEqual(valuesAt(webSg, 'rules.fromPort'), [80, 443]);
    assert.deepEqual(valuesAt(api, 'tags.env'), []);
    assert.deepEqual(valuesAt(api, 'publicIpAddress.length'), []);
  });

  it('matches plain values and in: when any value matches, the way YAML writes them', () => {
    assert.equal(matchesWhen(api, { instanceType: 't3.small' }), true);
    assert.equal(matchesWhen(webSg, { 'rules.fromPort': '443' }), true, 'a quoted number matches the number');
    assert.equal(matchesWhen(api, { instanceType: { in: ['m5.large', 't3.small'] } }), true);
    assert.equal(matchesWhen(api, { instanceType: { in: ['m5.large'] } }), false);
  });

  it('holds notIn only when no value is listed, and exists by whether there is a value', () => {
    assert.equal(matchesWhen(api, { 'volumes.device': { notIn: ['/dev/sdz'] } }), true);
    assert.equal(matchesWhen(api, { 'volumes.device': { notIn: ['/dev/sdf'] } }), false);
    assert.equal(matchesWhen(api, { 'tags.owner': { exists: false } }), true);
    assert.equal(matchesWhen(api, { 'tags.owner': { exists: true } }), false);
  });

  it('matches a regular expression against text values, and needs every condition to hold', () => {
    assert.equal(matchesWhen(api, { name: { matches: '^api-\\d+$' } }), true);
    assert.equal(matchesWhen(api, { name: { matches: '^api-\\d+$' }, lifecycle: 'spot' }), false);
    assert.equal(matchesWhen(webSg, { 'rules.fromPort': { matches: '80' } }), false, 'numbers are not text');
  });
});
