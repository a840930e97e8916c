import type {
  DescribeInstanceTypeOfferingsRequest, DescribeInstanceTypeOfferingsResult, DescribeInstanceTypesRequest,
  DescribeInstanceTypesResult, InstanceTypeInfo, InstanceTypeOffering,
} from '@aws-sdk/client-ec2';
import { AwsError } from '../../../../aws/aws-error.js';
import { availabilityZones, zoneId } from '../../../regions.js';
import { handler } from '../../../service.js';
import { INSTANCE_TYPES, instanceTypeSpec, type InstanceTypeSpec } from '../catalog/instance-types.js';
import { ec2Errors } from '../errors.js';
import { paginate } from '../paging.js';
import { filterList } from './list-filters.js';

/** An instance type as DescribeInstanceTypes returns it. */
export function apiInstanceType(spec: InstanceTypeSpec): InstanceTypeInfo {
  const nitro = spec.hypervisor === 'nitro';
  const network = { NetworkPerformance: spec.networkPerformance, MaximumNetworkInterfaces: spec.maximumNetworkInterfaces };
  return {
    InstanceType: spec.name as InstanceTypeInfo['InstanceType'],
    CurrentGeneration: spec.currentGeneration,
    FreeTierEligible: spec.freeTierEligible,
    SupportedUsageClasses: ['on-demand', 'spot'],
    SupportedRootDeviceTypes: ['ebs'],
    SupportedVirtualizationTypes: spec.currentGeneration ? ['hvm'] : ['hvm', 'paravirtual'],
    BareMetal: false,
    Hypervisor: spec.hypervisor,
    ProcessorInfo: {
      SupportedArchitectures: [...spec.architectures],
      SustainedClockSpeedInGhz: spec.clockGhz,
      Manufacturer: spec.manufacturer,
    },
    VCpuInfo: { DefaultVCpus: spec.vcpus, DefaultCores: spec.vcpus / spec.threadsPerCore, DefaultThreadsPerCore: spec.threadsPerCore },
    MemoryInfo: { SizeInMiB: spec.memoryMiB },
    InstanceStorageSupported: false,
    EbsInfo: {
      EbsOptimizedSupport: nitro ? 'default' : 'unsupported',
      EncryptionSupport: 'supported',
      NvmeSupport: nitro ? 'required' : 'unsupported',
    },
    NetworkInfo: {
      ...network,
      MaximumNetworkCards: 1,
      DefaultNetworkCardIndex: 0,
      NetworkCards: [{ NetworkCardIndex: 0, ...network }],
      Ipv4AddressesPerInterface: spec.ipv4AddressesPerInterface,
      Ipv6AddressesPerInterface: spec.ipv4AddressesPerInterface,
      Ipv6Supported: nitro || spec.family === 't2',
      EnaSupport: nitro ? 'required' : 'unsupported',
      EfaSupported: false,
      EncryptionInTransitSupported: false,
    },
    PlacementGroupInfo: { SupportedStrategies: spec.burstable ? ['partition', 'spread'] : ['cluster', 'partition', 'spread'] },
    HibernationSupported: spec.family !== 'm1',
    BurstablePerformanceSupported: spec.burstable,
    DedicatedHostsSupported: !spec.burstable && spec.currentGeneration,
    AutoRecoverySupported: true,
    SupportedBootModes: spec.architectures.includes('arm64') ? ['uefi'] : nitro ? ['legacy-bios', 'uefi'] : ['legacy-bios'],
    NitroEnclavesSupport: nitro && !spec.burstable ? 'supported' : 'unsupported',
    NitroTpmSupport: nitro ? 'supported' : 'unsupported',
  };
}

const typeAccessors = {
  'instance-type': (info: InstanceTypeInfo) => info.InstanceType,
  'current-generation': (info: InstanceTypeInfo) => String(info.CurrentGeneration),
  'free-tier-eligible': (info: InstanceTypeInfo) => String(info.FreeTierEligible),
  'burstable-performance-supported': (info: InstanceTypeInfo) => String(info.BurstablePerformanceSupported),
  'bare-metal': (info: InstanceTypeInfo) => String(info.BareMetal),
  'hypervisor': (info: InstanceTypeInfo) => info.Hypervisor,
  'instance-storage-supported': (info: InstanceTypeInfo) => String(info.InstanceStorageSupported),
  'hibernation-supported': (info: InstanceTypeInfo) => String(info.HibernationSupported),
  'processor-info.supported-architecture': (info: InstanceTypeInfo) => info.ProcessorInfo?.SupportedArchitectures,
  'processor-info.sustained-clock-speed-in-ghz': (info: InstanceTypeInfo) => info.ProcessorInfo?.SustainedClockSpeedInGhz,
  'processor-info.manufacturer': (info: InstanceTypeInfo) => info.ProcessorInfo?.Manufacturer,
  'vcpu-info.default-vcpus': (info: InstanceTypeInfo) => info.VCpuInfo?.DefaultVCpus,
  'vcpu-info.default-cores': (info: InstanceTypeInfo) => info.VCpuInfo?.DefaultCores,
  'vcpu-info.default-threads-per-core': (info: InstanceTypeInfo) => info.VCpuInfo?.DefaultThreadsPerCore,
  'memory-info.size-in-mib': (info: InstanceTypeInfo) => info.MemoryInfo?.SizeInMiB,
  'network-info.network-performance': (info: InstanceTypeInfo) => info.NetworkInfo?.NetworkPerformance,
  'network-info.maximum-network-interfaces': (info: InstanceTypeInfo) => info.NetworkInfo?.MaximumNetworkInterfaces,
  'network-info.ipv4-addresses-per-interface': (info: InstanceTypeInfo) => info.NetworkInfo?.Ipv4AddressesPerInterface,
  'network-info.ena-support': (info: InstanceTypeInfo) => info.NetworkInfo?.EnaSupport,
  'network-info.ipv6-supported': (info: InstanceTypeInfo) => String(info.NetworkInfo?.Ipv6Supported),
  'ebs-info.ebs-optimized-support': (info: InstanceTypeInfo) => info.EbsInfo?.EbsOptimizedSupport,
  'ebs-info.nvme-support': (info: InstanceTypeInfo) => info.EbsInfo?.NvmeSupport,
  'ebs-info.encryption-support': (info: InstanceTypeInfo) => info.EbsInfo?.EncryptionSupport,
  'supported-usage-class': (info: InstanceTypeInfo) => info.SupportedUsageClasses,
  'supported-root-device-type': (info: InstanceTypeInfo) => info.SupportedRootDeviceTypes,
  'supported-virtualization-type': (info: InstanceTypeInfo) => info.SupportedVirtualizationTypes,
  'supported-boot-mode': (info: InstanceTypeInfo) => info.SupportedBootModes,
  'nitro-enclaves-support': (info: InstanceTypeInfo) => info.NitroEnclavesSupport,
  'nitro-tpm-support': (info: InstanceTypeInfo) => info.NitroTpmSupport,
};

/** DescribeInstanceTypes and DescribeInstanceTypeOfferings over the gym's instance-type table. */
export const instanceTypeOperations = {
  DescribeInstanceTypes: handler<DescribeInstanceTypesRequest, DescribeInstanceTypesResult>((_context, input) => {
    const names = input.InstanceTypes ?? [];
    const unknown = names.filter((name) => !instanceTypeSpec(name));
    if (unknown.length > 0) throw new AwsError('InvalidInstanceType', `The following supplied instance types do not exist: [${unknown.join(', ')}]`);
    const specs = names.length > 0 ? names.map((name) => instanceTypeSpec(name)!) : INSTANCE_TYPES;
    const found = filterList(specs.map(apiInstanceType), input.Filters, { accessors: typeAccessors });
    const page = paginate(found, input.MaxResults, input.NextToken, { minimum: 5, maximum: 100 });
    return { InstanceTypes: page.items, NextToken: page.nextToken };
  }),

  DescribeInstanceTypeOfferings: handler<DescribeInstanceTypeOfferingsRequest, DescribeInstanceTypeOfferingsResult>((context, input) => {
    const locationType = input.LocationType ?? 'region';
    const zones = availabilityZones(context.region) ?? [];
    const locations =
      locationType === 'region' ? [context.region]
        : locationType === 'availability-zone' ? zones
          : locationType === 'availability-zone-id' ? zones.map((zone) => zoneId(context.region, zone))
            : undefined;
    if (!locations) throw ec2Errors.invalidParameterValue(`Value (${locationType}) for parameter locationType is invalid. Use region, availability-zone or availability-zone-id.`);
    const offerings: InstanceTypeOffering[] = [];
    for (const spec of INSTANCE_TYPES) {
      if (!spec.currentGeneration) continue;
      for (const location of locations) offerings.push({ InstanceType: spec.name as InstanceTypeOffering['InstanceType'], LocationType: locationType, Location: location });
    }
    const found = filterList(offerings, input.Filters, {
      accessors: { 'instance-type': (offering) => offering.InstanceType, location: (offering) => offering.Location },
    });
    const page = paginate(found, input.MaxResults, input.NextToken, { minimum: 5, maximum: 1000 });
    return { InstanceTypeOfferings: page.items, NextToken: page.nextToken };
  }),
};
