import type { BenchSuite } from '../task.js';
import { monitoringTasks } from './study-monitoring.js';
import { provisioningTasks } from './study-provisioning.js';
import { updateTasks } from './study-updates.js';

/**
 * The modality study's VM management tasks (Yang et al., "Cloud Infrastructure Management in the Age
 * of AI Agents", section 2.3 and Table 1), on AWS: provisioning, updates and monitoring, each task
 * with a set-up, several phrasings and an independent check.
 */
export const studySuite: BenchSuite = {
  name: 'study',
  description: "the modality study's provisioning, update and monitoring tasks",
  tasks: [...provisioningTasks, ...updateTasks, ...monitoringTasks],
};

/** The suites `cirro bench --suite` knows, by name. */
export const SUITES: Readonly<Record<string, BenchSuite>> = { study: studySuite };
