import type { GymService } from '../../service.js';
import { buildDefaultNetwork } from './default-network.js';
import { addressOperations } from './operations/addresses.js';
import { computeOperations, computeTimers } from './operations/compute.js';
import { internetGatewayOperations } from './operations/internet-gateways.js';
import { keyPairOperations } from './operations/key-pairs.js';
import { launchTemplateOperations } from './operations/launch-templates.js';
import { routeTableOperations } from './operations/route-tables.js';
import { routeOperations } from './operations/routes.js';
import { securityGroupRuleOperations } from './operations/security-group-rules.js';
import { securityGroupOperations } from './operations/security-groups.js';
import { subnetOperations } from './operations/subnets.js';
import { taggingOperations } from './operations/tagging.js';
import { zoneOperations } from './operations/zones.js';
import { vpcOperations } from './operations/vpcs.js';
import { createEc2Store, type Ec2Store } from './store.js';

/** EC2 in the gym: networking, compute, storage and addresses. */
export const ec2Service: GymService<Ec2Store> = {
  name: 'ec2',
  signingNames: ['ec2'],
  modelStem: 'ec2-2016-11-15',
  createStore: createEc2Store,
  initializeRegion: buildDefaultNetwork,
  operations: {
    ...vpcOperations,
    ...subnetOperations,
    ...internetGatewayOperations,
    ...routeTableOperations,
    ...routeOperations,
    ...securityGroupOperations,
    ...securityGroupRuleOperations,
    ...keyPairOperations,
    ...addressOperations,
    ...taggingOperations,
    ...zoneOperations,
    ...computeOperations,
    ...launchTemplateOperations,
  },
  timers: {
    ...computeTimers,
  },
};
