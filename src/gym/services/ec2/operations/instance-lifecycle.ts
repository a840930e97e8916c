import type {
  InstanceStateChange, RebootInstancesRequest, StartInstancesRequest, StartInstancesResult, StopInstancesRequest,
  StopInstancesResult, TerminateInstancesRequest, TerminateInstancesResult,
} from '@aws-sdk/client-ec2';
import { handler, type ServiceContext } from '../../../service.js';
import type { TimerRecord } from '../../../world/scheduler.js';
import { computeErrors } from '../errors.js';
import type { InstanceRecord, InstanceStateName } from '../records/compute.js';
import type { Ec2Store } from '../store.js';
import { apiState, ec2Store, jitter, requireInstances, userInitiated } from './compute-common.js';
import { disassociateInstanceAddresses } from './addresses.js';
import { BOOT_TIME, pickPublicAddress } from './instance-create.js';
import { spotInstanceStarted, spotInstanceStopped, spotInstanceTerminated } from './spot-requests.js';
import { releasePrivateAddress } from './subnets.js';

/** How long AWS keeps a terminated instance visible (simulated ms). */
export const TERMINATED_VISIBLE_FOR = 3600_000;

const USER_SHUTDOWN = { code: 'Client.UserInitiatedShutdown', message: 'Client.UserInitiatedShutdown: User initiated shutdown' };

function change(instance: InstanceRecord, previous: InstanceStateName): InstanceStateChange {
  return { InstanceId: instance.id, PreviousState: apiState(previous), CurrentState: apiState(instance.state) };
}

function cannot(instance: InstanceRecord, verb: string, fix: string): Error {
  return computeErrors.instanceState(`The instance '${instance.id}' is not in a state from which it can be ${verb}: it is ${instance.state}. ${fix}`);
}

function stop(context: ServiceContext, store: Ec2Store, instance: InstanceRecord, force: boolean): InstanceStateChange {
  const previous = instance.state;
  if (previous === 'stopping' || previous === 'stopped') return change(instance, previous);
  const updated = store.instances.update(instance.id, (draft) => {
    draft.state = 'stopping';
    draft.stateTransitionReason = userInitiated(context.now);
    draft.stateReason = { ...USER_SHUTDOWN };
  });
  context.schedule(force ? jitter(context, 5_000, 10_000) : jitter(context, 30_000, 60_000), 'ec2.instance-stopped', instance.id);
  return change(updated, previous);
}

function start(context: ServiceContext, store: Ec2Store, instance: InstanceRecord): InstanceStateChange {
  const previous = instance.state;
  if (previous !== 'stopped') return change(instance, previous);
  const updated = store.instances.update(instance.id, (draft) => {
    draft.state = 'pending';
    draft.stateTransitionReason = '';
    draft.stateReason = { code: 'pending', message: 'pending' };
    draft.launchTime = context.now;
    // A stopped instance gave its auto-assigned address back; it gets a new one (an Elastic IP stays).
    const elastic = store.addresses.find('instance-id', instance.id)[0];
    draft.publicIpAddress = elastic ? elastic.publicIp : instance.associatePublicIp ? pickPublicAddress(context, store) : undefined;
  });
  context.schedule(jitter(context, BOOT_TIME.low, BOOT_TIME.high), 'ec2.instance-running', instance.id);
  spotInstanceStarted(context, store, updated);
  return change(updated, previous);
}

function terminate(context: ServiceContext, store: Ec2Store, instance: InstanceRecord): InstanceStateChange {
  const previous = instance.state;
  if (previous === 'shutting-down' || previous === 'terminated') return change(instance, previous);
  // Timers still due (running, stopped) check the state when they fire, so none needs cancelling:
  // cancelling would scan every pending timer in the world.
  const updated = store.instances.update(instance.id, (draft) => {
    draft.state = 'shutting-down';
    draft.stateTransitionReason = userInitiated(context.now);
    draft.stateReason = { ...USER_SHUTDOWN };
  });
  // A running instance shuts its OS down first; a stopped or pending one goes almost at once.
  const delay = previous === 'running' || previous === 'stopping' ? jitter(context, 20_000, 40_000) : jitter(context, 2_000, 5_000);
  context.schedule(delay, 'ec2.instance-terminated', instance.id);
  return change(updated, previous);
}

/** Start, stop, reboot and terminate, with AWS's previous/current states and protections. */
export const instanceLifecycleOperations = {
  StopInstances: handler<StopInstancesRequest, StopInstancesResult>((context, input) => {
    const store = ec2Store(context);
    const instances = requireInstances(store, input.InstanceIds ?? []);
    for (const instance of instances) {
      const request = instance.spotInstanceRequestId ? store.spotRequests.get(instance.spotInstanceRequestId) : undefined;
      if (instance.instanceLifecycle === 'spot' && request?.type !== 'persistent') throw computeErrors.spotOneTimeStop(instance.id);
      if (instance.state === 'stopping' || instance.state === 'stopped') continue;
      if (instance.disableApiStop) throw computeErrors.stopProtected(instance.id);
      if (instance.state !== 'running') throw cannot(instance, 'stopped', 'Wait until it is running, or terminate it.');
    }
    return { StoppingInstances: instances.map((instance) => stop(context, store, instance, input.Force ?? false)) };
  }),

  StartInstances: handler<StartInstancesRequest, StartInstancesResult>((context, input) => {
    const store = ec2Store(context);
    const instances = requireInstances(store, input.InstanceIds ?? []);
    for (const instance of instances) {
      if (instance.state === 'stopping') throw cannot(instance, 'started', 'Wait until it is stopped (aws ec2 wait instance-stopped), then start it.');
      if (instance.state === 'shutting-down' || instance.state === 'terminated') throw cannot(instance, 'started', 'A terminated instance cannot come back; launch a new one.');
      if (instance.state === 'stopped' && !instance.blockDevices.some((device) => device.deviceName === instance.rootDeviceName)) {
        throw computeErrors.instanceState(`The instance '${instance.id}' has no volume at its root device ${instance.rootDeviceName}; attach one there (aws ec2 attach-volume --device ${instance.rootDeviceName}) before starting it.`);
      }
    }
    return { StartingInstances: instances.map((instance) => start(context, store, instance)) };
  }),

  RebootInstances: handler<RebootInstancesRequest, Record<string, never>>((context, input) => {
    const store = ec2Store(context);
    for (const instance of requireInstances(store, input.InstanceIds ?? [])) {
      if (instance.state !== 'running') throw cannot(instance, 'rebooted', 'Only a running instance can be rebooted; start it instead.');
    }
    return {};
  }),

  TerminateInstances: handler<TerminateInstancesRequest, TerminateInstancesResult>((context, input) => {
    const store = ec2Store(context);
    const instances = requireInstances(store, input.InstanceIds ?? []);
    for (const instance of instances) {
      if (instance.disableApiTermination && instance.state !== 'terminated') throw computeErrors.terminationProtected(instance.id);
    }
    return { TerminatingInstances: instances.map((instance) => terminate(context, store, instance)) };
  }),
};

/** What terminating leaves behind: volumes deleted or detached, addresses released, the spot request told. */
function finishTermination(context: ServiceContext, store: Ec2Store, instance: InstanceRecord): void {
  for (const device of instance.blockDevices) {
    const volume = store.volumes.get(device.volumeId);
    if (!volume || volume.attachment?.instanceId !== instance.id) continue;
    if (device.deleteOnTermination) store.volumes.delete(volume.id);
    else {
      store.volumes.update(volume.id, (draft) => {
        draft.attachment = undefined;
        draft.state = 'available';
      });
    }
  }
  disassociateInstanceAddresses(store, instance.id);
  releasePrivateAddress(store, instance.subnetId, instance.privateIpAddress);
  spotInstanceTerminated(context, store, instance);
}

function inState(context: ServiceContext, timer: TimerRecord, state: InstanceStateName): InstanceRecord | undefined {
  const instance = ec2Store(context).instances.get(timer.target);
  return instance?.state === state ? instance : undefined;
}

/** The clock-driven halves of the instance state machine. */
export const instanceLifecycleTimers = {
  'ec2.instance-running': (context: ServiceContext, timer: TimerRecord) => {
    if (!inState(context, timer, 'pending')) return;
    ec2Store(context).instances.update(timer.target, (draft) => {
      draft.state = 'running';
      draft.runningSince = context.now;
      draft.stateReason = undefined;
      draft.stateTransitionReason = '';
    });
  },
  'ec2.instance-stopped': (context: ServiceContext, timer: TimerRecord) => {
    if (!inState(context, timer, 'stopping')) return;
    const store = ec2Store(context);
    const keepsElasticIp = store.addresses.lookup('instance-id', timer.target).size > 0;
    const stopped = store.instances.update(timer.target, (draft) => {
      draft.state = 'stopped';
      draft.runningSince = undefined;
      if (!keepsElasticIp) draft.publicIpAddress = undefined;
    });
    spotInstanceStopped(context, store, stopped);
  },
  'ec2.instance-terminated': (context: ServiceContext, timer: TimerRecord) => {
    const instance = inState(context, timer, 'shutting-down');
    if (!instance) return;
    const store = ec2Store(context);
    finishTermination(context, store, instance);
    store.instances.update(instance.id, (draft) => {
      draft.state = 'terminated';
      draft.terminatedAt = context.now;
      draft.runningSince = undefined;
      draft.publicIpAddress = undefined;
      draft.blockDevices = [];
      draft.monitoring = 'disabled';
    });
    context.schedule(TERMINATED_VISIBLE_FOR, 'ec2.instance-expire', instance.id);
  },
  'ec2.instance-expire': (context: ServiceContext, timer: TimerRecord) => {
    if (inState(context, timer, 'terminated')) ec2Store(context).instances.delete(timer.target);
  },
};
