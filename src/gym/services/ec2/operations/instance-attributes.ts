import type {
  DescribeInstanceAttributeRequest, InstanceAttribute, ModifyInstanceAttributeRequest,
  ModifyInstanceMetadataOptionsRequest, ModifyInstanceMetadataOptionsResult, MonitorInstancesRequest, MonitorInstancesResult,
  UnmonitorInstancesRequest, UnmonitorInstancesResult,
} from '@aws-sdk/client-ec2';
import { handler, type ServiceContext } from '../../../service.js';
import type { TimerRecord } from '../../../world/scheduler.js';
import { computeErrors, ec2Errors } from '../errors.js';
import type { InstanceRecord } from '../records/compute.js';
import type { Ec2Store } from '../store.js';
import { ec2Store, jitter, requireInstance, requireInstances } from './compute-common.js';
import { checkArchitecture, checkUserData, launchGroups, requireInstanceType } from './instance-launch.js';
import { instanceGroups } from './instance-view.js';

/** One attribute change, whichever form (structured member or Attribute/Value) the caller used. */
type AttributeChange =
  | { readonly name: 'instanceType'; readonly value: string }
  | { readonly name: 'userData'; readonly value: string }
  | { readonly name: 'instanceInitiatedShutdownBehavior'; readonly value: string }
  | { readonly name: 'groupSet'; readonly value: readonly string[] }
  | { readonly name: 'blockDeviceMapping'; readonly value: NonNullable<ModifyInstanceAttributeRequest['BlockDeviceMappings']> }
  | { readonly name: 'disableApiTermination' | 'disableApiStop' | 'ebsOptimized' | 'sourceDestCheck' | 'enaSupport'; readonly value: boolean };

const BOOLEAN_ATTRIBUTES = ['disableApiTermination', 'disableApiStop', 'ebsOptimized', 'sourceDestCheck', 'enaSupport'] as const;

function changesOf(input: ModifyInstanceAttributeRequest): AttributeChange[] {
  const changes: AttributeChange[] = [];
  if (input.InstanceType?.Value !== undefined) changes.push({ name: 'instanceType', value: input.InstanceType.Value });
  if (input.UserData?.Value !== undefined) changes.push({ name: 'userData', value: Buffer.from(input.UserData.Value).toString('base64') });
  if (input.InstanceInitiatedShutdownBehavior?.Value !== undefined) changes.push({ name: 'instanceInitiatedShutdownBehavior', value: input.InstanceInitiatedShutdownBehavior.Value });
  if (input.Groups?.length) changes.push({ name: 'groupSet', value: input.Groups });
  if (input.BlockDeviceMappings?.length) changes.push({ name: 'blockDeviceMapping', value: input.BlockDeviceMappings });
  if (input.DisableApiTermination?.Value !== undefined) changes.push({ name: 'disableApiTermination', value: input.DisableApiTermination.Value });
  if (input.DisableApiStop?.Value !== undefined) changes.push({ name: 'disableApiStop', value: input.DisableApiStop.Value });
  if (input.EbsOptimized?.Value !== undefined) changes.push({ name: 'ebsOptimized', value: input.EbsOptimized.Value });
  if (input.SourceDestCheck?.Value !== undefined) changes.push({ name: 'sourceDestCheck', value: input.SourceDestCheck.Value });
  if (input.EnaSupport?.Value !== undefined) changes.push({ name: 'enaSupport', value: input.EnaSupport.Value });
  if (input.Attribute !== undefined) changes.push(fromAttributeValue(input.Attribute, input.Value));
  return changes;
}

function fromAttributeValue(attribute: string, value: string | undefined): AttributeChange {
  if (value === undefined) throw ec2Errors.missingParameter('Value');
  if ((BOOLEAN_ATTRIBUTES as readonly string[]).includes(attribute)) {
    if (value !== 'true' && value !== 'false') throw ec2Errors.invalidParameterValue(`Value (${value}) for parameter value is invalid. ${attribute} takes true or false.`);
    return { name: attribute as (typeof BOOLEAN_ATTRIBUTES)[number], value: value === 'true' };
  }
  if (attribute === 'instanceType' || attribute === 'userData' || attribute === 'instanceInitiatedShutdownBehavior') return { name: attribute, value };
  throw ec2Errors.invalidParameterValue(`Value (${attribute}) for parameter attribute is invalid. The gym can modify instanceType, userData, instanceInitiatedShutdownBehavior, groupSet, blockDeviceMapping and ${BOOLEAN_ATTRIBUTES.join(', ')}.`);
}

function requireStopped(instance: InstanceRecord): void {
  if (instance.state !== 'stopped') throw computeErrors.instanceState(`The instance '${instance.id}' is not in the 'stopped' state.`);
}

function applyChange(store: Ec2Store, instance: InstanceRecord, change: AttributeChange): void {
  switch (change.name) {
    case 'instanceType': {
      requireStopped(instance);
      const type = requireInstanceType(change.value);
      checkArchitecture(type, instance.architecture);
      store.instances.update(instance.id, (draft) => (draft.instanceType = type.name));
      return;
    }
    case 'userData': {
      requireStopped(instance);
      const userData = checkUserData(change.value);
      store.instances.update(instance.id, (draft) => (draft.userData = userData));
      return;
    }
    case 'instanceInitiatedShutdownBehavior':
      if (change.value !== 'stop' && change.value !== 'terminate') {
        throw ec2Errors.invalidParameterValue(`Value (${change.value}) for parameter instanceInitiatedShutdownBehavior is invalid. Use stop or terminate.`);
      }
      store.instances.update(instance.id, (draft) => (draft.instanceInitiatedShutdownBehavior = change.value as 'stop' | 'terminate'));
      return;
    case 'groupSet': {
      const vpc = store.vpcs.get(instance.vpcId)!;
      const subnet = store.subnets.get(instance.subnetId)!;
      const groups = launchGroups(store, vpc, subnet, change.value, undefined);
      store.instances.update(instance.id, (draft) => (draft.securityGroupIds = groups));
      return;
    }
    case 'blockDeviceMapping':
      for (const mapping of change.value) {
        const device = instance.blockDevices.find((candidate) => candidate.deviceName === mapping.DeviceName);
        if (!device) throw ec2Errors.invalidParameterValue(`No volume is attached to ${instance.id} at ${mapping.DeviceName}; see its BlockDeviceMappings for the devices in use.`);
        const deleteOnTermination = mapping.Ebs?.DeleteOnTermination;
        if (deleteOnTermination === undefined) continue;
        store.instances.update(instance.id, (draft) => {
          draft.blockDevices.find((candidate) => candidate.deviceName === mapping.DeviceName)!.deleteOnTermination = deleteOnTermination;
        });
        if (store.volumes.get(device.volumeId)?.attachment) {
          store.volumes.update(device.volumeId, (draft) => (draft.attachment!.deleteOnTermination = deleteOnTermination));
        }
      }
      return;
    case 'enaSupport':
      requireStopped(instance);
      return;
    default: {
      const name = change.name;
      store.instances.update(instance.id, (draft) => (draft[name] = change.value));
    }
  }
}

function describeAttribute(store: Ec2Store, instance: InstanceRecord, attribute: string): InstanceAttribute {
  const base = { InstanceId: instance.id };
  switch (attribute) {
    case 'instanceType': return { ...base, InstanceType: { Value: instance.instanceType } };
    case 'userData': return { ...base, UserData: instance.userData !== undefined ? { Value: instance.userData } : {} };
    case 'disableApiTermination': return { ...base, DisableApiTermination: { Value: instance.disableApiTermination } };
    case 'disableApiStop': return { ...base, DisableApiStop: { Value: instance.disableApiStop } };
    case 'instanceInitiatedShutdownBehavior': return { ...base, InstanceInitiatedShutdownBehavior: { Value: instance.instanceInitiatedShutdownBehavior } };
    case 'rootDeviceName': return { ...base, RootDeviceName: { Value: instance.rootDeviceName } };
    case 'sourceDestCheck': return { ...base, SourceDestCheck: { Value: instance.sourceDestCheck } };
    case 'ebsOptimized': return { ...base, EbsOptimized: { Value: instance.ebsOptimized } };
    case 'enaSupport': return { ...base, EnaSupport: { Value: instance.hypervisor === 'nitro' } };
    case 'sriovNetSupport': return { ...base, SriovNetSupport: {} };
    case 'enclaveOptions': return { ...base, EnclaveOptions: { Enabled: false } };
    case 'productCodes': return { ...base, ProductCodes: [] };
    case 'kernel': return { ...base, KernelId: {} };
    case 'ramdisk': return { ...base, RamdiskId: {} };
    case 'groupSet': return { ...base, Groups: instanceGroups(store, instance) };
    case 'blockDeviceMapping':
      return {
        ...base,
        BlockDeviceMappings: instance.blockDevices.map((device) => ({
          DeviceName: device.deviceName,
          Ebs: { AttachTime: new Date(device.attachTime), DeleteOnTermination: device.deleteOnTermination, Status: store.volumes.get(device.volumeId)?.attachment?.state ?? 'attached', VolumeId: device.volumeId },
        })),
      };
    default:
      throw ec2Errors.invalidParameterValue(`Value (${attribute}) for parameter attribute is invalid. ${attribute} is not a valid instance attribute.`);
  }
}

function setMonitoring(context: ServiceContext, store: Ec2Store, instance: InstanceRecord, enable: boolean): { InstanceId: string; Monitoring: { State: InstanceRecord['monitoring'] } } {
  const already = enable ? instance.monitoring === 'enabled' || instance.monitoring === 'pending' : instance.monitoring === 'disabled' || instance.monitoring === 'disabling';
  if (!already) {
    store.instances.update(instance.id, (draft) => (draft.monitoring = enable ? 'pending' : 'disabling'));
    context.schedule(jitter(context, 30_000, 90_000), enable ? 'ec2.monitoring-enabled' : 'ec2.monitoring-disabled', instance.id);
  }
  return { InstanceId: instance.id, Monitoring: { State: store.instances.get(instance.id)!.monitoring } };
}

/** Instance attributes, detailed monitoring and metadata options. */
export const instanceAttributeOperations = {
  ModifyInstanceAttribute: handler<ModifyInstanceAttributeRequest, Record<string, never>>((context, input) => {
    const store = ec2Store(context);
    const instance = requireInstance(store, input.InstanceId!);
    const changes = changesOf(input);
    if (changes.length === 0) throw ec2Errors.missingParameter('Attribute');
    if (changes.length > 1) throw ec2Errors.invalidParameterCombination('Modify one instance attribute per call; this request names several.');
    if (instance.state === 'terminated' || instance.state === 'shutting-down') {
      throw computeErrors.instanceState(`The instance '${instance.id}' is ${instance.state}; its attributes can no longer change.`);
    }
    applyChange(store, instance, changes[0]!);
    return {};
  }),

  DescribeInstanceAttribute: handler<DescribeInstanceAttributeRequest, InstanceAttribute>((context, input) => {
    const store = ec2Store(context);
    return describeAttribute(store, requireInstance(store, input.InstanceId!), input.Attribute!);
  }),

  MonitorInstances: handler<MonitorInstancesRequest, MonitorInstancesResult>((context, input) => {
    const store = ec2Store(context);
    return { InstanceMonitorings: requireInstances(store, input.InstanceIds ?? []).map((instance) => setMonitoring(context, store, instance, true)) };
  }),

  UnmonitorInstances: handler<UnmonitorInstancesRequest, UnmonitorInstancesResult>((context, input) => {
    const store = ec2Store(context);
    return { InstanceMonitorings: requireInstances(store, input.InstanceIds ?? []).map((instance) => setMonitoring(context, store, instance, false)) };
  }),

  ModifyInstanceMetadataOptions: handler<ModifyInstanceMetadataOptionsRequest, ModifyInstanceMetadataOptionsResult>((context, input) => {
    const store = ec2Store(context);
    const instance = requireInstance(store, input.InstanceId!);
    const hopLimit = input.HttpPutResponseHopLimit;
    if (hopLimit !== undefined && (hopLimit < 1 || hopLimit > 64)) {
      throw ec2Errors.invalidParameterValue(`The HttpPutResponseHopLimit ${hopLimit} is out of range; use 1 to 64.`);
    }
    const updated = store.instances.update(instance.id, (draft) => {
      const options = draft.metadataOptions;
      if (input.HttpTokens) options.httpTokens = input.HttpTokens;
      if (hopLimit !== undefined) options.httpPutResponseHopLimit = hopLimit;
      if (input.HttpEndpoint) options.httpEndpoint = input.HttpEndpoint;
      if (input.HttpProtocolIpv6) options.httpProtocolIpv6 = input.HttpProtocolIpv6;
      if (input.InstanceMetadataTags) options.instanceMetadataTags = input.InstanceMetadataTags;
    });
    const options = updated.metadataOptions;
    return {
      InstanceId: instance.id,
      InstanceMetadataOptions: {
        State: 'pending',
        HttpTokens: options.httpTokens,
        HttpPutResponseHopLimit: options.httpPutResponseHopLimit,
        HttpEndpoint: options.httpEndpoint,
        HttpProtocolIpv6: options.httpProtocolIpv6,
        InstanceMetadataTags: options.instanceMetadataTags,
      },
    };
  }),
};

/** Detailed monitoring takes a minute or so to switch on or off. */
export const instanceAttributeTimers = {
  'ec2.monitoring-enabled': (context: ServiceContext, timer: TimerRecord) => {
    const store = ec2Store(context);
    if (store.instances.get(timer.target)?.monitoring === 'pending') store.instances.update(timer.target, (draft) => (draft.monitoring = 'enabled'));
  },
  'ec2.monitoring-disabled': (context: ServiceContext, timer: TimerRecord) => {
    const store = ec2Store(context);
    if (store.instances.get(timer.target)?.monitoring === 'disabling') store.instances.update(timer.target, (draft) => (draft.monitoring = 'disabled'));
  },
};
