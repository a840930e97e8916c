import type { ServiceContext } from '../../../service.js';
import type { InstanceBlockDevice, InstanceRecord } from '../records/compute.js';
import type { Ec2Store } from '../store.js';
import { jitter } from './compute-common.js';
import type { LaunchPlan } from './instance-launch.js';
import { allocatePrivateAddress } from './subnets.js';
import { createVolumeRecord } from './volume-records.js';

/** How long a new instance stays `pending` (simulated ms): AWS boots most in 15 to 30 seconds. */
export const BOOT_TIME = { low: 15_000, high: 30_000 } as const;

/** Options of one launch beyond the plan. */
export interface LaunchOptions {
  readonly count: number;
  readonly reservationId: string;
  readonly clientToken: string | undefined;
  /** Spot request ids, one per instance, for spot launches. */
  readonly spotRequestIds?: readonly string[];
}

/**
 * Creates the planned instances: an address from the subnet for each, a public address where the
 * subnet or interface asks for one, the EBS volumes (attached, in use), and the timer that takes each
 * from pending to running.
 */
export function launchInstances(context: ServiceContext, store: Ec2Store, plan: LaunchPlan, options: LaunchOptions): InstanceRecord[] {
  const launched: InstanceRecord[] = [];
  for (let index = 0; index < options.count; index++) {
    const id = context.ids.resource('i');
    // Allocate before storing the next instance: the allocator reads the index the previous put updated.
    const privateIpAddress = allocatePrivateAddress(store, plan.subnet, plan.privateIpAddress);
    const blockDevices: InstanceBlockDevice[] = plan.volumes.map((planned) => {
      const volume = createVolumeRecord(context, store, {
        spec: planned.spec,
        availabilityZone: plan.subnet.availabilityZone,
        encrypted: planned.encrypted,
        kmsKeyId: planned.kmsKeyId,
        snapshotId: planned.snapshotId,
        tags: { ...plan.volumeTags },
        state: 'in-use',
        clientToken: undefined,
        attachment: { instanceId: id, device: planned.deviceName, state: 'attached', attachTime: context.now, deleteOnTermination: planned.deleteOnTermination },
      });
      return { deviceName: planned.deviceName, volumeId: volume.id, deleteOnTermination: planned.deleteOnTermination, attachTime: context.now };
    });
    const spotRequestId = options.spotRequestIds?.[index];
    const instance = store.instances.put({
      id,
      reservationId: options.reservationId,
      imageId: plan.image.id,
      instanceType: plan.type.name,
      state: 'pending',
      stateTransitionReason: '',
      stateReason: { code: 'pending', message: 'pending' },
      launchTime: context.now,
      runningSince: undefined,
      availabilityZone: plan.subnet.availabilityZone,
      subnetId: plan.subnet.id,
      vpcId: plan.vpc.id,
      privateIpAddress,
      publicIpAddress: plan.associatePublicIp ? pickPublicAddress(context, store) : undefined,
      associatePublicIp: plan.associatePublicIp,
      networkInterfaceId: context.ids.resource('eni'),
      securityGroupIds: [...plan.securityGroupIds],
      keyName: plan.keyName,
      monitoring: plan.monitoring ? 'pending' : 'disabled',
      disableApiTermination: plan.disableApiTermination,
      disableApiStop: plan.disableApiStop,
      ebsOptimized: plan.ebsOptimized,
      instanceInitiatedShutdownBehavior: plan.shutdownBehavior,
      sourceDestCheck: true,
      rootDeviceName: plan.image.rootDeviceName,
      rootDeviceType: 'ebs',
      blockDevices,
      architecture: plan.image.architecture,
      os: plan.image.os,
      platformDetails: plan.image.platformDetails,
      usageOperation: plan.image.usageOperation,
      bootMode: bootModeOf(plan),
      virtualizationType: 'hvm',
      hypervisor: plan.type.hypervisor,
      amiLaunchIndex: index,
      clientToken: options.clientToken,
      userData: plan.userData,
      instanceLifecycle: spotRequestId ? 'spot' : undefined,
      spotInstanceRequestId: spotRequestId,
      metadataOptions: { ...plan.metadataOptions },
      terminatedAt: undefined,
      tags: { ...plan.instanceTags },
    });
    context.schedule(jitter(context, BOOT_TIME.low, BOOT_TIME.high), 'ec2.instance-running', id);
    if (plan.monitoring) context.schedule(jitter(context, 30_000, 90_000), 'ec2.monitoring-enabled', id);
    launched.push(instance);
  }
  return launched;
}

/** The boot mode an instance starts in: UEFI for arm64 and UEFI images, and for uefi-preferred images on Nitro. */
function bootModeOf(plan: LaunchPlan): string {
  const mode = plan.image.bootMode;
  if (plan.image.architecture === 'arm64' || mode === 'uefi') return 'uefi';
  return mode === 'uefi-preferred' && plan.type.hypervisor === 'nitro' ? 'uefi' : 'legacy-bios';
}

/** First octets of the public ranges EC2 hands addresses out from. */
const PUBLIC_FIRST_OCTETS = [3, 18, 34, 44, 52, 54] as const;

/** A public IPv4 address no instance or Elastic IP in the region holds. */
export function pickPublicAddress(context: ServiceContext, store: Ec2Store): string {
  for (;;) {
    const first = PUBLIC_FIRST_OCTETS[context.random.integer(PUBLIC_FIRST_OCTETS.length)]!;
    const address = `${first}.${context.random.integer(256)}.${context.random.integer(256)}.${1 + context.random.integer(254)}`;
    if (store.instances.lookup('ip-address', address).size === 0 && store.addresses.lookup('public-ip', address).size === 0) return address;
  }
}
