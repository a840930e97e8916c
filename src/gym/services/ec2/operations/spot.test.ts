import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { computeTestWorld, type ComputeTestWorld } from './compute-testing.js';

function image(world: ComputeTestWorld): string {
  return world.call('DescribeImages', { Owners: ['amazon'], Filters: [{ Name: 'name', Values: ['al2023-ami-2023.6.20241212.0-kernel-6.1-x86_64'] }] }).Images[0].ImageId;
}

describe('spot', () => {
  it('launches a spot instance from RunInstances with its fulfilled request, and refuses to stop a one-time one', () => {
    const world = computeTestWorld();
    const instance = world.call('RunInstances', { ImageId: image(world), InstanceType: 'm5.large', MinCount: 1, MaxCount: 1, InstanceMarketOptions: { MarketType: 'spot' } }).Instances[0];
    assert.equal(instance.InstanceLifecycle, 'spot');
    assert.match(instance.SpotInstanceRequestId, /^sir-[0-9a-z]{8}$/);
    const request = world.call('DescribeSpotInstanceRequests', { SpotInstanceRequestIds: [instance.SpotInstanceRequestId] }).SpotInstanceRequests[0];
    assert.deepEqual([request.State, request.Status.Code, request.InstanceId, request.Type], ['active', 'fulfilled', instance.InstanceId, 'one-time']);
    world.advance(30);
    assert.equal(world.fail('StopInstances', { InstanceIds: [instance.InstanceId] }).code, 'UnsupportedOperation');
    assert.equal(world.call('DescribeInstances', { Filters: [{ Name: 'instance-lifecycle', Values: ['spot'] }] }).Reservations.length, 1);
    world.call('TerminateInstances', { InstanceIds: [instance.InstanceId] });
    world.advance(60);
    const closed = world.call('DescribeSpotInstanceRequests', { Filters: [{ Name: 'instance-id', Values: [instance.InstanceId] }] }).SpotInstanceRequests[0];
    assert.deepEqual([closed.State, closed.Status.Code], ['closed', 'instance-terminated-by-user']);
  });

  it('stops a persistent spot instance (its request is disabled until it starts) and relaunches when the user terminates it', () => {
    const world = computeTestWorld();
    const market = { MarketType: 'spot', SpotOptions: { SpotInstanceType: 'persistent', InstanceInterruptionBehavior: 'stop' } };
    const instance = world.call('RunInstances', { ImageId: image(world), InstanceType: 't3.micro', MinCount: 1, MaxCount: 1, InstanceMarketOptions: market }).Instances[0];
    const requestId = instance.SpotInstanceRequestId;
    world.advance(30);
    world.call('StopInstances', { InstanceIds: [instance.InstanceId] });
    world.advance(60);
    assert.deepEqual([world.store.spotRequests.get(requestId)!.state, world.store.spotRequests.get(requestId)!.status.code], ['disabled', 'instance-stopped-by-user']);
    world.call('StartInstances', { InstanceIds: [instance.InstanceId] });
    assert.equal(world.store.spotRequests.get(requestId)!.state, 'active');
    world.advance(30);
    world.call('TerminateInstances', { InstanceIds: [instance.InstanceId] });
    world.advance(60);
    const reopened = world.store.spotRequests.get(requestId)!;
    assert.equal(reopened.state, 'active', 'a persistent request launches a replacement');
    assert.notEqual(reopened.instanceId, instance.InstanceId);
    assert.equal(world.store.instances.get(reopened.instanceId!)!.spotInstanceRequestId, requestId);
    assert.equal(world.fail('RunInstances', { ImageId: image(world), MinCount: 1, MaxCount: 1, InstanceMarketOptions: { MarketType: 'spot', SpotOptions: { SpotInstanceType: 'persistent' } } }).code, 'InvalidParameterCombination');
  });

  it('refuses a maximum price under the current spot price', () => {
    const world = computeTestWorld();
    const failure = world.fail('RunInstances', { ImageId: image(world), InstanceType: 'm5.large', MinCount: 1, MaxCount: 1, InstanceMarketOptions: { MarketType: 'spot', SpotOptions: { MaxPrice: '0.001' } } });
    assert.equal(failure.code, 'SpotMaxPriceTooLow');
    assert.equal(world.store.instances.size, 0);
  });

  it('fulfils RequestSpotInstances by timer: pending-evaluation → pending-fulfillment → fulfilled; cancelling keeps the instance', () => {
    const world = computeTestWorld();
    const requests = world.call('RequestSpotInstances', { InstanceCount: 2, LaunchSpecification: { ImageId: image(world), InstanceType: 't3.small' } }).SpotInstanceRequests;
    assert.deepEqual(requests.map((request: any) => [request.State, request.Status.Code]), [['open', 'pending-evaluation'], ['open', 'pending-evaluation']]);
    world.advance(3);
    assert.equal(world.store.spotRequests.get(requests[0].SpotInstanceRequestId)!.status.code, 'pending-fulfillment');
    world.advance(6);
    const fulfilled = world.call('DescribeSpotInstanceRequests', { Filters: [{ Name: 'state', Values: ['active'] }] }).SpotInstanceRequests;
    assert.equal(fulfilled.length, 2);
    const instanceId = fulfilled[0].InstanceId;
    const instance = world.call('DescribeInstances', { InstanceIds: [instanceId] }).Reservations[0].Instances[0];
    assert.deepEqual([instance.InstanceLifecycle, instance.SpotInstanceRequestId, instance.InstanceType], ['spot', fulfilled[0].SpotInstanceRequestId, 't3.small']);
    const cancelled = world.call('CancelSpotInstanceRequests', { SpotInstanceRequestIds: [fulfilled[0].SpotInstanceRequestId] }).CancelledSpotInstanceRequests;
    assert.deepEqual(cancelled, [{ SpotInstanceRequestId: fulfilled[0].SpotInstanceRequestId, State: 'cancelled' }]);
    const after = world.call('DescribeSpotInstanceRequests', { SpotInstanceRequestIds: [fulfilled[0].SpotInstanceRequestId] }).SpotInstanceRequests[0];
    assert.equal(after.Status.Code, 'request-canceled-and-instance-running');
    assert.notEqual(world.store.instances.get(instanceId)!.state, 'terminated');
    assert.equal(world.fail('DescribeSpotInstanceRequests', { SpotInstanceRequestIds: ['sir-00000000'] }).code, 'InvalidSpotInstanceRequestID.NotFound');
  });

  it('prices spot per type and zone, below on-demand and stable for the same moment', () => {
    const world = computeTestWorld();
    const history = world.call('DescribeSpotPriceHistory', { InstanceTypes: ['m5.large'], ProductDescriptions: ['Linux/UNIX'] }).SpotPriceHistory;
    assert.equal(history.length, 6, 'one current price per zone of us-east-1');
    for (const entry of history) {
      const price = Number(entry.SpotPrice);
      assert.ok(price > 0.096 * 0.25 && price < 0.096 * 0.45, `${entry.SpotPrice} is not a plausible m5.large spot price`);
      assert.match(entry.SpotPrice, /^\d+\.\d{6}$/);
    }
    assert.ok(new Set(history.map((entry: any) => entry.SpotPrice)).size > 1, 'zones differ');
    assert.deepEqual(world.call('DescribeSpotPriceHistory', { InstanceTypes: ['m5.large'], ProductDescriptions: ['Linux/UNIX'] }).SpotPriceHistory, history);
    const day = world.call('DescribeSpotPriceHistory', { InstanceTypes: ['t3.micro'], AvailabilityZone: 'us-east-1a', ProductDescriptions: ['Linux/UNIX'], StartTime: new Date(world.now() - 24 * 3600_000) });
    assert.ok(day.SpotPriceHistory.length >= 6);
  });
});
