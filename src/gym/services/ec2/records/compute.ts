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

/** The operating system an image boots (drives console output and platform details). */
export type OsFamily = 'amazon-linux-2023' | 'amazon-linux-2' | 'ubuntu' | 'debian' | 'windows';

/** A volume attached at launch or later, as the instance sees it. */
export interface InstanceBlockDevice {
  readonly deviceName: string;
  readonly volumeId: string;
  deleteOnTermination: boolean;
  readonly attachTime: number;
}

/** Instance metadata service settings (ModifyInstanceMetadataOptions). */
export interface InstanceMetadataSettings {
  httpTokens: 'optional' | 'required';
  httpPutResponseHopLimit: number;
  httpEndpoint: 'enabled' | 'disabled';
  httpProtocolIpv6: 'enabled' | 'disabled';
  instanceMetadataTags: 'enabled' | 'disabled';
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
  /** When the instance last reached `running` (status checks initialize from here). */
  runningSince: number | undefined;
  readonly availabilityZone: string;
  readonly subnetId: string;
  readonly vpcId: string;
  /** Kept after termination so the index stays stable; terminated instances no longer hold it. */
  readonly privateIpAddress: string;
  /** The auto-assigned public address (released on stop, a new one on start). */
  publicIpAddress: string | undefined;
  /** Whether the primary interface asks for an auto-assigned public address. */
  readonly associatePublicIp: boolean;
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
  readonly os: OsFamily;
  readonly platformDetails: string;
  readonly usageOperation: string;
  readonly bootMode: string;
  readonly virtualizationType: 'hvm';
  readonly hypervisor: 'xen' | 'nitro';
  readonly amiLaunchIndex: number;
  readonly clientToken: string | undefined;
  userData: string | undefined;
  /** 'spot' for spot instances; absent for on-demand. */
  readonly instanceLifecycle: 'spot' | undefined;
  readonly spotInstanceRequestId: string | undefined;
  metadataOptions: InstanceMetadataSettings;
  /** When the instance reached `terminated`; AWS keeps it visible for about an hour after. */
  terminatedAt: number | undefined;
}

/** One block device an image launches with. */
export interface ImageBlockDevice {
  readonly deviceName: string;
  readonly snapshotId: string | undefined;
  readonly volumeSize: number;
  readonly volumeType: string;
  readonly deleteOnTermination: boolean;
  readonly encrypted: boolean;
}

/** A machine image: the public catalogue (owner alias `amazon`) and images users create. */
export interface ImageRecord extends Tagged {
  readonly name: string;
  readonly description: string;
  readonly ownerId: string;
  readonly ownerAlias: 'amazon' | undefined;
  readonly public: boolean;
  state: 'pending' | 'available' | 'deregistered' | 'failed';
  readonly architecture: 'x86_64' | 'arm64';
  readonly os: OsFamily;
  readonly platformDetails: string;
  readonly usageOperation: string;
  readonly rootDeviceName: string;
  readonly blockDevices: ImageBlockDevice[];
  readonly creationDate: number;
  readonly sourceInstanceId: string | undefined;
  readonly enaSupport: boolean;
  readonly bootMode: string | undefined;
  readonly imdsSupport: 'v2.0' | undefined;
  readonly imageLocation: string;
  deregisteredAt: number | undefined;
}

/** A volume's attachment to an instance. */
export interface VolumeAttachmentRecord {
  readonly instanceId: string;
  readonly device: string;
  state: 'attaching' | 'attached' | 'detaching' | 'detached';
  readonly attachTime: number;
  deleteOnTermination: boolean;
}

/** A volume modification in progress or done (DescribeVolumesModifications). */
export interface VolumeModificationRecord {
  state: 'modifying' | 'optimizing' | 'completed' | 'failed';
  progress: number;
  readonly startTime: number;
  endTime: number | undefined;
  readonly originalSize: number;
  readonly targetSize: number;
  readonly originalVolumeType: string;
  readonly targetVolumeType: string;
  readonly originalIops: number | undefined;
  readonly targetIops: number | undefined;
  readonly originalThroughput: number | undefined;
  readonly targetThroughput: number | undefined;
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
  readonly clientToken: string | undefined;
  /** The one attachment (the gym does not model multi-attach). */
  attachment: VolumeAttachmentRecord | undefined;
  modification: VolumeModificationRecord | undefined;
}

/** An EBS snapshot. */
export interface SnapshotRecord extends Tagged {
  readonly volumeId: string;
  readonly volumeSize: number;
  readonly description: string;
  state: 'pending' | 'completed' | 'error';
  progress: string;
  readonly startTime: number;
  completedAt: number | undefined;
  readonly encrypted: boolean;
  readonly kmsKeyId: string | undefined;
  readonly ownerId: string;
}

/** What a spot request launches: enough to launch (and relaunch, for persistent requests) by timer. */
export interface SpotLaunchSpecification {
  readonly imageId: string;
  readonly instanceType: string;
  readonly subnetId: string | undefined;
  readonly availabilityZone: string;
  readonly securityGroupIds: string[];
  readonly keyName: string | undefined;
  readonly userData: string | undefined;
  readonly monitoring: boolean;
  readonly blockDeviceMappings: unknown[] | undefined;
  readonly instanceTags: Record<string, string>;
}

/** A spot instance request. */
export interface SpotRequestRecord extends Tagged {
  state: 'open' | 'active' | 'closed' | 'cancelled' | 'failed' | 'disabled';
  status: { code: string; message: string; updateTime: number };
  readonly type: 'one-time' | 'persistent';
  readonly spotPrice: string;
  instanceId: string | undefined;
  readonly launchSpecification: SpotLaunchSpecification;
  launchedAvailabilityZone: string | undefined;
  readonly productDescription: string;
  readonly createdAt: number;
  readonly instanceInterruptionBehavior: 'terminate' | 'stop' | 'hibernate';
  readonly validUntil: number | undefined;
}

/** One version of a launch template: the launch settings as CreateLaunchTemplate(Version) took them. */
export interface LaunchTemplateVersionRecord {
  readonly versionNumber: number;
  readonly description: string | undefined;
  /** The request's LaunchTemplateData, kept as sent: RunInstances fills what its own request leaves out from it. */
  readonly data: Record<string, unknown>;
  readonly createdAt: number;
}

/** A launch template and its versions. */
export interface LaunchTemplateRecord extends Tagged {
  readonly name: string;
  readonly versions: LaunchTemplateVersionRecord[];
  defaultVersion: number;
  readonly createdAt: number;
}
