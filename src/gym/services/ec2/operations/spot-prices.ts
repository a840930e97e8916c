import type { InstanceTypeSpec } from '../catalog/instance-types.js';
import { stableFraction } from '../catalog/stable-id.js';

/** Spot prices move in steps; the gym changes each pool's price every four simulated hours. */
export const SPOT_PRICE_PERIOD = 4 * 3600_000;

/** Product descriptions DescribeSpotPriceHistory reports. */
export const SPOT_PRODUCTS = ['Linux/UNIX', 'Linux/UNIX (Amazon VPC)', 'Windows', 'Windows (Amazon VPC)'] as const;

/** The regional price factor: some regions cost more than us-east-1, as on-demand prices do. */
function regionFactor(zone: string): number {
  if (/^(us-east-1|us-east-2|us-west-2)/.test(zone)) return 1;
  if (/^(sa-east-1)/.test(zone)) return 1.55;
  if (/^(ap-|eu-west-2|eu-west-3|eu-central-1)/.test(zone)) return 1.2;
  return 1.1;
}

/**
 * The spot price of a pool (instance type, zone, product) at a time: 28–42% of the on-demand price,
 * stable within a period and different between zones, from the same inputs every time.
 */
export function spotPrice(type: InstanceTypeSpec, zone: string, product: string, at: number): number {
  const period = Math.floor(at / SPOT_PRICE_PERIOD);
  const share = 0.28 + 0.14 * stableFraction('spot', type.name, zone, String(period));
  const windows = product.startsWith('Windows') ? type.vcpus * (type.burstable ? 0.0046 : 0.046) : 0;
  return (type.onDemandPrice * regionFactor(zone) + windows) * share;
}

/** When the price in force at `at` was set. */
export function priceChangedAt(at: number): number {
  return Math.floor(at / SPOT_PRICE_PERIOD) * SPOT_PRICE_PERIOD;
}

/** A price as EC2 writes spot prices (`0.003100`). */
export function formatPrice(price: number): string {
  return price.toFixed(6);
}

/** The on-demand price of a type in a zone's region, which is the default maximum spot price. */
export function onDemandPrice(type: InstanceTypeSpec, zone: string, windows = false): number {
  return type.onDemandPrice * regionFactor(zone) + (windows ? type.vcpus * (type.burstable ? 0.0092 : 0.092) : 0);
}
