/**
 * Linux on-demand prices in us-east-1, USD per instance-hour, as AWS publishes them on
 * https://aws.amazon.com/ec2/pricing/on-demand/ (and in the AWS Price List API, offer AmazonEC2,
 * "Linux/UNIX", "Shared" tenancy, no pre-installed software). The table covers the instance types the
 * gym launches; the gym keeps the same figures in its own catalogue, and a test holds the two equal.
 * Other regions cost a little more; risk only needs the order of magnitude.
 */
const FAMILIES: Readonly<Record<string, Readonly<Record<string, number>>>> = {
  m1: { small: 0.044 },
  t2: { nano: 0.0058, micro: 0.0116, small: 0.023, medium: 0.0464, large: 0.0928, xlarge: 0.1856, '2xlarge': 0.3712 },
  t3: { nano: 0.0052, micro: 0.0104, small: 0.0208, medium: 0.0416, large: 0.0832, xlarge: 0.1664, '2xlarge': 0.3328 },
  t3a: { nano: 0.0047, micro: 0.0094, small: 0.0188, medium: 0.0376, large: 0.0752, xlarge: 0.1504, '2xlarge': 0.3008 },
  t4g: { nano: 0.0042, micro: 0.0084, small: 0.0168, medium: 0.0336, large: 0.0672, xlarge: 0.1344, '2xlarge': 0.2688 },
  m5: { large: 0.096, xlarge: 0.192, '2xlarge': 0.384, '4xlarge': 0.768 },
  m6i: { large: 0.096, xlarge: 0.192, '2xlarge': 0.384, '4xlarge': 0.768 },
  m7i: { large: 0.1008, xlarge: 0.2016, '2xlarge': 0.4032, '4xlarge': 0.8064 },
  m6g: { medium: 0.0385, large: 0.077, xlarge: 0.154, '2xlarge': 0.308, '4xlarge': 0.616 },
  m7g: { medium: 0.0408, large: 0.0816, xlarge: 0.1632, '2xlarge': 0.3264, '4xlarge': 0.6528 },
  c5: { large: 0.085, xlarge: 0.17, '2xlarge': 0.34, '4xlarge': 0.68 },
  c6i: { large: 0.085, xlarge: 0.17, '2xlarge': 0.34, '4xlarge': 0.68 },
  c7i: { large: 0.08925, xlarge: 0.1785, '2xlarge': 0.357, '4xlarge': 0.714 },
  c6g: { large: 0.068, xlarge: 0.136, '2xlarge': 0.272, '4xlarge': 0.544 },
  c7g: { large: 0.0725, xlarge: 0.145, '2xlarge': 0.29, '4xlarge': 0.58 },
  r5: { large: 0.126, xlarge: 0.252, '2xlarge': 0.504, '4xlarge': 1.008 },
  r6i: { large: 0.126, xlarge: 0.252, '2xlarge': 0.504, '4xlarge': 1.008 },
  r6g: { large: 0.1008, xlarge: 0.2016, '2xlarge': 0.4032, '4xlarge': 0.8064 },
};

/** The on-demand price of an instance type in USD per hour, or undefined when the table lacks it. */
export function onDemandHourlyPrice(instanceType: string): number | undefined {
  const dot = instanceType.indexOf('.');
  const family = instanceType.slice(0, dot);
  const size = instanceType.slice(dot + 1);
  // Own keys only: a name like `constructor.name` must not reach Object.prototype.
  if (dot < 0 || !Object.hasOwn(FAMILIES, family) || !Object.hasOwn(FAMILIES[family]!, size)) return undefined;
  return FAMILIES[family]![size];
}

/** Every instance type the table prices (for checks that it stays in step with the gym). */
export function pricedInstanceTypes(): string[] {
  return Object.entries(FAMILIES).flatMap(([family, sizes]) => Object.keys(sizes).map((size) => `${family}.${size}`));
}
