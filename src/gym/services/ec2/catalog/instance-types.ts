/** What the gym knows about one instance type: the figures AWS publishes for it. */
export interface InstanceTypeSpec {
  readonly name: string;
  readonly family: string;
  readonly vcpus: number;
  readonly threadsPerCore: number;
  readonly memoryMiB: number;
  /** Architectures the type runs, in the order AWS lists them (`i386,x86_64` for t2). */
  readonly architectures: readonly ('i386' | 'x86_64' | 'arm64')[];
  readonly manufacturer: 'Intel' | 'AMD' | 'AWS';
  readonly clockGhz: number;
  readonly networkPerformance: string;
  readonly maximumNetworkInterfaces: number;
  readonly ipv4AddressesPerInterface: number;
  readonly hypervisor: 'xen' | 'nitro';
  readonly burstable: boolean;
  readonly currentGeneration: boolean;
  readonly freeTierEligible: boolean;
  /** Linux on-demand price in us-east-1, USD per hour. */
  readonly onDemandPrice: number;
}

interface FamilyRow {
  readonly family: string;
  readonly architectures: InstanceTypeSpec['architectures'];
  readonly manufacturer: InstanceTypeSpec['manufacturer'];
  readonly clockGhz: number;
  readonly threadsPerCore: number;
  readonly hypervisor: InstanceTypeSpec['hypervisor'];
  readonly burstable?: boolean;
  readonly previousGeneration?: boolean;
  /** size, vCPUs, memory MiB, network performance, max ENIs, IPv4 per ENI, price. */
  readonly sizes: readonly (readonly [string, number, number, string, number, number, number])[];
}

const LOW_MODERATE = 'Low to Moderate';
const UP_TO_5 = 'Up to 5 Gigabit';
const UP_TO_10 = 'Up to 10 Gigabit';
const UP_TO_12 = 'Up to 12.5 Gigabit';
const UP_TO_15 = 'Up to 15 Gigabit';

const x86 = ['x86_64'] as const;
const arm = ['arm64'] as const;

/** The usual large..4xlarge sizes of a general-purpose family (memory per vCPU given). */
function standardSizes(memoryPerVcpu: number, network: string, prices: readonly number[], network4x = network) {
  const rows: [string, number, number, string, number, number, number][] = [
    ['large', 2, 2 * memoryPerVcpu, network, 3, 10, prices[0]!],
    ['xlarge', 4, 4 * memoryPerVcpu, network, 4, 15, prices[1]!],
    ['2xlarge', 8, 8 * memoryPerVcpu, network4x, 4, 15, prices[2]!],
    ['4xlarge', 16, 16 * memoryPerVcpu, network4x, 8, 30, prices[3]!],
  ];
  return rows;
}

/** Burstable families share their size ladder (nano..2xlarge, 2 vCPUs up to medium). */
function burstableSizes(network: string, prices: readonly number[], smallEnis = 3) {
  const rows: [string, number, number, string, number, number, number][] = [
    ['nano', 2, 512, network, 2, 2, prices[0]!],
    ['micro', 2, 1024, network, 2, 2, prices[1]!],
    ['small', 2, 2048, network, smallEnis, 4, prices[2]!],
    ['medium', 2, 4096, network, 3, 6, prices[3]!],
    ['large', 2, 8192, network, 3, 12, prices[4]!],
    ['xlarge', 4, 16384, network, 4, 15, prices[5]!],
    ['2xlarge', 8, 32768, network, 4, 15, prices[6]!],
  ];
  return rows;
}

const FAMILIES: readonly FamilyRow[] = [
  {
    family: 'm1', architectures: ['i386', 'x86_64'], manufacturer: 'Intel', clockGhz: 1.8, threadsPerCore: 1, hypervisor: 'xen', previousGeneration: true,
    sizes: [['small', 1, 1740, 'Low', 2, 4, 0.044]],
  },
  {
    family: 't2', architectures: ['i386', 'x86_64'], manufacturer: 'Intel', clockGhz: 2.5, threadsPerCore: 1, hypervisor: 'xen', burstable: true,
    sizes: [
      ['nano', 1, 512, LOW_MODERATE, 2, 2, 0.0058],
      ['micro', 1, 1024, LOW_MODERATE, 2, 2, 0.0116],
      ['small', 1, 2048, LOW_MODERATE, 3, 4, 0.023],
      ['medium', 2, 4096, LOW_MODERATE, 3, 6, 0.0464],
      ['large', 2, 8192, LOW_MODERATE, 3, 12, 0.0928],
      ['xlarge', 4, 16384, 'Moderate', 3, 15, 0.1856],
      ['2xlarge', 8, 32768, 'Moderate', 3, 15, 0.3712],
    ],
  },
  { family: 't3', architectures: x86, manufacturer: 'Intel', clockGhz: 2.5, threadsPerCore: 2, hypervisor: 'nitro', burstable: true, sizes: burstableSizes(UP_TO_5, [0.0052, 0.0104, 0.0208, 0.0416, 0.0832, 0.1664, 0.3328]) },
  { family: 't3a', architectures: x86, manufacturer: 'AMD', clockGhz: 2.2, threadsPerCore: 2, hypervisor: 'nitro', burstable: true, sizes: burstableSizes(UP_TO_5, [0.0047, 0.0094, 0.0188, 0.0376, 0.0752, 0.1504, 0.3008], 2) },
  { family: 't4g', architectures: arm, manufacturer: 'AWS', clockGhz: 2.5, threadsPerCore: 1, hypervisor: 'nitro', burstable: true, sizes: burstableSizes(UP_TO_5, [0.0042, 0.0084, 0.0168, 0.0336, 0.0672, 0.1344, 0.2688]) },
  { family: 'm5', architectures: x86, manufacturer: 'Intel', clockGhz: 3.1, threadsPerCore: 2, hypervisor: 'nitro', sizes: standardSizes(4096, UP_TO_10, [0.096, 0.192, 0.384, 0.768]) },
  { family: 'm6i', architectures: x86, manufacturer: 'Intel', clockGhz: 3.5, threadsPerCore: 2, hypervisor: 'nitro', sizes: standardSizes(4096, UP_TO_12, [0.096, 0.192, 0.384, 0.768]) },
  { family: 'm7i', architectures: x86, manufacturer: 'Intel', clockGhz: 3.2, threadsPerCore: 2, hypervisor: 'nitro', sizes: standardSizes(4096, UP_TO_12, [0.1008, 0.2016, 0.4032, 0.8064]) },
  {
    family: 'm6g', architectures: arm, manufacturer: 'AWS', clockGhz: 2.5, threadsPerCore: 1, hypervisor: 'nitro',
    sizes: [['medium', 1, 4096, UP_TO_10, 2, 4, 0.0385], ...standardSizes(4096, UP_TO_10, [0.077, 0.154, 0.308, 0.616])],
  },
  {
    family: 'm7g', architectures: arm, manufacturer: 'AWS', clockGhz: 2.6, threadsPerCore: 1, hypervisor: 'nitro',
    sizes: [['medium', 1, 4096, UP_TO_12, 2, 4, 0.0408], ...standardSizes(4096, UP_TO_12, [0.0816, 0.1632, 0.3264, 0.6528], UP_TO_15)],
  },
  { family: 'c5', architectures: x86, manufacturer: 'Intel', clockGhz: 3.4, threadsPerCore: 2, hypervisor: 'nitro', sizes: standardSizes(2048, UP_TO_10, [0.085, 0.17, 0.34, 0.68]) },
  { family: 'c6i', architectures: x86, manufacturer: 'Intel', clockGhz: 3.5, threadsPerCore: 2, hypervisor: 'nitro', sizes: standardSizes(2048, UP_TO_12, [0.085, 0.17, 0.34, 0.68]) },
  { family: 'c7i', architectures: x86, manufacturer: 'Intel', clockGhz: 3.2, threadsPerCore: 2, hypervisor: 'nitro', sizes: standardSizes(2048, UP_TO_12, [0.08925, 0.1785, 0.357, 0.714]) },
  { family: 'c6g', architectures: arm, manufacturer: 'AWS', clockGhz: 2.5, threadsPerCore: 1, hypervisor: 'nitro', sizes: standardSizes(2048, UP_TO_10, [0.068, 0.136, 0.272, 0.544]) },
  { family: 'c7g', architectures: arm, manufacturer: 'AWS', clockGhz: 2.6, threadsPerCore: 1, hypervisor: 'nitro', sizes: standardSizes(2048, UP_TO_12, [0.0725, 0.145, 0.29, 0.58], UP_TO_15) },
  { family: 'r5', architectures: x86, manufacturer: 'Intel', clockGhz: 3.1, threadsPerCore: 2, hypervisor: 'nitro', sizes: standardSizes(8192, UP_TO_10, [0.126, 0.252, 0.504, 1.008]) },
  { family: 'r6i', architectures: x86, manufacturer: 'Intel', clockGhz: 3.5, threadsPerCore: 2, hypervisor: 'nitro', sizes: standardSizes(8192, UP_TO_12, [0.126, 0.252, 0.504, 1.008]) },
  { family: 'r6g', architectures: arm, manufacturer: 'AWS', clockGhz: 2.5, threadsPerCore: 1, hypervisor: 'nitro', sizes: standardSizes(8192, UP_TO_10, [0.1008, 0.2016, 0.4032, 0.8064]) },
];

const FREE_TIER = new Set(['t2.micro', 't3.micro']);

/** Every instance type the gym launches, in AWS's family order. */
export const INSTANCE_TYPES: readonly InstanceTypeSpec[] = FAMILIES.flatMap((row) =>
  row.sizes.map(([size, vcpus, memoryMiB, networkPerformance, maximumNetworkInterfaces, ipv4AddressesPerInterface, onDemandPrice]) => ({
    name: `${row.family}.${size}`,
    family: row.family,
    vcpus,
    threadsPerCore: row.threadsPerCore,
    memoryMiB,
    architectures: row.architectures,
    manufacturer: row.manufacturer,
    clockGhz: row.clockGhz,
    networkPerformance,
    maximumNetworkInterfaces,
    ipv4AddressesPerInterface,
    hypervisor: row.hypervisor,
    burstable: row.burstable ?? false,
    currentGeneration: !row.previousGeneration,
    freeTierEligible: FREE_TIER.has(`${row.family}.${size}`),
    onDemandPrice,
  })),
);

const BY_NAME = new Map(INSTANCE_TYPES.map((spec) => [spec.name, spec]));

/** The spec of a named instance type, or undefined when the gym does not offer it. */
export function instanceTypeSpec(name: string): InstanceTypeSpec | undefined {
  return BY_NAME.get(name);
}

/** True when an image of this architecture runs on the type (i386 images run where i386 is listed). */
export function typeRunsArchitecture(spec: InstanceTypeSpec, architecture: string): boolean {
  return (spec.architectures as readonly string[]).includes(architecture);
}
