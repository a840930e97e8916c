import type { GymService } from '../../service.js';
import { STACK_TICK } from './engine/stack-events.js';
import { stackTick } from './engine/stack-engine.js';
import { changeSetOperations } from './operations/change-sets.js';
import { DRIFT_DETECTION, driftDetectionTimer, driftOperations } from './operations/drift.js';
import { stackOperations } from './operations/stacks.js';
import { stackQueryOperations } from './operations/stack-queries.js';
import { createCloudFormationStore, type CloudFormationStore } from './store.js';

/** CloudFormation in the gym: stacks deployed by a timer-driven engine over the EC2 and ELBv2 providers, and their drift. */
export const cloudFormationService: GymService<CloudFormationStore> = {
  name: 'cloudformation',
  signingNames: ['cloudformation'],
  modelStem: 'cloudformation-2010-05-15',
  createStore: createCloudFormationStore,
  operations: {
    ...stackOperations,
    ...stackQueryOperations,
    ...changeSetOperations,
    ...driftOperations,
  },
  timers: {
    [STACK_TICK]: stackTick,
    [DRIFT_DETECTION]: driftDetectionTimer,
  },
};
