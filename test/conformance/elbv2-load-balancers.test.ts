import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { DescribeSubnetsCommand, DescribeVpcsCommand } from '@aws-sdk/client-ec2';
import {
  AddTagsCommand, CreateListenerCommand, CreateLoadBalancerCommand, CreateRuleCommand, CreateTargetGroupCommand, DeleteListenerCommand,
  DeleteLoadBalancerCommand, DeleteTargetGroupCommand, DescribeListenersCommand, DescribeLoadBalancerAttributesCommand,
  DescribeLoadBalancersCommand, DescribeRulesCommand, DescribeTagsCommand, DescribeTargetGroupAttributesCommand, DescribeTargetGroupsCommand,
  ModifyLoadBalancerAttributesCommand, ModifyTargetGroupAttributesCommand, ModifyTargetGroupCommand, SetSecurityGroupsCommand,
  SetSubnetsCommand, waitUntilLoadBalancerAvailable,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import type { Gym } from '../../src/gym/gym.js';
import { admin, startTestGym } from '../support/gym.js';
import { AWS_CLI_INSTALL, awsCli, awsJson, cliErrorCode, findAwsCli } from '../support/aws-cli.js';
import { BOTO3_INSTALL, boto3, boto3Available } from '../support/boto3.js';
import { sdkClients, sdkError } from '../support/sdk.js';
import { requireTool } from '../support/external-tool.js';

describe('ELBv2 load balancers, target groups and listeners, through the three real clients', () => {
  let gym: Gym;
  let vpcId: string;
  let subnets: { id: string; zone: string }[];
  before(async () => {
    gym = await startTestGym();
    const { ec2 } = sdkClients(gym.endpoint);
    vpcId = (await ec2.send(new DescribeVpcsCommand({ Filters: [{ Name: 'is-default', Values: ['true'] }] }))).Vpcs![0]!.VpcId!;
    const found = (await ec2.send(new DescribeSubnetsCommand({ Filters: [{ Name: 'vpc-id', Values: [vpcId] }] }))).Subnets!;
    subnets = found.map((subnet) => ({ id: subnet.SubnetId!, zone: subnet.AvailabilityZone! })).sort((a, b) => a.zone.localeCompare(b.zone));
  });
  after(async () => {
    await gym.stop();
  });

  it('creates an Application Load Balancer with the AWS CLI, waits for it to turn active, and reports errors as AWS does', async (context) => {
    if (!requireTool(context, !!findAwsCli(), 'AWS CLI v2', AWS_CLI_INSTALL)) return;
    await admin(gym, 'POST', '/_gym/clock', { freeze: true });
    try {
      const created = await awsJson(gym.endpoint, ['elbv2', 'create-load-balancer', '--name', 'cli-web', '--subnets', subnets[0]!.id, subnets[1]!.id, '--tags', 'Key=team,Value=web']);
      const balancer = created.LoadBalancers[0];
      assert.match(balancer.LoadBalancerArn, /^arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer\/app\/cli-web\/[0-9a-f]{16}$/);
      assert.match(balancer.DNSName, /^cli-web-\d+\.us-east-1\.elb\.amazonaws\.com$/);
      assert.equal(balancer.CanonicalHostedZoneId, 'Z35SXDOTRQ7X7K');
      assert.equal(balancer.State.Code, 'provisioning');
      assert.equal(balancer.Scheme, 'internet-facing');
      assert.equal(balancer.VpcId, vpcId);
      await admin(gym, 'POST', '/_gym/clock', { advanceSeconds: 181 });
      const waited = await awsCli(gym.endpoint, ['elbv2', 'wait', 'load-balancer-available', '--load-balancer-arns', balancer.LoadBalancerArn]);
      assert.equal(waited.status, 0, waited.stderr);
      const described = await awsJson(gym.endpoint, ['elbv2', 'describe-load-balancers', '--names', 'cli-web']);
      assert.equal(described.LoadBalancers[0].State.Code, 'active');

      const missing = await awsCli(gym.endpoint, ['elbv2', 'describe-load-balancers', '--names', 'no-such-lb']);
      assert.equal(cliErrorCode(missing), 'LoadBalancerNotFound');
      assert.match(missing.stderr, /Load balancers '\[no-such-lb\]' not found/);
      const oneZone = await awsCli(gym.endpoint, ['elbv2', 'create-load-balancer', '--name', 'cli-one-zone', '--subnets', subnets[0]!.id]);
      assert.equal(cliErrorCode(oneZone), 'ValidationError');
      assert.match(oneZone.stderr, /At least two subnets in two different Availability Zones must be specified/);
    } finally {
      await admin(gym, 'POST', '/_gym/clock', { freeze: false });
    }
  });

  it('creates a target group and an HTTP listener with the AWS CLI, and refuses a clashing target group name', async (context) => {
    if (!requireTool(context, !!findAwsCli(), 'AWS CLI v2', AWS_CLI_INSTALL)) return;
    const balancer = (await awsJson(gym.endpoint, ['elbv2', 'create-load-balancer', '--name', 'cli-api', '--subnets', subnets[0]!.id, subnets[1]!.id])).LoadBalancers[0];
    const group = (await awsJson(gym.endpoint, ['elbv2', 'create-target-group', '--name', 'cli-api', '--protocol', 'HTTP', '--port', '80', '--vpc-id', vpcId])).TargetGroups[0];
    assert.equal(group.HealthCheckPath, '/');
    assert.equal(group.HealthCheckTimeoutSeconds, 5);
    assert.deepEqual(group.Matcher, { HttpCode: '200' });
    const clash = await awsCli(gym.endpoint, ['elbv2', 'create-target-group', '--name', 'cli-api', '--protocol', 'HTTP', '--port', '8080', '--vpc-id', vpcId]);
    assert.equal(cliErrorCode(clash), 'DuplicateTargetGroupName');
    const listener = (await awsJson(gym.endpoint, [
      'elbv2', 'create-listener', '--load-balancer-arn', balancer.LoadBalancerArn, '--protocol', 'HTTP', '--port', '80',
      '--default-actions', `Type=forward,TargetGroupArn=${group.TargetGroupArn}`,
    ])).Listeners[0];
    assert.equal(listener.DefaultActions[0].ForwardConfig.TargetGroups[0].Weight, 1);
    const duplicate = await awsCli(gym.endpoint, [
      'elbv2', 'create-listener', '--load-balancer-arn', balancer.LoadBalancerArn, '--protocol', 'HTTP', '--port', '80',
      '--default-actions', 'Type=fixed-response,FixedResponseConfig={StatusCode=404}',
    ]);
    assert.equal(cliErrorCode(duplicate), 'DuplicateListener');
  });

  it('drives load balancers end to end with the SDK v3: waiter, attributes, security groups, subnets, paging, tags and deletion', async () => {
    const { elbv2 } = sdkClients(gym.endpoint);
    await admin(gym, 'POST', '/_gym/clock', { speed: 600 });
    try {
      const created = await elbv2.send(new CreateLoadBalancerCommand({ Name: 'sdk-web', Subnets: [subnets[0]!.id, subnets[1]!.id] }));
      const arn = created.LoadBalancers![0]!.LoadBalancerArn!;
      assert.ok(created.LoadBalancers![0]!.CreatedTime instanceof Date);
      const waited = await waitUntilLoadBalancerAvailable({ client: elbv2, maxWaitTime: 30, minDelay: 1, maxDelay: 2 }, { LoadBalancerArns: [arn] });
      assert.equal(waited.state, 'SUCCESS');

      const attributes = await elbv2.send(new ModifyLoadBalancerAttributesCommand({ LoadBalancerArn: arn, Attributes: [{ Key: 'deletion_protection.enabled', Value: 'true' }] }));
      assert.ok(attributes.Attributes!.some((item) => item.Key === 'deletion_protection.enabled' && item.Value === 'true'));
      const protectedDelete = await sdkError(elbv2.send(new DeleteLoadBalancerCommand({ LoadBalancerArn: arn })));
      assert.deepEqual([protectedDelete.code, protectedDelete.status], ['OperationNotPermittedException', 400]);
      const unknownKey = await sdkError(elbv2.send(new ModifyLoadBalancerAttributesCommand({ LoadBalancerArn: arn, Attributes: [{ Key: 'no.such.key', Value: '1' }] })));
      assert.equal(unknownKey.code, 'ValidationError');
      const defaults = await elbv2.send(new DescribeLoadBalancerAttributesCommand({ LoadBalancerArn: arn }));
      assert.ok(defaults.Attributes!.some((item) => item.Key === 'idle_timeout.timeout_seconds' && item.Value === '60'));

      const groups = await elbv2.send(new SetSecurityGroupsCommand({ LoadBalancerArn: arn, SecurityGroups: ['sg-0123456789abcdef0'] })).catch((error: { name: string }) => error.name);
      assert.equal(groups, 'InvalidSecurityGroupException');
      const moved = await elbv2.send(new SetSubnetsCommand({ LoadBalancerArn: arn, Subnets: [subnets[1]!.id, subnets[2]!.id] }));
      assert.deepEqual(moved.AvailabilityZones!.map((zone) => zone.ZoneName).sort(), [subnets[1]!.zone, subnets[2]!.zone]);

      await elbv2.send(new AddTagsCommand({ ResourceArns: [arn], Tags: [{ Key: 'env', Value: 'test' }] }));
      const tags = await elbv2.send(new DescribeTagsCommand({ ResourceArns: [arn] }));
      assert.deepEqual(tags.TagDescriptions, [{ ResourceArn: arn, Tags: [{ Key: 'env', Value: 'test' }] }]);

      for (const name of ['sdk-page-1', 'sdk-page-2', 'sdk-page-3']) {
        await elbv2.send(new CreateLoadBalancerCommand({ Name: name, Type: 'network', Subnets: [subnets[0]!.id] }));
      }
      const seen: string[] = [];
      let marker: string | undefined;
      do {
        const page = await elbv2.send(new DescribeLoadBalancersCommand({ PageSize: 2, Marker: marker }));
        assert.ok(page.LoadBalancers!.length <= 2);
        seen.push(...page.LoadBalancers!.map((balancer) => balancer.LoadBalancerName!));
        marker = page.NextMarker;
      } while (marker);
      for (const name of ['sdk-web', 'sdk-page-1', 'sdk-page-2', 'sdk-page-3']) assert.ok(seen.includes(name), `${name} in ${seen.join(', ')}`);

      await elbv2.send(new ModifyLoadBalancerAttributesCommand({ LoadBalancerArn: arn, Attributes: [{ Key: 'deletion_protection.enabled', Value: 'false' }] }));
      await elbv2.send(new DeleteLoadBalancerCommand({ LoadBalancerArn: arn }));
      const gone = await sdkError(elbv2.send(new DescribeLoadBalancersCommand({ LoadBalancerArns: [arn] })));
      assert.deepEqual([gone.code, gone.status], ['LoadBalancerNotFoundException', 400]);
    } finally {
      await admin(gym, 'POST', '/_gym/clock', { speed: 60 });
    }
  });

  it('drives target groups, listeners and rules with the SDK v3', async () => {
    const { elbv2 } = sdkClients(gym.endpoint);
    const balancer = (await elbv2.send(new CreateLoadBalancerCommand({ Name: 'sdk-rules', Subnets: [subnets[0]!.id, subnets[1]!.id] }))).LoadBalancers![0]!.LoadBalancerArn!;
    const web = (await elbv2.send(new CreateTargetGroupCommand({ Name: 'sdk-web', Protocol: 'HTTP', Port: 80, VpcId: vpcId }))).TargetGroups![0]!.TargetGroupArn!;
    const api = (await elbv2.send(new CreateTargetGroupCommand({ Name: 'sdk-api', Protocol: 'HTTP', Port: 8080, VpcId: vpcId, HealthCheckPath: '/health' }))).TargetGroups![0]!;
    assert.equal(api.HealthCheckPath, '/health');
    const tcp = (await elbv2.send(new CreateTargetGroupCommand({ Name: 'sdk-tcp', Protocol: 'TCP', Port: 443, VpcId: vpcId }))).TargetGroups![0]!;
    assert.deepEqual([tcp.HealthCheckProtocol, tcp.HealthCheckTimeoutSeconds, tcp.HealthyThresholdCount, tcp.UnhealthyThresholdCount], ['TCP', 10, 5, 2]);

    const modified = await elbv2.send(new ModifyTargetGroupCommand({ TargetGroupArn: web, HealthCheckIntervalSeconds: 10, HealthyThresholdCount: 2 }));
    assert.deepEqual([modified.TargetGroups![0]!.HealthCheckIntervalSeconds, modified.TargetGroups![0]!.HealthyThresholdCount], [10, 2]);
    const tooFast = await sdkError(elbv2.send(new ModifyTargetGroupCommand({ TargetGroupArn: web, HealthCheckIntervalSeconds: 1 })));
    assert.equal(tooFast.code, 'ValidationError');
    await elbv2.send(new ModifyTargetGroupAttributesCommand({ TargetGroupArn: web, Attributes: [{ Key: 'stickiness.enabled', Value: 'true' }] }));
    const attributes = await elbv2.send(new DescribeTargetGroupAttributesCommand({ TargetGroupArn: web }));
    const byKey = Object.fromEntries(attributes.Attributes!.map((item) => [item.Key, item.Value]));
    assert.deepEqual([byKey['stickiness.enabled'], byKey['stickiness.type'], byKey['deregistration_delay.timeout_seconds']], ['true', 'lb_cookie', '300']);

    const listener = (await elbv2.send(new CreateListenerCommand({
      LoadBalancerArn: balancer, Protocol: 'HTTP', Port: 80, DefaultActions: [{ Type: 'forward', TargetGroupArn: web }],
    }))).Listeners![0]!;
    const wrongProtocol = await sdkError(elbv2.send(new CreateListenerCommand({
      LoadBalancerArn: balancer, Protocol: 'HTTP', Port: 81, DefaultActions: [{ Type: 'forward', TargetGroupArn: tcp.TargetGroupArn }],
    })));
    assert.equal(wrongProtocol.code, 'IncompatibleProtocolsException');
    const rule = (await elbv2.send(new CreateRuleCommand({
      ListenerArn: listener.ListenerArn, Priority: 10, Conditions: [{ Field: 'path-pattern', Values: ['/api/*'] }], Actions: [{ Type: 'forward', TargetGroupArn: api.TargetGroupArn }],
    }))).Rules![0]!;
    assert.equal(rule.Priority, '10');
    const rules = await elbv2.send(new DescribeRulesCommand({ ListenerArn: listener.ListenerArn }));
    assert.deepEqual(rules.Rules!.map((item) => [item.Priority, item.IsDefault]), [['10', false], ['default', true]]);
    const behind = await elbv2.send(new DescribeTargetGroupsCommand({ LoadBalancerArn: balancer }));
    assert.deepEqual(behind.TargetGroups!.map((group) => group.TargetGroupName).sort(), ['sdk-api', 'sdk-web']);
    const inUse = await sdkError(elbv2.send(new DeleteTargetGroupCommand({ TargetGroupArn: web })));
    assert.deepEqual([inUse.code, inUse.status], ['ResourceInUseException', 400]);

    await elbv2.send(new DeleteListenerCommand({ ListenerArn: listener.ListenerArn }));
    const listeners = await elbv2.send(new DescribeListenersCommand({ LoadBalancerArn: balancer }));
    assert.deepEqual(listeners.Listeners, []);
    await elbv2.send(new DeleteTargetGroupCommand({ TargetGroupArn: web }));
    const missing = await sdkError(elbv2.send(new DescribeTargetGroupsCommand({ TargetGroupArns: [web] })));
    assert.equal(missing.code, 'TargetGroupNotFoundException');
  });

  it('answers boto3 the same way', async (context) => {
    if (!requireTool(context, boto3Available(), 'boto3', BOTO3_INSTALL)) return;
    const result = await boto3(gym.endpoint, `
elb = client('elbv2')
group = elb.create_target_group(Name='boto-web', Protocol='HTTP', Port=80, VpcId=${JSON.stringify(vpcId)})['TargetGroups'][0]
lb = elb.create_load_balancer(Name='boto-web', Subnets=[${JSON.stringify(subnets[0]!.id)}, ${JSON.stringify(subnets[1]!.id)}], Scheme='internal')['LoadBalancers'][0]
missing = run(lambda: elb.describe_target_groups(Names=['no-such-group']))
bad_name = run(lambda: elb.create_load_balancer(Name='internal-web', Subnets=[${JSON.stringify(subnets[0]!.id)}, ${JSON.stringify(subnets[1]!.id)}]))
print(json.dumps({'interval': group['HealthCheckIntervalSeconds'], 'dns': lb['DNSName'], 'missing': missing['error'], 'bad_name': bad_name['error']}))
`);
    assert.equal(result.interval, 30);
    assert.match(result.dns, /^internal-boto-web-\d+\.us-east-1\.elb\.amazonaws\.com$/);
    assert.equal(result.missing, 'TargetGroupNotFound');
    assert.equal(result.bad_name, 'ValidationError');
  });
});
