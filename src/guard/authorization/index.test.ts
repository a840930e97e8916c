import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createAuthorizer } from './index.js';
import type { AuthorizationRequest, AuthorizationResult, Authorizer } from './types.js';

function authorizer(options: Parameters<typeof createAuthorizer>[0] = {}): Authorizer {
  const created = createAuthorizer(options);
  assert.ok(created.ok, created.ok ? '' : created.error);
  return created.value;
}

const prodWeb = { kind: 'instance', id: 'i-0a1b2c3d4e5f60001', tags: { Name: 'web-1', env: 'prod' } };
const stagingWeb = { kind: 'instance', id: 'i-0a1b2c3d4e5f60002', tags: { Name: 'web-2', env: 'staging' } };

function request(role: string, action: string, effect: AuthorizationRequest['effect'], resource: AuthorizationRequest['resource']): AuthorizationRequest {
  return { role, agent: 'cirro-ask', action, effect, resource };
}

function refusal(result: AuthorizationResult): Extract<AuthorizationResult, { allowed: false }> {
  assert.equal(result.allowed, false, `expected a refusal, got ${JSON.stringify(result)}`);
  return result as Extract<AuthorizationResult, { allowed: false }>;
}

describe('the built-in roles', () => {
  it('let reader read anything but refuse a create, naming role, action, resource and how to get the permission', () => {
    const engine = authorizer();
    assert.deepEqual(engine.authorize(request('reader', 'ec2:DescribeInstances', 'read', undefined)), { allowed: true, policies: ['reader-may-read'] });
    const refused = refusal(engine.authorize(request('reader', 'ec2:RunInstances', 'create', { kind: 'instance', id: 'web-4', tags: { Name: 'web-4' } })));
    assert.match(refused.reason, /^role reader may not ec2:RunInstances \(create\) on instance web-4: /);
    assert.match(refused.reason, /run with --role operator, set CIRRO_ROLE=operator, or put `role: operator` in \.cirro\/policy\.yaml/);
    assert.deepEqual(refused.policies, []);
  });

  it('refuse operator deleting or replacing an env=prod instance, but allow it on a staging one', () => {
    const engine = authorizer();
    for (const effect of ['delete', 'replace'] as const) {
      const refused = refusal(engine.authorize(request('operator', 'ec2:TerminateInstances', effect, prodWeb)));
      assert.deepEqual(refused.policies, ['only-admin-deletes-prod']);
      assert.match(refused.reason, /instance web-1 \(i-0a1b2c3d4e5f60001\)/);
      assert.match(refused.reason, /only the admin role may delete or replace resources tagged env=prod/);
    }
    assert.equal(engine.authorize(request('operator', 'ec2:TerminateInstances', 'delete', stagingWeb)).allowed, true);
    assert.equal(engine.authorize(request('operator', 'ec2:StopInstances', 'update-stop-start', prodWeb)).allowed, true, 'a stop/start of prod is a risk matter, not forbidden');
  });

  it('let admin delete what is tagged env=prod', () => {
    assert.deepEqual(authorizer().authorize(request('admin', 'ec2:TerminateInstances', 'delete', prodWeb)), { allowed: true, policies: ['admin-may-do-anything'] });
  });

  it('refuse an unknown role, naming the roles there are', () => {
    const engine = authorizer({ roles: { deployer: 'permit (principal in Cirro::Role::"deployer", action in Cirro::Action::"read", resource);' } });
    assert.deepEqual(engine.roles, ['reader', 'operator', 'admin', 'deployer']);
    const refused = refusal(engine.authorize(request('superuser', 'ec2:DescribeInstances', 'read', undefined)));
    assert.match(refused.reason, /there is no role superuser \(known roles: reader, operator, admin, deployer\)/);
  });
});

describe('project roles and policies', () => {
  const deployer = [
    '@id("deployer-reads") permit (principal in Cirro::Role::"deployer", action in Cirro::Action::"read", resource);',
    'permit (principal in Cirro::Role::"deployer", action in [Cirro::Action::"create", Cirro::Action::"update"], resource)',
    '  when { resource.hasTag("team") && resource.getTag("team") == "web" };',
  ].join('\n');

  it('work as written in Cedar: a deployer may change team=web resources and nothing else', () => {
    const engine = authorizer({ roles: { deployer } });
    const web = { kind: 'instance', id: 'i-1', tags: { Name: 'web-9', team: 'web' } };
    assert.deepEqual(engine.authorize(request('deployer', 'ec2:CreateTags', 'update-live', web)), { allowed: true, policies: ['role:deployer#2'] });
    assert.deepEqual(engine.authorize(request('deployer', 'ec2:DescribeVpcs', 'read', undefined)), { allowed: true, policies: ['deployer-reads'] });
    const refused = refusal(engine.authorize(request('deployer', 'ec2:CreateTags', 'update-live', { kind: 'instance', id: 'i-2', tags: { team: 'data' } })));
    assert.match(refused.reason, /role deployer may not ec2:CreateTags \(update-live\) on instance i-2: no policy permits it for role deployer; add a permit for it to roles\.deployer/);
    assert.equal(engine.authorize(request('deployer', 'ec2:TerminateInstances', 'delete', web)).allowed, false);
  });

  it('cannot grant a project role what the env=prod rule forbids', () => {
    const engine = authorizer({ roles: { janitor: 'permit (principal in Cirro::Role::"janitor", action, resource);' } });
    assert.equal(engine.authorize(request('janitor', 'ec2:DeleteVolume', 'delete', { kind: 'volume', id: 'vol-1', tags: {} })).allowed, true);
    assert.deepEqual(refusal(engine.authorize(request('janitor', 'ec2:DeleteVolume', 'delete', { kind: 'volume', id: 'vol-2', tags: { env: 'prod' } }))).policies, ['only-admin-deletes-prod']);
  });

  it('apply extra policies to every role, and say which one forbade and why', () => {
    const policies = '@id("payments-stay") @reason("the payments team owns these; ask #payments")\nforbid (principal, action in Cirro::Action::"delete", resource) when { resource.hasTag("team") && resource.getTag("team") == "payments" };';
    const engine = authorizer({ policies });
    const refused = refusal(engine.authorize(request('operator', 'elbv2:DeleteLoadBalancer', 'delete', { kind: 'load-balancer', id: 'arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/pay-lb/50dc6c495c0c9188', tags: { team: 'payments' } })));
    assert.deepEqual(refused.policies, ['payments-stay']);
    assert.match(refused.reason, /on load-balancer app\/pay-lb\/50dc6c495c0c9188: policy payments-stay in \.cirro\/policy\.yaml forbids it: the payments team owns these; ask #payments/);
  });

  it('refuse a role whose text reaches other principals, saying how to scope it', () => {
    const created = createAuthorizer({ roles: { deployer: 'permit (principal in Cirro::Role::"operator", action, resource);' } });
    assert.equal(created.ok, false);
    assert.match(!created.ok ? created.error : '', /role deployer: policy role:deployer#1 is scoped to principal in Cirro::Role::"operator"; write `principal in Cirro::Role::"deployer"`/);
    const unscoped = createAuthorizer({ roles: { deployer: 'permit (principal, action, resource);' } });
    assert.match(!unscoped.ok ? unscoped.error : '', /role deployer: policy role:deployer#1 applies to every principal/);
  });

  it('report a policy that does not parse at creation, naming the role, the line and Cedar\'s error', () => {
    const created = createAuthorizer({ roles: { deployer: 'permit (principal in Cirro::Role::"deployer", action in Cirro::Action::"read", resource);\npermit (principal in Cirro::Role::"deployer" action, resource);' } });
    assert.equal(created.ok, false);
    assert.match(!created.ok ? created.error : '', /^role deployer: line 2, column \d+: .*unexpected token/);
    const broken = createAuthorizer({ policies: 'forbid (principal, action, resource) when { resource.kind == };' });
    assert.match(!broken.ok ? broken.error : '', /^project policies: line 1/);
  });

  it('refuse, never allow, when a policy fails to evaluate, listing the errors', () => {
    // operator is permitted everything, but this project policy reads an attribute resources do not have.
    const engine = authorizer({ policies: '@id("owners-only") forbid (principal, action in Cirro::Action::"delete", resource) unless { resource.owner == "me" };' });
    const refused = refusal(engine.authorize(request('operator', 'ec2:DeleteVolume', 'delete', { kind: 'volume', id: 'vol-1', tags: {} })));
    assert.deepEqual(refused.policies, ['owners-only']);
    assert.equal(refused.errors.length, 1);
    assert.match(refused.errors[0]!, /^owners-only: .*owner/);
    assert.match(refused.reason, /policy owners-only failed to evaluate .*a policy that fails refuses rather than allows/);
  });

  it('refuse duplicate policy ids and templates', () => {
    const duplicate = createAuthorizer({ policies: '@id("operator-may-change") permit (principal, action, resource);' });
    assert.match(!duplicate.ok ? duplicate.error : '', /policy id operator-may-change is already taken \(a built-in policy\)/);
    const template = createAuthorizer({ policies: 'permit (principal == ?principal, action, resource);' });
    assert.match(!template.ok ? template.error : '', /templates .* are not supported/);
  });
});

describe('the memo', () => {
  it('answers a repeated request as the engine does, and tells apart requests that differ only in a tag', () => {
    const cached = authorizer();
    const uncached = authorizer({ cacheSize: 0 });
    const requests = [prodWeb, stagingWeb, prodWeb, { ...prodWeb, tags: { ...prodWeb.tags, env: 'dev' } }, prodWeb]
      .map((resource) => request('operator', 'ec2:TerminateInstances', 'delete', resource));
    assert.deepEqual(requests.map((item) => cached.authorize(item).allowed), [false, true, false, true, false]);
    assert.deepEqual(requests.map((item) => cached.authorize(item)), requests.map((item) => uncached.authorize(item)));
  });
});
