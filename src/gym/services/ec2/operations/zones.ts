import type {
  AccountAttribute, AvailabilityZone, DescribeAccountAttributesRequest, DescribeAccountAttributesResult,
  DescribeAvailabilityZonesRequest, DescribeAvailabilityZonesResult, DescribeRegionsRequest, DescribeRegionsResult, Region,
} from '@aws-sdk/client-ec2';
import { availabilityZones, REGIONS, zoneId } from '../../../regions.js';
import { handler, type ServiceContext } from '../../../service.js';
import { ec2Errors } from '../errors.js';
import type { Ec2Store } from '../store.js';
import { ELASTIC_IP_LIMIT } from './addresses.js';
import { filterList } from './list-filters.js';
import { defaultVpc } from './security-group-lookup.js';

/** The region's availability zones as DescribeAvailabilityZones lists them. */
export function apiZones(region: string): AvailabilityZone[] {
  return (availabilityZones(region) ?? []).map((zone) => ({
    ZoneName: zone,
    ZoneId: zoneId(region, zone),
    State: 'available',
    OptInStatus: 'opt-in-not-required',
    Messages: [],
    RegionName: region,
    GroupName: region,
    NetworkBorderGroup: region,
    ZoneType: 'availability-zone',
  }));
}

const zoneFilters = {
  accessors: {
    'zone-name': (zone: AvailabilityZone) => zone.ZoneName,
    'zone-id': (zone: AvailabilityZone) => zone.ZoneId,
    'state': (zone: AvailabilityZone) => zone.State,
    'region-name': (zone: AvailabilityZone) => zone.RegionName,
    'group-name': (zone: AvailabilityZone) => zone.GroupName,
    'network-border-group': (zone: AvailabilityZone) => zone.NetworkBorderGroup,
    'opt-in-status': (zone: AvailabilityZone) => zone.OptInStatus,
    'zone-type': (zone: AvailabilityZone) => zone.ZoneType,
    'message': () => undefined,
  },
};

const regionFilters = {
  accessors: {
    'region-name': (region: Region) => region.RegionName,
    'endpoint': (region: Region) => region.Endpoint,
    'opt-in-status': (region: Region) => region.OptInStatus,
  },
};

/** The account's EC2 attributes as AWS reports them for a VPC-only account. */
function accountAttributes(context: ServiceContext): AccountAttribute[] {
  const vpc = defaultVpc(context.store<Ec2Store>('ec2'));
  const single = (name: string, value: string): AccountAttribute => ({ AttributeName: name, AttributeValues: [{ AttributeValue: value }] });
  return [
    single('supported-platforms', 'VPC'),
    single('vpc-max-security-groups-per-interface', '5'),
    single('max-elastic-ips', String(ELASTIC_IP_LIMIT)),
    single('max-instances', '20'),
    single('vpc-max-elastic-ips', String(ELASTIC_IP_LIMIT)),
    single('default-vpc', vpc?.id ?? 'none'),
  ];
}

/** Zone, region and account operations. */
export const zoneOperations = {
  DescribeAvailabilityZones: handler<DescribeAvailabilityZonesRequest, DescribeAvailabilityZonesResult>((context, input) => {
    let zones = apiZones(context.region);
    const names = input.ZoneNames ?? [];
    const ids = input.ZoneIds ?? [];
    if (names.length > 0 || ids.length > 0) {
      const missing = [...names.filter((name) => !zones.some((zone) => zone.ZoneName === name)), ...ids.filter((id) => !zones.some((zone) => zone.ZoneId === id))];
      if (missing.length > 0) throw ec2Errors.zoneNotFound(missing);
      zones = zones.filter((zone) => names.includes(zone.ZoneName!) || ids.includes(zone.ZoneId!));
    }
    return { AvailabilityZones: filterList(zones, input.Filters, zoneFilters) };
  }),

  DescribeRegions: handler<DescribeRegionsRequest, DescribeRegionsResult>((_context, input) => {
    let regions: Region[] = Object.keys(REGIONS).map((name) => ({ RegionName: name, Endpoint: `ec2.${name}.amazonaws.com`, OptInStatus: 'opt-in-not-required' }));
    const names = input.RegionNames ?? [];
    if (names.length > 0) {
      const missing = names.filter((name) => !REGIONS[name]);
      if (missing.length > 0) throw ec2Errors.regionNotFound(missing);
      regions = regions.filter((region) => names.includes(region.RegionName!));
    }
    return { Regions: filterList(regions, input.Filters, regionFilters) };
  }),

  DescribeAccountAttributes: handler<DescribeAccountAttributesRequest, DescribeAccountAttributesResult>((context, input) => {
    const all = accountAttributes(context);
    const wanted = input.AttributeNames ?? [];
    for (const name of wanted) {
      if (!all.some((attribute) => attribute.AttributeName === name)) {
        throw ec2Errors.invalidParameterValue(`Value (${name}) for parameter attributeName is invalid. Valid values: ${all.map((attribute) => attribute.AttributeName).join(', ')}.`);
      }
    }
    return { AccountAttributes: wanted.length > 0 ? all.filter((attribute) => wanted.includes(attribute.AttributeName as never)) : all };
  }),
};
