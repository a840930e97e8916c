import { onDemandHourlyPrice } from '../../cloud/prices.js';
import type { Step } from '../../plan/plan.js';
import type { RiskAssessment } from '../decision.js';

type RiskFactor = RiskAssessment['factors'][number];

/** Launched capacity above this, in USD per hour on demand, is high risk whatever else the plan does. */
export const HOURLY_COST_LIMIT = 5;

interface Launch {
  readonly name: string;
  readonly count: number;
  readonly instanceType: string;
  readonly price: number | undefined;
}

/**
 * New instances: up to 3 is low, 4–10 medium, more high; and their on-demand price per hour, high above
 * $5. Replacement launches are not counted: they take the place of an instance that goes.
 */
export function launchFactors(steps: readonly Step[]): RiskFactor[] {
  const launches = steps.filter((step) => step.effect === 'create' && step.call.operation === 'RunInstances').map(launchOf);
  const count = launches.reduce((sum, launch) => sum + launch.count, 0);
  if (count === 0) return [];
  const names = launches.map((launch) => (launch.count > 1 ? `${launch.name} ×${launch.count}` : launch.name));
  const shown = names.length > 6 ? `${names.slice(0, 5).join(', ')} and ${names.length - 5} more` : names.join(', ');
  const cost = launches.reduce((sum, launch) => sum + (launch.price ?? 0) * launch.count, 0);
  const unpriced = [...new Set(launches.filter((launch) => launch.price === undefined).map((launch) => launch.instanceType))];
  const costText = `${dollars(cost)}/hour on demand${unpriced.length > 0 ? `, not counting ${unpriced.join(', ')} (no price known)` : ''}`;
  const level = count > 10 ? 'high' : count > 3 ? 'medium' : 'low';
  const factors: RiskFactor[] = [{ level, reason: `launches ${count} instance${count === 1 ? '' : 's'} (${shown}): ${costText}` }];
  if (cost > HOURLY_COST_LIMIT) {
    factors.push({ level: 'high', reason: `the new instances cost ${dollars(cost)}/hour on demand (${breakdown(launches)}), more than ${dollars(HOURLY_COST_LIMIT)}/hour` });
  }
  return factors;
}

function launchOf(step: Step): Launch {
  const input = step.call.input;
  const count = [input['MaxCount'], input['MinCount']].find((value): value is number => typeof value === 'number' && value >= 1) ?? 1;
  // EC2 launches m1.small when a call names no type.
  const instanceType = typeof input['InstanceType'] === 'string' ? input['InstanceType'] : 'm1.small';
  return { name: step.resource.name ?? step.id, count, instanceType, price: onDemandHourlyPrice(instanceType) };
}

/** "12 × m5.4xlarge at $0.768" per type. */
function breakdown(launches: readonly Launch[]): string {
  const byType = new Map<string, { count: number; price: number | undefined }>();
  for (const launch of launches) {
    const known = byType.get(launch.instanceType);
    byType.set(launch.instanceType, { count: (known?.count ?? 0) + launch.count, price: launch.price });
  }
  return [...byType].map(([type, { count, price }]) => `${count} × ${type}${price !== undefined ? ` at ${dollars(price)}` : ''}`).join(', ');
}

function dollars(amount: number): string {
  return `$${amount < 1 ? amount.toFixed(4).replace(/0{1,2}$/, '') : amount.toFixed(2)}`;
}
