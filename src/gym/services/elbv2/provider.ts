import type { GymService } from '../../service.js';
import { listenerOperations } from './operations/listeners.js';
import { loadBalancerAttributeOperations } from './operations/load-balancer-attributes.js';
import { loadBalancerNetworkOperations } from './operations/load-balancer-network.js';
import { activateLoadBalancer, LOAD_BALANCER_ACTIVE, loadBalancerOperations } from './operations/load-balancers.js';
import { ruleOperations } from './operations/rules.js';
import { tagOperations } from './operations/tags.js';
import { targetGroupAttributeOperations } from './operations/target-group-attributes.js';
import { targetGroupOperations } from './operations/target-groups.js';
import { DRAINED, finishDraining, targetOperations } from './operations/targets.js';
import { createElbv2Store, type Elbv2Store } from './store.js';

/** Elastic Load Balancing v2 in the gym: load balancers, target groups, listeners and target health. */
export const elbv2Service: GymService<Elbv2Store> = {
  name: 'elbv2',
  signingNames: ['elasticloadbalancing'],
  modelStem: 'elasticloadbalancingv2-2015-12-01',
  createStore: createElbv2Store,
  operations: {
    ...loadBalancerOperations,
    ...loadBalancerAttributeOperations,
    ...loadBalancerNetworkOperations,
    ...targetGroupOperations,
    ...targetGroupAttributeOperations,
    ...listenerOperations,
    ...ruleOperations,
    ...targetOperations,
    ...tagOperations,
  },
  timers: {
    [LOAD_BALANCER_ACTIVE]: activateLoadBalancer,
    [DRAINED]: finishDraining,
  },
};
