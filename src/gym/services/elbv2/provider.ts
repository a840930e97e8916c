import type { GymService } from '../../service.js';

/** Elastic Load Balancing v2 in the gym: load balancers, target groups, listeners and target health. */
export const elbv2Service: GymService<Record<string, never>> = {
  name: 'elbv2',
  signingNames: ['elasticloadbalancing'],
  modelStem: 'elasticloadbalancingv2-2015-12-01',
  createStore: () => ({}),
  operations: {},
};
