import { Table } from '../../../world/table.js';
import { tagKeys } from '../records/common.js';
import type { ImageRecord, OsFamily } from '../records/compute.js';
import { stableId } from './stable-id.js';

/** Owner ids of the publishers in the catalogue (as AWS shows them). */
export const CATALOG_OWNERS = {
  amazonLinux: '137112412989',
  canonical: '099720109477',
  debian: '136693071363',
  windows: '801119661308',
} as const;

interface CatalogEntry {
  /** Stable key the ids derive from; never change it once published. */
  readonly key: string;
  readonly name: string;
  readonly description: string;
  readonly ownerId: string;
  readonly architecture: 'x86_64' | 'arm64';
  readonly os: OsFamily;
  readonly rootDeviceName: string;
  readonly rootSize: number;
  readonly rootVolumeType: string;
  readonly created: string;
}

const AL2023 = (build: string, date: string, architecture: 'x86_64' | 'arm64'): CatalogEntry => ({
  key: `al2023-${build}-${architecture}`,
  name: `al2023-ami-${build}-kernel-6.1-${architecture}`,
  description: `Amazon Linux 2023 AMI ${build} ${architecture} HVM kernel-6.1`,
  ownerId: CATALOG_OWNERS.amazonLinux,
  architecture,
  os: 'amazon-linux-2023',
  rootDeviceName: '/dev/xvda',
  rootSize: 8,
  rootVolumeType: 'gp3',
  created: date,
});

const AL2 = (architecture: 'x86_64' | 'arm64'): CatalogEntry => ({
  key: `amzn2-2.0.20241217.0-${architecture}`,
  name: `amzn2-ami-kernel-5.10-hvm-2.0.20241217.0-${architecture}-gp2`,
  description: `Amazon Linux 2 Kernel 5.10 AMI 2.0.20241217.0 ${architecture} HVM gp2`,
  ownerId: CATALOG_OWNERS.amazonLinux,
  architecture,
  os: 'amazon-linux-2',
  rootDeviceName: '/dev/xvda',
  rootSize: 8,
  rootVolumeType: 'gp2',
  created: '2024-12-18T00:41:21.000Z',
});

const UBUNTU = (release: 'jammy' | 'noble', build: string, created: string, architecture: 'x86_64' | 'arm64'): CatalogEntry => {
  const debianArch = architecture === 'x86_64' ? 'amd64' : 'arm64';
  const version = release === 'jammy' ? '22.04' : '24.04';
  const volumes = release === 'jammy' ? 'hvm-ssd' : 'hvm-ssd-gp3';
  return {
    key: `ubuntu-${release}-${build}-${architecture}`,
    name: `ubuntu/images/${volumes}/ubuntu-${release}-${version}-${debianArch}-server-${build}`,
    description: `Canonical, Ubuntu, ${version}${release === 'jammy' ? ' LTS' : ''}, ${debianArch} ${release} image`,
    ownerId: CATALOG_OWNERS.canonical,
    architecture,
    os: 'ubuntu',
    rootDeviceName: '/dev/sda1',
    rootSize: 8,
    rootVolumeType: release === 'jammy' ? 'gp2' : 'gp3',
    created,
  };
};

const DEBIAN = (architecture: 'x86_64' | 'arm64'): CatalogEntry => ({
  key: `debian-12-20241201-1948-${architecture}`,
  name: `debian-12-${architecture === 'x86_64' ? 'amd64' : 'arm64'}-20241201-1948`,
  description: 'Debian 12 (20241201-1948)',
  ownerId: CATALOG_OWNERS.debian,
  architecture,
  os: 'debian',
  rootDeviceName: '/dev/xvda',
  rootSize: 8,
  rootVolumeType: 'gp3',
  created: '2024-12-01T20:20:05.000Z',
});

const CATALOG: readonly CatalogEntry[] = [
  AL2023('2023.6.20241212.0', '2024-12-13T19:07:32.000Z', 'x86_64'),
  AL2023('2023.6.20241212.0', '2024-12-13T19:07:35.000Z', 'arm64'),
  AL2023('2023.6.20241111.0', '2024-11-12T21:20:48.000Z', 'x86_64'),
  AL2('x86_64'),
  AL2('arm64'),
  UBUNTU('noble', '20241119', '2024-11-20T03:02:36.000Z', 'x86_64'),
  UBUNTU('noble', '20241119', '2024-11-20T03:02:40.000Z', 'arm64'),
  UBUNTU('noble', '20241004', '2024-10-05T02:11:09.000Z', 'x86_64'),
  UBUNTU('jammy', '20241206', '2024-12-07T01:35:49.000Z', 'x86_64'),
  UBUNTU('jammy', '20241206', '2024-12-07T01:35:52.000Z', 'arm64'),
  DEBIAN('x86_64'),
  DEBIAN('arm64'),
  {
    key: 'windows-2022-full-base-2024.12.13',
    name: 'Windows_Server-2022-English-Full-Base-2024.12.13',
    description: 'Microsoft Windows Server 2022 Full Locale English AMI provided by Amazon',
    ownerId: CATALOG_OWNERS.windows,
    architecture: 'x86_64',
    os: 'windows',
    rootDeviceName: '/dev/sda1',
    rootSize: 30,
    rootVolumeType: 'gp3',
    created: '2024-12-13T07:18:43.000Z',
  },
];

function catalogImage(region: string, entry: CatalogEntry): ImageRecord {
  const windows = entry.os === 'windows';
  return {
    id: stableId('ami', region, entry.key),
    name: entry.name,
    description: entry.description,
    ownerId: entry.ownerId,
    ownerAlias: 'amazon',
    public: true,
    state: 'available',
    architecture: entry.architecture,
    os: entry.os,
    platformDetails: windows ? 'Windows' : 'Linux/UNIX',
    usageOperation: windows ? 'RunInstances:0002' : 'RunInstances',
    rootDeviceName: entry.rootDeviceName,
    blockDevices: [{
      deviceName: entry.rootDeviceName,
      snapshotId: catalogSnapshotId(region, entry.key),
      volumeSize: entry.rootSize,
      volumeType: entry.rootVolumeType,
      deleteOnTermination: true,
      encrypted: false,
    }],
    creationDate: Date.parse(entry.created),
    sourceInstanceId: undefined,
    enaSupport: true,
    bootMode: entry.architecture === 'arm64' ? 'uefi' : entry.os === 'amazon-linux-2023' ? 'uefi-preferred' : undefined,
    imdsSupport: entry.os === 'amazon-linux-2023' ? 'v2.0' : undefined,
    imageLocation: `amazon/${entry.name}`,
    tags: {},
    deregisteredAt: undefined,
  };
}

/** The id of a catalogue image's root snapshot in a region. */
function catalogSnapshotId(region: string, key: string): string {
  return stableId('snap', region, key);
}

const READ_ONLY = {
  touched(): void {
    throw new Error('the image catalogue is read-only');
  },
};

const byRegion = new Map<string, Table<ImageRecord>>();

/**
 * The public images every region has, as a read-only table with the same indexes as the images table
 * (so describe filters treat both alike). Derived data, built once per region.
 */
export function catalogImages(region: string): Table<ImageRecord> {
  let table = byRegion.get(region);
  if (!table) {
    table = new Table<ImageRecord>(`${region}/ec2/image-catalog`, READ_ONLY).defineIndex('tag', tagKeys).defineIndex('name', (image) => [image.name]);
    for (const entry of CATALOG) {
      const image = catalogImage(region, entry);
      table.restore(image.id, image);
    }
    byRegion.set(region, table);
  }
  return table;
}

/** A public snapshot behind a catalogue image, as DescribeSnapshots and CreateVolume see it. */
export interface CatalogSnapshot {
  readonly id: string;
  readonly imageId: string;
  readonly ownerId: string;
  readonly volumeSize: number;
  readonly description: string;
  readonly startTime: number;
}

/** The root snapshots of the catalogue images in a region. */
export function catalogSnapshots(region: string): CatalogSnapshot[] {
  return [...catalogImages(region).values()].map((image) => {
    const device = image.blockDevices[0]!;
    return {
      id: device.snapshotId!,
      imageId: image.id,
      ownerId: image.ownerId,
      volumeSize: device.volumeSize,
      description: `Snapshot of ${image.name}`,
      startTime: image.creationDate - 15 * 60_000,
    };
  });
}

/** One catalogue snapshot by id, if it is one. */
export function catalogSnapshot(region: string, id: string): CatalogSnapshot | undefined {
  return catalogSnapshots(region).find((snapshot) => snapshot.id === id);
}
