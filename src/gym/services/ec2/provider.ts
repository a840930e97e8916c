import type { GymService } from '../../service.js';
import { buildDefaultNetwork } from './default-network.js';
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
  },
  timers: {},
};
