import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { computeTestWorld, type ComputeTestWorld } from './compute-testing.js';

function launch(world: ComputeTestWorld, input: Record<string, unknown> = {}): string {
  const image = world.call('DescribeImages', { Owners: ['amazon'], Filters: [{ Name: 'name', Values: ['al2023-ami-2023.6.20241212.0-kernel-6.1-x86_64'] }] }).Images[0].ImageId;
  return world.call('RunInstances', { ImageId: image, InstanceType: 't3.micro', MinCount: 1, MaxCount: 1, ...input }).Instances[0].InstanceId;
}

function state(world: ComputeTestWorld, id: string): string {
  return world.store.instances.get(id)!.state;
}

const code = { pending: 0, running: 16, 'shutting-down': 32, terminated: 48, stopping: 64, stopped: 80 } as const;
const transition = (id: string, previous: keyof typeof code, current: keyof typeof code) => ({
  InstanceId: id, PreviousState: { Code: code[previous], Name: previous }, CurrentState: { Code: code[current], Name: current },
});

describe('instance lifecycle', () => {
  it('runs pending → running in 15–30 s, stops running → stopping → stopped in 30–60 s, and starts again', () => {
    const world = computeTestWorld();
    const id = launch(world);
    world.advance(14);
    assert.equal(state(world, id), 'pending');
    world.advance(16);
    assert.equal(state(world, id), 'running');
    const publicBefore = world.store.instances.get(id)!.publicIpAddress;
    assert.deepEqual(world.call('StopInstances', { InstanceIds: [id] }).StoppingInstances, [transition(id, 'running', 'stopping')]);
    assert.deepEqual(world.call('StopInstances', { InstanceIds: [id] }).StoppingInstances, [transition(id, 'stopping', 'stopping')]);
    world.advance(29);
    assert.equal(state(world, id), 'stopping');
    world.advance(31);
    assert.equal(state(world, id), 'stopped');
    const stopped = world.call('DescribeInstances', { InstanceIds: [id] }).Reservations[0].Instances[0];
    assert.equal(stopped.PublicIpAddress, undefined, 'a stopped instance gives its public address back');
    assert.equal(stopped.StateReason.Code, 'Client.UserInitiatedShutdown');
    assert.match(stopped.StateTransitionReason, /^User initiated \(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d GMT\)$/);
    assert.deepEqual(world.call('StartInstances', { InstanceIds: [id] }).StartingInstances, [transition(id, 'stopped', 'pending')]);
    world.advance(30);
    assert.equal(state(world, id), 'running');
    assert.notEqual(world.store.instances.get(id)!.publicIpAddress, publicBefore);
    assert.deepEqual(world.call('StartInstances', { InstanceIds: [id] }).StartingInstances, [transition(id, 'running', 'running')]);
  });

  it('refuses transitions AWS refuses with IncorrectInstanceState', () => {
    const world = computeTestWorld();
    const id = launch(world);
    assert.equal(world.fail('StopInstances', { InstanceIds: [id] }).code, 'IncorrectInstanceState');
    assert.equal(world.fail('RebootInstances', { InstanceIds: [id] }).code, 'IncorrectInstanceState');
    world.advance(30);
    world.call('StopInstances', { InstanceIds: [id] });
    assert.equal(world.fail('StartInstances', { InstanceIds: [id] }).code, 'IncorrectInstanceState');
  });

  it('terminates, deleting delete-on-termination volumes and detaching the others, and keeps the instance visible for an hour', () => {
    const world = computeTestWorld();
    const id = launch(world, { BlockDeviceMappings: [{ DeviceName: '/dev/sdf', Ebs: { VolumeSize: 10, DeleteOnTermination: false } }] });
    world.advance(30);
    const [root, data] = world.store.instances.get(id)!.blockDevices.map((device) => device.volumeId);
    assert.deepEqual(world.call('TerminateInstances', { InstanceIds: [id] }).TerminatingInstances, [transition(id, 'running', 'shutting-down')]);
    world.advance(40);
    assert.equal(state(world, id), 'terminated');
    assert.equal(world.store.volumes.get(root!), undefined);
    assert.equal(world.store.volumes.get(data!)!.state, 'available');
    assert.equal(world.store.volumes.get(data!)!.attachment, undefined);
    const shown = world.call('DescribeInstances', { InstanceIds: [id] }).Reservations[0].Instances[0];
    assert.equal(shown.State.Name, 'terminated');
    assert.equal(shown.PrivateIpAddress, undefined);
    assert.deepEqual(shown.BlockDeviceMappings, []);
    assert.deepEqual(world.call('TerminateInstances', { InstanceIds: [id] }).TerminatingInstances, [transition(id, 'terminated', 'terminated')]);
    world.advance(3600);
    assert.equal(world.fail('DescribeInstances', { InstanceIds: [id] }).code, 'InvalidInstanceID.NotFound');
  });

  it('hands a terminated instance\'s private address to the next launch', () => {
    const world = computeTestWorld();
    const first = launch(world);
    const address = world.store.instances.get(first)!.privateIpAddress;
    world.call('TerminateInstances', { InstanceIds: [first] });
    world.advance(60);
    const second = launch(world);
    assert.equal(world.store.instances.get(second)!.privateIpAddress, address);
  });

  it('honours termination and stop protection', () => {
    const world = computeTestWorld();
    const id = launch(world, { DisableApiTermination: true });
    world.advance(30);
    const failure = world.fail('TerminateInstances', { InstanceIds: [id] });
    assert.equal(failure.code, 'OperationNotPermitted');
    assert.match(failure.message, /disableApiTermination/);
    world.call('ModifyInstanceAttribute', { InstanceId: id, DisableApiTermination: { Value: false } });
    world.call('ModifyInstanceAttribute', { InstanceId: id, DisableApiStop: { Value: true } });
    assert.equal(world.fail('StopInstances', { InstanceIds: [id] }).code, 'OperationNotPermitted');
    world.call('TerminateInstances', { InstanceIds: [id] });
  });

  it('releases an Elastic IP on termination but keeps it across a stop', () => {
    const world = computeTestWorld();
    const id = launch(world);
    world.advance(30);
    const allocation = world.call('AllocateAddress', { Domain: 'vpc' });
    world.call('AssociateAddress', { AllocationId: allocation.AllocationId, InstanceId: id });
    world.call('StopInstances', { InstanceIds: [id] });
    world.advance(60);
    world.call('StartInstances', { InstanceIds: [id] });
    world.advance(30);
    assert.equal(world.call('DescribeInstances', { InstanceIds: [id] }).Reservations[0].Instances[0].PublicIpAddress, allocation.PublicIp);
    world.call('TerminateInstances', { InstanceIds: [id] });
    world.advance(60);
    const address = world.call('DescribeAddresses', { AllocationIds: [allocation.AllocationId] }).Addresses[0];
    assert.equal(address.InstanceId, undefined);
    assert.equal(address.AssociationId, undefined);
  });

  it('changes the instance type only when stopped, and only to one that runs the image', () => {
    const world = computeTestWorld();
    const id = launch(world);
    world.advance(30);
    assert.deepEqual(world.fail('ModifyInstanceAttribute', { InstanceId: id, InstanceType: { Value: 't3.large' } }), {
      code: 'IncorrectInstanceState', message: `The instance '${id}' is not in the 'stopped' state.`,
    });
    world.call('StopInstances', { InstanceIds: [id] });
    world.advance(60);
    assert.equal(world.fail('ModifyInstanceAttribute', { InstanceId: id, InstanceType: { Value: 'm7g.large' } }).code, 'InvalidParameterValue');
    world.call('ModifyInstanceAttribute', { InstanceId: id, Attribute: 'instanceType', Value: 'm7i.large' });
    assert.deepEqual(world.call('DescribeInstanceAttribute', { InstanceId: id, Attribute: 'instanceType' }), { InstanceId: id, InstanceType: { Value: 'm7i.large' } });
  });

  it('switches detailed monitoring through pending to enabled', () => {
    const world = computeTestWorld();
    const id = launch(world);
    assert.deepEqual(world.call('MonitorInstances', { InstanceIds: [id] }).InstanceMonitorings, [{ InstanceId: id, Monitoring: { State: 'pending' } }]);
    world.advance(90);
    assert.equal(world.store.instances.get(id)!.monitoring, 'enabled');
    assert.equal(world.call('UnmonitorInstances', { InstanceIds: [id] }).InstanceMonitorings[0].Monitoring.State, 'disabling');
  });

  it('prints a boot log with the instance\'s own hostname once it has booted', () => {
    const world = computeTestWorld();
    const id = launch(world);
    assert.equal(world.call('GetConsoleOutput', { InstanceId: id }).Output, undefined);
    world.advance(30);
    const output = Buffer.from(world.call('GetConsoleOutput', { InstanceId: id, Latest: true }).Output, 'base64').toString('utf8');
    const host = `ip-${world.store.instances.get(id)!.privateIpAddress.replace(/\./g, '-')}`;
    assert.match(output, new RegExp(`${host} login:`));
    assert.match(output, /Amazon Linux 2023/);
  });
});
