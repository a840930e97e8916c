/** Regions the gym serves, with the availability zones each has (as AWS lists them for new accounts). */
export const REGIONS: Readonly<Record<string, readonly string[]>> = {
  'us-east-1': ['a', 'b', 'c', 'd', 'e', 'f'],
  'us-east-2': ['a', 'b', 'c'],
  'us-west-1': ['a', 'c'],
  'us-west-2': ['a', 'b', 'c', 'd'],
  'ca-central-1': ['a', 'b', 'd'],
  'eu-west-1': ['a', 'b', 'c'],
  'eu-west-2': ['a', 'b', 'c'],
  'eu-west-3': ['a', 'b', 'c'],
  'eu-central-1': ['a', 'b', 'c'],
  'eu-north-1': ['a', 'b', 'c'],
  'ap-south-1': ['a', 'b', 'c'],
  'ap-northeast-1': ['a', 'c', 'd'],
  'ap-northeast-2': ['a', 'b', 'c', 'd'],
  'ap-southeast-1': ['a', 'b', 'c'],
  'ap-southeast-2': ['a', 'b', 'c'],
  'sa-east-1': ['a', 'b', 'c'],
};

/** The availability zone names of a region (`us-east-1a`, …), or undefined for a region the gym lacks. */
export function availabilityZones(region: string): string[] | undefined {
  return REGIONS[region]?.map((suffix) => `${region}${suffix}`);
}

/** The zone id AWS pairs with a zone name (`use1-az1`); stable per region and position. */
export function zoneId(region: string, zone: string): string {
  const parts = region.split('-');
  const short = `${parts[0]}${parts[1]!.charAt(0)}${parts[2]}`;
  const position = (REGIONS[region] ?? []).indexOf(zone.slice(region.length));
  return `${short}-az${position + 1}`;
}
