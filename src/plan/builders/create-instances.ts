import type { SecurityGroupView, SubnetView } from '../../cloud/inventory.js';
import { imageKey, type ImageChoice, type PlanContext } from '../context.js';
import { invalid, tagSpecification, type PlanDraft } from '../draft.js';
import type { CreateInstancesIntent, ImageHint } from '../intent.js';
import type { ParameterValue, Step } from '../plan.js';
import { label, liveInstances, resolveOne } from '../targets.js';
import { encryptedBlockDevices, METADATA_OPTIONS } from '../secure-defaults.js';
import { instanceState } from '../waits.js';

/** The default image family when a request names none. */
export const DEFAULT_IMAGE_FAMILY = 'amazon-linux-2023';

const DATA_DEVICES = ['/dev/sdf', '/dev/sdg', '/dev/sdh', '/dev/sdi', '/dev/sdj', '/dev/sdk'];

/** One instance a plan launches: its step and what the rest of the plan needs to know of it. */
export interface LaunchedInstance {
  readonly name: string;
  readonly step: Step;
  readonly instanceId: ParameterValue;
  readonly subnet: SubnetView;
}

/** Where new instances go: the subnet named, a subnet of the VPC named, or the default subnet. */
export function chooseSubnet(context: PlanContext, intent: Pick<CreateInstancesIntent, 'network'>): SubnetView {
  const subnets = [...context.inventory.subnets].sort((a, b) => a.availabilityZone.localeCompare(b.availabilityZone) || a.cidrBlock.localeCompare(b.cidrBlock));
  if (intent.network?.kind === 'subnet') return resolveOne(context, { kind: 'subnet', selector: intent.network.selector }, 'change');
  if (intent.network?.kind === 'vpc') {
    const vpc = resolveOne(context, { kind: 'vpc', selector: intent.network.selector }, 'change');
    const inVpc = subnets.filter((subnet) => subnet.vpcId === vpc.id);
    if (inVpc.length === 0) invalid(`${label(vpc)} has no subnets; add one first (for example: "add a subnet to ${vpc.name ?? vpc.id}")`);
    return inVpc.find((subnet) => subnet.mapPublicIpOnLaunch) ?? inVpc[0]!;
  }
  if (intent.network?.kind === 'instance') {
    const peer = resolveOne(context, { kind: 'instance', selector: intent.network.selector }, 'read');
    const subnet = subnets.find((candidate) => candidate.id === peer.subnetId);
    if (!subnet) invalid(`${label(peer)} is in no subnet Cirro can see`);
    return subnet;
  }
  const defaultVpc = context.inventory.vpcs.find((vpc) => vpc.isDefault);
  const fallback = subnets.find((subnet) => subnet.defaultForAz && subnet.vpcId === defaultVpc?.id);
  if (!fallback) invalid('this region has no default VPC; say which VPC or subnet to use ("in vpc main")');
  return fallback;
}

/** The image to launch from, matching the instance type's architecture. */
export function chooseImage(context: PlanContext, hint: ImageHint | undefined, instanceType: string): ImageChoice {
  const type = context.instanceTypes.get(instanceType);
  if (!type) invalid(`${instanceType} is not an instance type in ${context.region}; try t3.micro, t3.small, m5.large or c6i.xlarge`);
  if (hint?.imageId) {
    const image = context.images.get(hint.imageId);
    if (!image) invalid(`${hint.imageId}: no such image in ${context.region}`);
    if (!type.architectures.includes(image.architecture)) {
      invalid(`${hint.imageId} is built for ${image.architecture}, but ${instanceType} runs ${type.architectures.join('/')}; pick a matching instance type`);
    }
    return image;
  }
  const family = hint?.family ?? DEFAULT_IMAGE_FAMILY;
  for (const architecture of type.architectures) {
    const image = context.images.get(imageKey(family, architecture));
    if (image) return image;
  }
  return invalid(`no ${family} image for ${type.architectures.join('/')} found in ${context.region}`);
}

/** Names for the new instances: the ones given, then numbered after the first (web-1 → web-2 …). */
export function instanceNames(context: PlanContext, intent: CreateInstancesIntent): string[] {
  const names = [...intent.names];
  const taken = new Set(liveInstances(context).map((instance) => instance.name).filter((name): name is string => !!name));
  const base = names[0]?.replace(/-\d+$/, '') ?? 'vm';
  let counter = 1;
  while (names.length < intent.count) {
    const candidate = `${base}-${counter++}`;
    if (!taken.has(candidate) && !names.includes(candidate)) names.push(candidate);
  }
  for (const name of names.slice(0, intent.count)) {
    const existing = liveInstances(context).find((instance) => instance.name === name);
    if (existing) {
      let free = 2;
      while (taken.has(`${base}-${free}`) || names.includes(`${base}-${free}`)) free++;
      invalid(`${name} already exists (${existing.id}, ${existing.state}); choose another name, for example ${base}-${free}`);
    }
  }
  return names.slice(0, intent.count);
}

function securityGroupIds(context: PlanContext, intent: CreateInstancesIntent, subnet: SubnetView): SecurityGroupView[] {
  const groups = (intent.securityGroups ?? []).map((target) => resolveOne(context, { kind: 'security-group', selector: target.selector }, 'read'));
  for (const group of groups) {
    if (group.vpcId !== subnet.vpcId) invalid(`security group ${label(group)} is in ${group.vpcId}, but the instances go into ${subnet.vpcId}`);
  }
  return groups;
}

/** The launches a plan makes, and the step after which all of them run. */
export interface Launches {
  readonly instances: readonly LaunchedInstance[];
  readonly running: Step;
}

/** Adds launch steps for each new instance and the checks that they run as asked. */
export function addInstanceLaunches(draft: PlanDraft, context: PlanContext, intent: CreateInstancesIntent, options: { subnet?: SubnetView } = {}): Launches {
  if (!Number.isInteger(intent.count) || intent.count < 1 || intent.count > 50) invalid(`cannot launch ${intent.count} instances: ask for 1 to 50 at a time`);
  const instanceType = intent.instanceType ?? context.defaultInstanceType;
  const image = chooseImage(context, intent.image, instanceType);
  const subnet = options.subnet ?? chooseSubnet(context, intent);
  const groups = securityGroupIds(context, intent, subnet);
  const names = instanceNames(context, intent);
  if (intent.keyName && !context.inventory.keyPairs.some((pair) => pair.name === intent.keyName)) {
    invalid(`key pair ${intent.keyName} does not exist; create or import it first (known: ${context.inventory.keyPairs.map((pair) => pair.name).join(', ') || 'none'})`);
  }
  const market: Record<string, ParameterValue> = intent.spot ? { InstanceMarketOptions: { MarketType: 'spot', SpotOptions: { SpotInstanceType: 'one-time', InstanceInterruptionBehavior: 'terminate' } } } : {};
  const launched: LaunchedInstance[] = [];
  for (const name of names) {
    const tags = { ...(intent.tags ?? {}), Name: name };
    const volumes = (intent.extraVolumes ?? []).map((volume, index) => ({ device: DATA_DEVICES[index]!, sizeGiB: volume.sizeGiB, volumeType: volume.volumeType ?? 'gp3' }));
    const blockDevices = encryptedBlockDevices(image.rootDeviceName, volumes);
    const step = draft.step({
      action: `launch ${name} (${instanceType}${intent.spot ? ', spot' : ''}, ${image.name}) in ${subnet.id} (${subnet.availabilityZone})`,
      effect: 'create',
      resource: { kind: 'instance', name },
      call: {
        service: 'ec2',
        operation: 'RunInstances',
        input: <Record<string, ParameterValue>>{
          ImageId: image.imageId,
          InstanceType: instanceType,
          MinCount: 1,
          MaxCount: 1,
          SubnetId: subnet.id,
          ...(groups.length > 0 ? { SecurityGroupIds: groups.map((group) => group.id) } : {}),
          ...(intent.keyName ? { KeyName: intent.keyName } : {}),
          ...(intent.monitoring ? { Monitoring: { Enabled: true } } : {}),
          ...(intent.publicIp !== undefined && intent.publicIp !== subnet.mapPublicIpOnLaunch
            ? { NetworkInterfaces: [{ DeviceIndex: 0, SubnetId: subnet.id, AssociatePublicIpAddress: intent.publicIp, ...(groups.length > 0 ? { Groups: groups.map((group) => group.id) } : {}) }] }
            : {}),
          ...(blockDevices.length > 0 ? { BlockDeviceMappings: blockDevices } : {}),
          MetadataOptions: { ...METADATA_OPTIONS },
          ...market,
          TagSpecifications: [tagSpecification('instance', tags), ...(volumes.length > 0 ? [tagSpecification('volume', { Name: `${name}-data` })] : [])],
        },
      },
      outputs: { instanceId: 'Instances[0].InstanceId' },
      inverse: (self) => ({ service: 'ec2', operation: 'TerminateInstances', input: { InstanceIds: [draft.ref(self, 'instanceId')] } }),
      inverseWait: (self) => instanceState([draft.ref(self, 'instanceId')], 'terminated', `the new ${name}`),
    });
    launched.push({ name, step, instanceId: draft.ref(step, 'instanceId'), subnet });
  }
  // The CLI's NetworkInterfaces form cannot carry SubnetId twice.
  for (const instance of launched) {
    const input = instance.step.call.input as Record<string, unknown>;
    if (input['NetworkInterfaces']) {
      delete input['SubnetId'];
      delete input['SecurityGroupIds'];
    }
  }
  const waitStep = draft.step({
    action: `wait for ${names.join(', ')} to be running`,
    effect: 'read',
    resource: { kind: 'instance', name: names.join(',') },
    call: { service: 'ec2', operation: 'DescribeInstances', input: { InstanceIds: launched.map((instance) => instance.instanceId) } },
    dependsOn: launched.map((instance) => instance.step),
    wait: instanceState(launched.map((instance) => instance.instanceId), 'running', names.join(', ')),
  });
  for (const name of names) {
    draft.expect(`${name} is running as ${instanceType}${intent.spot ? ' (spot)' : ''}`, { kind: 'instance', name }, {
      state: 'running',
      instanceType,
      subnetId: subnet.id,
      lifecycle: intent.spot ? 'spot' : 'on-demand',
      metadataHttpTokens: METADATA_OPTIONS.HttpTokens,
      ...(intent.monitoring ? { monitoring: 'enabled' } : {}),
    });
  }
  if (!image.rootDeviceName) draft.advise('warning', `${image.name} does not say which device is its root, so Cirro cannot ask for its root volume to be encrypted; it is encrypted only if the account encrypts new EBS volumes by default.`);
  if (intent.spot) draft.advise('info', 'Spot instances can be interrupted by AWS with two minutes\' notice; keep state you cannot lose off their disks.');
  if (!subnet.mapPublicIpOnLaunch && intent.publicIp === undefined) draft.advise('info', `${subnet.id} does not give public addresses; the new instances will have private addresses only.`);
  return { instances: launched, running: waitStep };
}

/** Builds the plan for "launch N instances". */
export function buildCreateInstances(draft: PlanDraft, context: PlanContext, intent: CreateInstancesIntent): string {
  const { instances } = addInstanceLaunches(draft, context, intent);
  const names = instances.map((instance) => instance.name);
  return `launch ${intent.count === 1 ? `instance ${names[0]}` : `${intent.count} instances (${names.join(', ')})`} in ${instances[0]!.subnet.vpcId}`;
}
