import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { rejects } from '../test-assertions.js';
import { Elbv2TestWorld } from '../test-world.js';

function setup() {
  const world = new Elbv2TestWorld();
  const { vpcId, subnets } = world.defaultNetwork();
  const twoZones = [subnets[0]!.id, subnets[1]!.id];
  const application = world.call('CreateLoadBalancer', { Name: 'web', Subnets: twoZones }).LoadBalancers[0].LoadBalancerArn;
  const network = world.call('CreateLoadBalancer', { Name: 'tcp', Type: 'network', Subnets: twoZones }).LoadBalancers[0].LoadBalancerArn;
  const http = world.call('CreateTargetGroup', { Name: 'web', Protocol: 'HTTP', Port: 80, VpcId: vpcId }).TargetGroups[0].TargetGroupArn;
  const tcp = world.call('CreateTargetGroup', { Name: 'tcp', Protocol: 'TCP', Port: 80, VpcId: vpcId }).TargetGroups[0].TargetGroupArn;
  const forward = (TargetGroupArn: string) => [{ Type: 'forward', TargetGroupArn }];
  return { world, vpcId, subnets, application, network, http, tcp, forward };
}

describe('CreateListener', () => {
  it('describes a forward action with its ForwardConfig, as AWS does, and a listener ARN under the load balancer', () => {
    const { world, application, http, forward } = setup();
    const [listener] = world.call('CreateListener', { LoadBalancerArn: application, Protocol: 'HTTP', Port: 80, DefaultActions: forward(http) }).Listeners;
    assert.equal(listener.ListenerArn.startsWith(application.replace(':loadbalancer/', ':listener/') + '/'), true);
    assert.deepEqual(listener.DefaultActions, [{
      Type: 'forward',
      TargetGroupArn: http,
      ForwardConfig: { TargetGroups: [{ TargetGroupArn: http, Weight: 1 }], TargetGroupStickinessConfig: { Enabled: false } },
    }]);
  });

  it('accepts redirects and fixed responses on an Application Load Balancer, filling in the redirect as AWS does', () => {
    const { world, application } = setup();
    const redirect = world.call('CreateListener', {
      LoadBalancerArn: application,
      Protocol: 'HTTP',
      Port: 80,
      DefaultActions: [{ Type: 'redirect', RedirectConfig: { Protocol: 'HTTPS', Port: '443', StatusCode: 'HTTP_301' } }],
    }).Listeners[0];
    assert.deepEqual(redirect.DefaultActions[0].RedirectConfig, { Protocol: 'HTTPS', Port: '443', Host: '#{host}', Path: '/#{path}', Query: '#{query}', StatusCode: 'HTTP_301' });
    const fixed = world.call('CreateListener', {
      LoadBalancerArn: application,
      Protocol: 'HTTP',
      Port: 8080,
      DefaultActions: [{ Type: 'fixed-response', FixedResponseConfig: { StatusCode: '503', ContentType: 'text/plain', MessageBody: 'down' } }],
    }).Listeners[0];
    assert.equal(fixed.DefaultActions[0].FixedResponseConfig.StatusCode, '503');
    rejects(() => world.call('CreateListener', {
      LoadBalancerArn: application, Protocol: 'HTTP', Port: 8081, DefaultActions: [{ Type: 'fixed-response', FixedResponseConfig: { StatusCode: '302' } }],
    }), 'ValidationError', /regular expression pattern/);
  });

  it('rejects duplicate ports, protocols the load balancer does not speak, and mismatched target groups', () => {
    const { world, application, network, http, tcp, forward } = setup();
    world.call('CreateListener', { LoadBalancerArn: application, Protocol: 'HTTP', Port: 80, DefaultActions: forward(http) });
    const again = world.call('CreateListener', { LoadBalancerArn: application, Protocol: 'HTTP', Port: 80, DefaultActions: forward(http) });
    assert.equal(world.call('DescribeListeners', { LoadBalancerArn: application }).Listeners.length, 1, `idempotent: ${again.Listeners[0].ListenerArn}`);
    rejects(() => world.call('CreateListener', { LoadBalancerArn: application, Protocol: 'HTTPS', Port: 80, DefaultActions: forward(http), Certificates: [{ CertificateArn: 'arn:aws:acm:us-east-1:123456789012:certificate/abc' }] }), 'DuplicateListener');
    rejects(() => world.call('CreateListener', { LoadBalancerArn: application, Protocol: 'TCP', Port: 81, DefaultActions: forward(http) }), 'ValidationError', /must be one of 'HTTP, HTTPS'/);
    rejects(() => world.call('CreateListener', { LoadBalancerArn: application, Protocol: 'HTTP', Port: 82, DefaultActions: forward(tcp) }), 'IncompatibleProtocols');
    rejects(() => world.call('CreateListener', { LoadBalancerArn: network, Protocol: 'TCP', Port: 80, DefaultActions: [{ Type: 'fixed-response', FixedResponseConfig: { StatusCode: '200' } }] }), 'InvalidLoadBalancerAction');
    rejects(() => world.call('CreateListener', { LoadBalancerArn: application, Protocol: 'HTTPS', Port: 443, DefaultActions: forward(http) }), 'ValidationError', /exactly one certificate/);
  });

  it('refuses to put one instance target group behind two load balancers', () => {
    const { world, application, subnets, http, forward } = setup();
    const other = world.call('CreateLoadBalancer', { Name: 'other', Subnets: [subnets[0]!.id, subnets[1]!.id] }).LoadBalancers[0].LoadBalancerArn;
    world.call('CreateListener', { LoadBalancerArn: application, Protocol: 'HTTP', Port: 80, DefaultActions: forward(http) });
    rejects(() => world.call('CreateListener', { LoadBalancerArn: other, Protocol: 'HTTP', Port: 80, DefaultActions: forward(http) }), 'TargetGroupAssociationLimit', new RegExp(http));
  });

  it('forwards from a TCP listener of a Network Load Balancer to a TCP group', () => {
    const { world, network, tcp, forward } = setup();
    const [listener] = world.call('CreateListener', { LoadBalancerArn: network, Protocol: 'TCP', Port: 80, DefaultActions: forward(tcp) }).Listeners;
    assert.match(listener.ListenerArn, /:listener\/net\/tcp\//);
  });
});

describe('ModifyListener and rules', () => {
  it('moves a listener to another group and keeps LoadBalancerArns of both groups right', () => {
    const { world, application, vpcId, http, forward } = setup();
    const next = world.call('CreateTargetGroup', { Name: 'next', Protocol: 'HTTP', Port: 8080, VpcId: vpcId }).TargetGroups[0].TargetGroupArn;
    const listener = world.call('CreateListener', { LoadBalancerArn: application, Protocol: 'HTTP', Port: 80, DefaultActions: forward(http) }).Listeners[0].ListenerArn;
    world.call('ModifyListener', { ListenerArn: listener, DefaultActions: forward(next) });
    const groups = world.call('DescribeTargetGroups', { TargetGroupArns: [http, next] }).TargetGroups;
    assert.deepEqual(groups.map((group: { LoadBalancerArns: string[] }) => group.LoadBalancerArns), [[], [application]]);
  });

  it('creates rules by priority, lists them before the default rule, and guards priorities and the default rule', () => {
    const { world, application, vpcId, http, forward } = setup();
    const api = world.call('CreateTargetGroup', { Name: 'api', Protocol: 'HTTP', Port: 8080, VpcId: vpcId }).TargetGroups[0].TargetGroupArn;
    const listener = world.call('CreateListener', { LoadBalancerArn: application, Protocol: 'HTTP', Port: 80, DefaultActions: forward(http) }).Listeners[0].ListenerArn;
    const pathRule = (Priority: number) => ({ ListenerArn: listener, Priority, Conditions: [{ Field: 'path-pattern', Values: ['/api/*'] }], Actions: forward(api) });
    const [rule] = world.call('CreateRule', pathRule(10)).Rules;
    assert.deepEqual(rule.Conditions, [{ Field: 'path-pattern', Values: ['/api/*'], PathPatternConfig: { Values: ['/api/*'] } }]);
    assert.equal(rule.Priority, '10');
    rejects(() => world.call('CreateRule', pathRule(10)), 'PriorityInUse');
    world.call('CreateRule', { ...pathRule(5), Conditions: [{ Field: 'host-header', Values: ['api.example.com'] }] });
    const rules = world.call('DescribeRules', { ListenerArn: listener }).Rules;
    assert.deepEqual(rules.map((item: { Priority: string }) => item.Priority), ['5', '10', 'default']);
    const defaultRule = rules[2].RuleArn;
    rejects(() => world.call('DeleteRule', { RuleArn: defaultRule }), 'OperationNotPermitted');
    assert.deepEqual(world.call('DescribeTargetGroups', { TargetGroupArns: [api] }).TargetGroups[0].LoadBalancerArns, [application]);
    rejects(() => world.call('DeleteTargetGroup', { TargetGroupArn: api }), 'ResourceInUse');
    world.call('DeleteRule', { RuleArn: rule.RuleArn });
    world.call('DeleteRule', { RuleArn: rules[0].RuleArn });
    assert.deepEqual(world.call('DescribeTargetGroups', { TargetGroupArns: [api] }).TargetGroups[0].LoadBalancerArns, []);
    world.call('DeleteTargetGroup', { TargetGroupArn: api });
  });
});
