import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { instanceView, volumeView } from './ec2-compute.js';
import { flattenPermissions, internetGatewayView, routeTableView } from './ec2-network.js';
import { listenerView } from './elbv2.js';
import { classifyReadFailure } from './read-failure.js';

describe('SDK shapes to views', () => {
  it('flattens permissions to one rule per source, with all-ports as undefined and ICMP types kept', () => {
    const rules = flattenPermissions({
      GroupId: 'sg-1',
      IpPermissions: [
        { IpProtocol: 'tcp', FromPort: 22, ToPort: 22, IpRanges: [{ CidrIp: '10.0.0.0/8' }, { CidrIp: '192.168.0.0/16', Description: 'office' }], UserIdGroupPairs: [{ GroupId: 'sg-2' }] },
        { IpProtocol: 'icmp', FromPort: -1, ToPort: -1, IpRanges: [{ CidrIp: '0.0.0.0/0' }] },
      ],
      IpPermissionsEgress: [{ IpProtocol: '-1', IpRanges: [{ CidrIp: '0.0.0.0/0' }], Ipv6Ranges: [{ CidrIpv6: '::/0' }] }],
    });
    assert.deepEqual(rules.map((rule) => [rule.direction, rule.protocol, rule.fromPort, rule.toPort, rule.source, rule.description]), [
      ['ingress', 'tcp', 22, 22, '10.0.0.0/8', undefined],
      ['ingress', 'tcp', 22, 22, '192.168.0.0/16', 'office'],
      ['ingress', 'tcp', 22, 22, 'sg-2', undefined],
      ['ingress', 'icmp', -1, -1, '0.0.0.0/0', undefined],
      ['egress', '-1', undefined, undefined, '0.0.0.0/0', undefined],
      ['egress', '-1', undefined, undefined, '::/0', undefined],
    ]);
  });

  it('reads a listener\'s target groups from plain and weighted forward actions', () => {
    const view = listenerView({
      ListenerArn: 'arn:listener', LoadBalancerArn: 'arn:lb', Port: 443, Protocol: 'HTTPS',
      DefaultActions: [{ Type: 'forward', ForwardConfig: { TargetGroups: [{ TargetGroupArn: 'arn:tg-blue', Weight: 90 }, { TargetGroupArn: 'arn:tg-green', Weight: 10 }] } }],
    });
    assert.deepEqual(view.targetGroupArns, ['arn:tg-blue', 'arn:tg-green']);
  });

  it('names a route\'s target whatever kind of gateway it is, and finds the main table', () => {
    const view = routeTableView({
      RouteTableId: 'rtb-1', VpcId: 'vpc-1', Associations: [{ Main: true }, { SubnetId: 'subnet-1' }],
      Routes: [{ DestinationCidrBlock: '10.0.0.0/16', GatewayId: 'local' }, { DestinationCidrBlock: '0.0.0.0/0', NatGatewayId: 'nat-1' }, { DestinationIpv6CidrBlock: '::/0', EgressOnlyInternetGatewayId: 'eigw-1' }],
    });
    assert.deepEqual([view.main, view.subnetIds, view.routes], [true, ['subnet-1'], [
      { destination: '10.0.0.0/16', target: 'local' }, { destination: '0.0.0.0/0', target: 'nat-1' }, { destination: '::/0', target: 'eigw-1' },
    ]]);
  });

  it('treats a detaching gateway as detached, a spot instance as spot, and a Name tag as the name', () => {
    assert.equal(internetGatewayView({ InternetGatewayId: 'igw-1', Attachments: [{ VpcId: 'vpc-1', State: 'detaching' }] }).vpcId, undefined);
    const instance = instanceView({ InstanceId: 'i-1', InstanceLifecycle: 'spot', Tags: [{ Key: 'Name', Value: 'worker' }], LaunchTime: new Date('2026-01-02T03:04:05Z') });
    assert.deepEqual([instance.lifecycle, instance.name, instance.launchTime], ['spot', 'worker', '2026-01-02T03:04:05.000Z']);
    assert.equal(volumeView({ VolumeId: 'vol-1', Attachments: [] }).attachment, undefined);
  });

  it('sorts failures into absent, denied, gone and fatal', () => {
    const failure = (name: string, status: number) => Object.assign(new Error('x'), { name, $metadata: { httpStatusCode: status } });
    assert.equal(classifyReadFailure(failure('NotImplemented', 501)).type, 'absent');
    assert.equal(classifyReadFailure(failure('Unknown', 404)).type, 'absent');
    assert.equal(classifyReadFailure(failure('UnauthorizedOperation', 403)).type, 'denied');
    assert.equal(classifyReadFailure(failure('TargetGroupNotFound', 400)).type, 'gone');
    assert.equal(classifyReadFailure(failure('InvalidInstanceID.NotFound', 400)).type, 'gone');
    assert.equal(classifyReadFailure(failure('AuthFailure', 401)).type, 'fatal');
    assert.equal(classifyReadFailure(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' })).type, 'fatal');
  });
});
