import type { InstanceView } from '../../cloud/inventory.js';
import type { PlanContext } from '../context.js';
import { invalid, type PlanDraft, type StepInput } from '../draft.js';
import type { Intent, Target } from '../intent.js';
import { label, resolveOrStop } from '../targets.js';
import { instanceState, monitoringState } from '../waits.js';

type IntentOf<T extends Intent['type']> = Extract<Intent, { type: T }>;

/** Instances a change applies to: alive ones only, and at least one. */
export function changeableInstances(context: PlanContext, target: Target): InstanceView[] {
  const found = resolveOrStop(context, { kind: 'instance', selector: target.selector }, 'change') as InstanceView[];
  const alive = found.filter((instance) => instance.state !== 'terminated' && instance.state !== 'shutting-down');
  if (alive.length === 0) invalid(`${found.map(label).join(', ')} ${found.length === 1 ? 'is' : 'are'} already terminated`);
  return alive;
}

function names(instances: readonly InstanceView[]): string {
  return instances.map(label).join(', ');
}

function membershipsOf(context: PlanContext, instance: InstanceView): string[] {
  return context.inventory.targetGroups.filter((group) => group.targets.some((target) => target.id === instance.id)).map((group) => group.name ?? group.id);
}

/** Stop, start, reboot or terminate instances. */
export function buildPower(draft: PlanDraft, context: PlanContext, intent: IntentOf<'instance-power'>): string {
  const instances = changeableInstances(context, intent.targets);
  const want: readonly string[] = { stop: ['stopped', 'stopping'], start: ['running', 'pending'], reboot: [], terminate: [] }[intent.action];
  const todo = instances.filter((instance) => !want.includes(instance.state));
  for (const instance of instances.filter((candidate) => want.includes(candidate.state))) {
    draft.advise('info', `${label(instance)} is already ${instance.state}; nothing to do for it.`);
  }
  if (todo.length === 0) return `${intent.action} ${names(instances)} (nothing to do)`;
  if (intent.action === 'start' && todo.some((instance) => instance.state === 'stopping')) {
    invalid(`${names(todo.filter((instance) => instance.state === 'stopping'))} ${todo.length === 1 ? 'is' : 'are'} still stopping; start ${todo.length === 1 ? 'it' : 'them'} once stopped`);
  }
  const ids = todo.map((instance) => instance.id);
  const operation = { stop: 'StopInstances', start: 'StartInstances', reboot: 'RebootInstances', terminate: 'TerminateInstances' }[intent.action];
  const settle = { stop: 'stopped', start: 'running', reboot: undefined, terminate: 'terminated' }[intent.action] as 'stopped' | 'running' | 'terminated' | undefined;
  draft.step({
    action: `${intent.action} ${names(todo)}`,
    effect: intent.action === 'terminate' ? 'delete' : 'update-live',
    resource: { kind: 'instance', id: ids.join(','), name: todo.map((instance) => instance.name).join(',') },
    call: { service: 'ec2', operation, input: { InstanceIds: ids } },
    wait: settle ? instanceState(ids, settle, names(todo)) : undefined,
    ...powerUndo(context, intent.action, todo),
  });
  for (const instance of todo) {
    if (settle) draft.expect(`${label(instance)} is ${settle}`, { kind: 'instance', id: instance.id }, { state: settle });
    const groups = membershipsOf(context, instance);
    if (groups.length > 0 && intent.action !== 'start') draft.advise('warning', `${label(instance)} serves traffic in ${groups.join(', ')}; it will fail health checks while it is down.`);
    if (intent.action === 'stop' && instance.publicIpAddress && !context.inventory.elasticIps.some((address) => address.instanceId === instance.id)) {
      draft.advise('warning', `${label(instance)} will lose its public address ${instance.publicIpAddress} when stopped; it gets a new one on start (attach an Elastic IP to keep one).`);
    }
    if (intent.action === 'terminate') {
      const deleted = instance.volumes.filter((volume) => volume.deleteOnTermination).map((volume) => volume.volumeId);
      draft.advise('danger', `Terminating ${label(instance)} cannot be undone${deleted.length ? `; its volumes ${deleted.join(', ')} are deleted with it` : ''}.`);
    }
  }
  return `${intent.action} ${names(todo)}`;
}

/** How a power step is undone: stop and start undo each other; a reboot or termination cannot be taken back. */
function powerUndo(context: PlanContext, action: IntentOf<'instance-power'>['action'], todo: readonly InstanceView[]): Pick<StepInput, 'inverse' | 'inverseWait' | 'irreversible'> {
  const ids = todo.map((instance) => instance.id);
  switch (action) {
    case 'stop':
      return { inverse: { service: 'ec2', operation: 'StartInstances', input: { InstanceIds: ids } }, inverseWait: instanceState(ids, 'running', names(todo)) };
    case 'start':
      return { inverse: { service: 'ec2', operation: 'StopInstances', input: { InstanceIds: ids } }, inverseWait: instanceState(ids, 'stopped', names(todo)) };
    case 'reboot':
      return { irreversible: `a reboot cannot be taken back: the processes on ${names(todo)} restart and lose what they held in memory` };
    case 'terminate':
      return { irreversible: `terminated instances cannot be restarted; ${todo.map((instance) => terminationLoss(context, instance)).join('; ')} ${todo.length === 1 ? 'is' : 'are'} gone for good` };
  }
}

/** "web-1 (i-…) and its root volume vol-…": what a termination destroys. */
function terminationLoss(context: PlanContext, instance: InstanceView): string {
  const deleted = instance.volumes.filter((volume) => volume.deleteOnTermination);
  const root = deleted.filter((volume) => volume.device === instance.rootDeviceName).map((volume) => volume.volumeId);
  const data = deleted.filter((volume) => volume.device !== instance.rootDeviceName).map((volume) => volume.volumeId);
  const address = context.inventory.elasticIps.some((candidate) => candidate.instanceId === instance.id) ? '' : instance.publicIpAddress ? ` and its public address ${instance.publicIpAddress}` : '';
  const volumes = [root.length ? `its root volume ${root.join(', ')}` : '', data.length ? `its data volume${data.length > 1 ? 's' : ''} ${data.join(', ')}` : ''].filter(Boolean);
  return `${label(instance)}${volumes.length ? ` with ${volumes.join(' and ')}` : ''}${address}`;
}

/** Change instance types: live for stopped instances, a stop/modify/start cycle for running ones. */
export function buildResize(draft: PlanDraft, context: PlanContext, intent: IntentOf<'resize'>): string {
  const instances = changeableInstances(context, intent.targets);
  const type = context.instanceTypes.get(intent.instanceType);
  if (!type) invalid(`${intent.instanceType} is not an instance type in ${context.region}; try t3.large, m5.large or c6i.xlarge`);
  const todo = instances.filter((instance) => instance.instanceType !== intent.instanceType);
  for (const instance of instances.filter((candidate) => candidate.instanceType === intent.instanceType)) draft.advise('info', `${label(instance)} is already ${intent.instanceType}.`);
  for (const instance of todo) {
    if (instance.architecture && !type.architectures.includes(instance.architecture)) {
      invalid(`${label(instance)} runs a ${instance.architecture} image, but ${intent.instanceType} is ${type.architectures.join('/')}; pick a ${instance.architecture} type`);
    }
    if (instance.lifecycle === 'spot') invalid(`${label(instance)} is a spot instance and cannot be stopped to change its type; relaunch it as ${intent.instanceType} instead`);
    if (instance.state === 'pending' || instance.state === 'stopping') invalid(`${label(instance)} is ${instance.state}; try again once it settles`);
    const running = instance.state === 'running';
    const stop = running
      ? draft.step({
          action: `stop ${label(instance)}`,
          effect: 'update-stop-start',
          resource: { kind: 'instance', id: instance.id, name: instance.name },
          call: { service: 'ec2', operation: 'StopInstances', input: { InstanceIds: [instance.id] } },
          wait: instanceState([instance.id], 'stopped', label(instance)),
          inverse: { service: 'ec2', operation: 'StartInstances', input: { InstanceIds: [instance.id] } },
          inverseWait: instanceState([instance.id], 'running', label(instance)),
        })
      : undefined;
    const modify = draft.step({
      action: `change ${label(instance)} from ${instance.instanceType} to ${intent.instanceType}`,
      effect: running ? 'update-stop-start' : 'update-live',
      resource: { kind: 'instance', id: instance.id, name: instance.name },
      call: { service: 'ec2', operation: 'ModifyInstanceAttribute', input: { InstanceId: instance.id, InstanceType: { Value: intent.instanceType } } },
      dependsOn: stop ? [stop] : [],
      inverse: { service: 'ec2', operation: 'ModifyInstanceAttribute', input: { InstanceId: instance.id, InstanceType: { Value: instance.instanceType } } },
    });
    if (running) {
      draft.step({
        action: `start ${label(instance)}`,
        effect: 'update-stop-start',
        resource: { kind: 'instance', id: instance.id, name: instance.name },
        call: { service: 'ec2', operation: 'StartInstances', input: { InstanceIds: [instance.id] } },
        dependsOn: [modify],
        wait: instanceState([instance.id], 'running', label(instance)),
        // Undone by stopping again, so the old type can be put back while it is stopped.
        inverse: { service: 'ec2', operation: 'StopInstances', input: { InstanceIds: [instance.id] } },
        inverseWait: instanceState([instance.id], 'stopped', label(instance)),
      });
      draft.advise('warning', `Changing ${label(instance)}'s type needs a stop and start: it is down for a minute or two${instance.publicIpAddress && !context.inventory.elasticIps.some((address) => address.instanceId === instance.id) ? ` and its public address ${instance.publicIpAddress} changes` : ''}.`);
    }
    draft.expect(`${label(instance)} is ${intent.instanceType} and ${running ? 'running' : instance.state}`, { kind: 'instance', id: instance.id }, { instanceType: intent.instanceType, state: running ? 'running' : instance.state });
  }
  return `change ${names(todo.length ? todo : instances)} to ${intent.instanceType}`;
}

/** Turn detailed (1-minute) monitoring on or off. */
export function buildMonitoring(draft: PlanDraft, context: PlanContext, intent: IntentOf<'set-monitoring'>): string {
  const instances = changeableInstances(context, intent.targets);
  const wanted = intent.enabled ? 'enabled' : 'disabled';
  const todo = instances.filter((instance) => instance.monitoring !== wanted);
  for (const instance of instances.filter((candidate) => candidate.monitoring === wanted)) draft.advise('info', `${label(instance)} already has detailed monitoring ${wanted}.`);
  if (todo.length === 0) return `${intent.enabled ? 'enable' : 'disable'} detailed monitoring on ${names(instances)} (nothing to do)`;
  const ids = todo.map((instance) => instance.id);
  draft.step({
    action: `${intent.enabled ? 'enable' : 'disable'} detailed monitoring on ${names(todo)}`,
    effect: 'update-live',
    resource: { kind: 'instance', id: ids.join(','), name: todo.map((instance) => instance.name).join(',') },
    call: { service: 'ec2', operation: intent.enabled ? 'MonitorInstances' : 'UnmonitorInstances', input: { InstanceIds: ids } },
    wait: monitoringState(ids, wanted, names(todo)),
    inverse: { service: 'ec2', operation: intent.enabled ? 'UnmonitorInstances' : 'MonitorInstances', input: { InstanceIds: ids } },
    inverseWait: monitoringState(ids, intent.enabled ? 'disabled' : 'enabled', names(todo)),
  });
  for (const instance of todo) draft.expect(`${label(instance)} has detailed monitoring ${wanted}`, { kind: 'instance', id: instance.id }, { monitoring: wanted });
  if (intent.enabled) draft.advise('info', 'Detailed monitoring sends metrics every minute instead of every five, and is billed per metric.');
  return `${intent.enabled ? 'enable' : 'disable'} detailed monitoring on ${names(todo)}`;
}
