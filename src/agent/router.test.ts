import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Intent } from '../plan/intent.js';
import { chooseModality } from './router.js';

const web1 = { kind: 'instance', selector: { by: 'name', name: 'web-1' } } as const;
const terminate: Intent = { type: 'instance-power', action: 'terminate', targets: web1 };
const stop: Intent = { type: 'instance-power', action: 'stop', targets: web1 };
const remove: Intent = { type: 'delete', targets: { kind: 'volume', selector: { by: 'name', name: 'data-1' } } };

describe('chooseModality', () => {
  it('GIVEN a terminate of an instance a stack manages WHEN auto routes it THEN IaC removes it from the stack, and the reason says the SDK would leave the stack drifted', () => {
    const route = chooseModality(terminate, 'auto', true, { replaces: false, deletes: true, stack: 'cirro-shop-vpc' });
    assert.equal(route.modality, 'iac');
    assert.match(route.reason, /^terminating resources stack cirro-shop-vpc manages: removing them from its template has CloudFormation delete them, so the stack stays true; the SDK would leave the stack naming resources that are gone \(drift\)$/);
  });

  it('GIVEN a delete of a volume a stack manages WHEN auto routes it THEN IaC, with the reason naming the deletion', () => {
    const route = chooseModality(remove, 'auto', true, { replaces: false, deletes: true, stack: 'shop' });
    assert.equal(route.modality, 'iac');
    assert.match(route.reason, /^deleting resources stack shop manages/);
  });

  it('GIVEN a terminate of an instance no stack manages WHEN auto routes it THEN the SDK (an update), as before', () => {
    assert.equal(chooseModality(terminate, 'auto', true, { replaces: false, deletes: true }).modality, 'sdk');
  });

  it('GIVEN a stop of a stack-managed instance WHEN auto routes it THEN the SDK: a stop has no template form', () => {
    assert.equal(chooseModality(stop, 'auto', true, { replaces: false, deletes: false, stack: 'shop' }).modality, 'sdk');
  });

  it('GIVEN --modality sdk for a stack-managed terminate THEN the user\'s choice stands', () => {
    assert.equal(chooseModality(terminate, 'sdk', true, { replaces: false, deletes: true, stack: 'shop' }).modality, 'sdk');
  });
});
