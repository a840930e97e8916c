import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { SAMPLE_IDS as ids, sampleInventory } from '../../cloud/testing/sample-inventory.js';
import { resolveExportNames } from './resolve-export-names.js';

describe('resolveExportNames', () => {
  it('takes ids, ARNs, names in any case, group names and wildcards, each resource once', () => {
    const resolved = resolveExportNames(sampleInventory(), [ids.vpc, 'WEB-1', 'web-?', ids.loadBalancer, 'lb-sg']);
    assert.deepEqual(resolved, { ok: true, ids: [ids.vpc, ids.web1, ids.web2, ids.web3, ids.loadBalancer, ids.lbSg] });
  });

  it('names what matches nothing with near matches, and asks which one when a name matches several', () => {
    const resolved = resolveExportNames(sampleInventory(), ['web-99', 'default', 'old-1']);
    assert.equal(resolved.ok, false);
    if (resolved.ok) return;
    assert.match(resolved.problems[0]!, /^web-99: no resource has this name or id \(did you mean web-1, web-2, web-3/);
    assert.match(resolved.problems[1]!, /^default: 2 resources have this name \(security group default \(sg-0d000000000000001\), security group default \(sg-0a1b2c3d4e5f60000\)\); name the one you mean by its id$/);
    assert.match(resolved.problems[2]!, /^old-1: no resource has this name or id/, 'a terminated instance is gone');
  });
});
