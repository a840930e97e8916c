import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { sampleInventory, SAMPLE_IDS } from '../../cloud/testing/sample-inventory.js';
import { instancesNamed, planFor, taggedInventory } from '../testing/plan-fixtures.js';
import { createAuthorizer } from './index.js';
import { authorizePlan } from './plan-authorization.js';
import type { AuthorizationResult, Authorizer } from './types.js';

function authorizer(options: Parameters<typeof createAuthorizer>[0] = {}): Authorizer {
  const created = createAuthorizer(options);
  assert.ok(created.ok, created.ok ? '' : created.error);
  return created.value;
}

const refusedReasons = (results: readonly { result: AuthorizationResult }[]) =>
  results.flatMap(({ result }) => (result.allowed ? [] : [result.reason]));

describe('authorizePlan', () => {
  it('gives one answer per step: a reader may wait and read, but every launch is refused with the fix', () => {
    const plan = planFor({ type: 'create-instances', count: 2, names: ['app-1'] });
    const results = authorizePlan(plan, sampleInventory(), authorizer(), { role: 'reader', agent: 'cirro-ask' });
    assert.deepEqual(results.map((entry) => entry.stepId), plan.steps.map((step) => step.id));
    const launches = plan.steps.filter((step) => step.call.operation === 'RunInstances').map((step) => step.id);
    for (const { stepId, result } of results) assert.equal(result.allowed, !launches.includes(stepId), stepId);
    assert.match(refusedReasons(results)[0]!, /role reader may not ec2:RunInstances \(create\) on instance app-1: .*--role operator/);
  });

  it('refuses an operator terminating instances when one of them is tagged env=prod, naming that one', () => {
    const inventory = taggedInventory({ [SAMPLE_IDS.web2]: { env: 'prod' } });
    const plan = planFor({ type: 'instance-power', action: 'terminate', targets: instancesNamed('web-*') }, inventory);
    const [terminate] = authorizePlan(plan, inventory, authorizer(), { role: 'operator', agent: 'cirro-ask' });
    assert.equal(terminate!.result.allowed, false);
    assert.match(refusedReasons([terminate!])[0]!, /on instance web-2 \(i-0a1b2c3d4e5f60002\): it is tagged env=prod, and only the admin role may delete or replace/);
    const nonProd = planFor({ type: 'instance-power', action: 'terminate', targets: instancesNamed('web-3') }, inventory);
    assert.ok(authorizePlan(nonProd, inventory, authorizer(), { role: 'operator', agent: 'cirro-ask' }).every((entry) => entry.result.allowed));
    assert.ok(authorizePlan(plan, inventory, authorizer(), { role: 'admin', agent: 'cirro-ask' }).every((entry) => entry.result.allowed));
  });

  it('sees a replacement of a prod instance as a replace of env=prod, in the launch of the copy as well as the terminate', () => {
    const inventory = taggedInventory({ [SAMPLE_IDS.api1]: { env: 'prod' } });
    const plan = planFor({ type: 'set-market', targets: instancesNamed('api-1'), market: 'spot' }, inventory);
    const results = authorizePlan(plan, inventory, authorizer(), { role: 'operator', agent: 'cirro-ask' });
    const refused = plan.steps.filter((step, index) => !results[index]!.result.allowed).map((step) => step.call.operation);
    assert.deepEqual(refused, ['RunInstances', 'TerminateInstances']);
  });

  it('takes the tags of resources a plan creates from the create call, so a project policy can see them', () => {
    const policies = '@id("no-prod-launches") @reason("prod capacity goes through the change board")\nforbid (principal, action in Cirro::Action::"create", resource) when { resource.hasTag("env") && resource.getTag("env") == "prod" };';
    const engine = authorizer({ policies });
    const prodLaunch = planFor({ type: 'create-instances', count: 1, names: ['pay-1'], tags: { env: 'prod' } });
    const [launch] = authorizePlan(prodLaunch, sampleInventory(), engine, { role: 'operator', agent: 'cirro-ask' });
    assert.equal(launch!.result.allowed, false);
    assert.deepEqual(launch!.result.policies, ['no-prod-launches']);
    assert.match(refusedReasons([launch!])[0]!, /instance pay-1: policy no-prod-launches .*change board/);
    const devLaunch = planFor({ type: 'create-instances', count: 1, names: ['pay-1'], tags: { env: 'dev' } });
    assert.ok(authorizePlan(devLaunch, sampleInventory(), engine, { role: 'operator', agent: 'cirro-ask' }).every((entry) => entry.result.allowed));
  });
});
