import type { Tagged } from './common.js';

/** Instance states as EC2 names them, with their codes. */
export const INSTANCE_STATE_CODES = {
  pending: 0,
  running: 16,
  'shutting-down': 32,
  terminated: 48,
  stopping: 64,
  stopped: 80,
} as const;

/** An instance state name. */
export type InstanceStateName = keyof typeof INSTANCE_STATE_CODES;

/** A volume attached at launch or later, as the instance sees it. */
export interface InstanceBlockDevice {
  readonly deviceName: string;
  readonly volumeId: string;
  deleteOnTermination: boolean;
  readonly attachTime: number;
}

/** An instance. */
export interface InstanceRecord extends Tagged {
  readonly reservationId: string;
  readonly imageId: string;
  instanceType: string;
  state: InstanceStateName;
  stateTransitionReason: string;
  stateReason: { code: string; message: string } | undefined;
  launchTime: number;
  readonly availabilityZone: string;
  readonly subnetId: string;
  readonly vpcId: string;
  readonly privateIpAddress: string;
  publicIpAddress: string | undefined;
  readonly networkInterfaceId: string;
  securityGroupIds: string[];
  readonly keyName: string | undefined;
  monitoring: 'disabled' | 'disabling' | 'enabled' | 'pending';
  disableApiTermination: boolean;
  disableApiStop: boolean;
  ebsOptimized: boolean;
  instanceInitiatedShutdownBehavior: 'stop' | 'terminate';
  sourceDestCheck: boolean;
  readonly rootDeviceName: string;
  readonly rootDeviceType: 'ebs';
  blockDevices: InstanceBlockDevice[];
  readonly architecture: string;
  readonly platformDetails: string;
  readonly virtualizationType: 'hvm';
  readonly hypervisor: 'xen' | 'nitro';
  readonly amiLaunchIndex: number;
  readonly clientToken: string | undefined;
  userData: string | undefined;
  /** 'spot' for spot instances; absent for on-demand. */
  readonly instanceLifecycle: 'spot' | undefined;
  readonly spotInstanceRequestId: string | undefined;
  readonly metadataOptions: { httpTokens: 'optional' | 'required'; httpPutResponseHopLimit: number; httpEndpoint: 'enabled' | 'disabled' };
  /** When the instance reached `terminated`; AWS keeps it visible for about an hour after. */
  terminatedAt: number | undefined;
}

/** A machine image: the public catalogue (owner `amazon`) and images users create. */
export interface ImageRecord extends Tagged {
  readonly name: string;
  readonly description: string;
  readonly ownerId: string;
  readonly ownerAlias: 'amazon' | undefined;
  readonly public: boolean;
  state: 'pending' | 'available' | 'deregistered' | 'failed';
  readonly architecture: 'x86_64' | 'arm64';
  readonly platformDetails: string;
  readonly rootDeviceName: string;
  readonly blockDevices: { deviceName: string; snapshotId: string | undefined; volumeSize: number; volumeType: string; deleteOnTermination: boolean; encrypted: boolean }[];
  readonly creationDate: number;
  readonly sourceInstanceId: string | undefined;
  readonly enaSupport: boolean;
  readonly bootMode: string | undefined;
}

/** An EBS volume. */
export interface VolumeRecord extends Tagged {
  size: number;
  volumeType: string;
  iops: number | undefined;
  throughput: number | undefined;
  readonly availabilityZone: string;
  state: 'creating' | 'available' | 'in-use' | 'deleting' | 'deleted' | 'error';
  readonly encrypted: boolean;
  readonly kmsKeyId: string | undefined;
  readonly snapshotId: string | undefined;
  readonly createdAt: number;
  readonly multiAttachEnabled: boolean;
  /** The one attachment (the gym does not model multi-attach). */
  attachment: { instanceId: string; device: string; state: 'attaching' | 'attached' | 'detaching' | 'detached'; attachTime: number; deleteOnTermination: boolean } | undefined;
  /** A modification in progress or done (DescribeVolumesModifications). */
  modification: { state: 'modifying' | 'optimizing' | 'completed'; startTime: number; endTime: number | undefined; originalSize: number; targetSize: number; originalVolumeType: string; targetVolumeType: string; originalIops: number | undefined; targetIops: number | undefined } | undefined;
}

/** An EBS snapshot. */
export interface SnapshotRecord extends Tagged {
  readonly volumeId: string;
  readonly volumeSize: number;
  readonly description: string;
  state: 'pending' | 'completed' | 'error';
  progress: string;
  readonly startTime: number;
  readonly encrypted: boolean;
  readonly ownerId: string;
}

/** A spot instance request. */
export interface SpotRequestRecord extends Tagged {
  state: 'open' | 'active' | 'closed' | 'cancelled' | 'failed';
  status: { code: string; message: string; updateTime: number };
  readonly type: 'one-time' | 'persistent';
  readonly spotPrice: string;
  instanceId: string | undefined;
  readonly launchSpecification: { imageId: string; instanceType: string; subnetId: string | undefined; availabilityZone: string; securityGroupIds: string[]; keyName: string | undefined };
  readonly createdAt: number;
  readonly instanceInterruptionBehavior: 'terminate' | 'stop' | 'hibernate';
  readonly validUntil: number | undefined;
}
