import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { CloudFormationTemplate } from './export-template.js';
import { predictChanges } from './predict-changes.js';
import { protectionLast } from './protection-last.js';

const empty: CloudFormationTemplate = { AWSTemplateFormatVersion: '2010-09-09', Description: 'test', Resources: {} };
const balancer = (attributes?: { Key: string; Value: string }[]) => ({ Type: 'AWS::ElasticLoadBalancingV2::LoadBalancer', Properties: { Name: 'shop-lb', Subnets: ['subnet-1', 'subnet-2'], ...(attributes ? { LoadBalancerAttributes: attributes } : {}) } });

describe('protectionLast', () => {
  it('GIVEN a new stack with a protected load balancer WHEN it is phased THEN the balancer is created unprotected and a last update turns protection on', () => {
    const desired: CloudFormationTemplate = { ...empty, Resources: { ShopLb: balancer([{ Key: 'deletion_protection.enabled', Value: 'true' }]) } };
    const phases = protectionLast(empty, [{ template: desired, changes: predictChanges(empty, desired), reviewed: true, purpose: 'apply the change' }]);
    assert.equal(phases.length, 2);
    assert.equal(phases[0]!.template.Resources['ShopLb']!.Properties['LoadBalancerAttributes'], undefined);
    assert.deepEqual(phases[0]!.changes.map((change) => [change.logicalId, change.action]), [['ShopLb', 'Add']]);
    assert.equal(phases[1]!.template, desired);
    assert.deepEqual(phases[1]!.changes.map((change) => [change.logicalId, change.action, change.replacement]), [['ShopLb', 'Modify', 'False']]);
    assert.match(phases[1]!.purpose, /^turn on deletion protection for ShopLb/);
  });

  it('GIVEN a balancer the stack already has, or one without protection THEN the phases stay as they are', () => {
    const protectedOne = { ...empty, Resources: { ShopLb: balancer([{ Key: 'deletion_protection.enabled', Value: 'true' }]) } };
    const tagged = { ...protectedOne, Resources: { ShopLb: { ...protectedOne.Resources.ShopLb, Properties: { ...protectedOne.Resources.ShopLb.Properties, Tags: [{ Key: 'team', Value: 'web' }] } } } };
    assert.equal(protectionLast(protectedOne, [{ template: tagged, changes: [], reviewed: true, purpose: 'tag' }]).length, 1);
    const plain = { ...empty, Resources: { ShopLb: balancer() } };
    assert.equal(protectionLast(empty, [{ template: plain, changes: [], reviewed: true, purpose: 'add' }]).length, 1);
  });
});
