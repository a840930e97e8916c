import type { TaskClass } from '../plan/intent.js';

/** The study's task classes, in Table 1's order, with its column titles. */
export const TASK_CLASSES: readonly { readonly taskClass: TaskClass; readonly title: string }[] = [
  { taskClass: 'provisioning', title: 'Provisioning' },
  { taskClass: 'update', title: 'Updates' },
  { taskClass: 'monitoring', title: 'Monitoring' },
];

/** One cell of the study's Table 1. */
export interface StudyCell {
  readonly successRate: number;
  readonly meanSteps: number;
}

/** One agent (row) of the study's Table 1. */
export interface StudyRow {
  /** The modality it maps to in Cirro's reports. */
  readonly modality: 'sdk' | 'cli' | 'iac' | 'web';
  readonly agent: string;
  readonly cells: Readonly<Record<TaskClass, StudyCell>>;
}

/**
 * Table 1 of Yang et al., "Cloud Infrastructure Management in the Age of AI Agents" (success rate and
 * mean steps of successful trials, on Azure VM tasks, GPT-4-based agents), printed beside every
 * report for comparison. Only the success rates compare directly: the study counts a step as one
 * model action, Cirro's embedded brain as one executed plan step.
 */
export const STUDY_TABLE: readonly StudyRow[] = [
  { modality: 'sdk', agent: 'SDK agent', cells: { provisioning: { successRate: 0.67, meanSteps: 4.5 }, update: { successRate: 0.67, meanSteps: 2.0 }, monitoring: { successRate: 0.8, meanSteps: 1.25 } } },
  { modality: 'cli', agent: 'CLI agent', cells: { provisioning: { successRate: 1.0, meanSteps: 1.6 }, update: { successRate: 0.67, meanSteps: 3.0 }, monitoring: { successRate: 0.8, meanSteps: 1.0 } } },
  { modality: 'iac', agent: 'IaC agent', cells: { provisioning: { successRate: 1.0, meanSteps: 2.0 }, update: { successRate: 0.33, meanSteps: 5.0 }, monitoring: { successRate: 0.4, meanSteps: 2.5 } } },
  { modality: 'web', agent: 'ClickOps agent', cells: { provisioning: { successRate: 0.33, meanSteps: 46.0 }, update: { successRate: 0.67, meanSteps: 20.0 }, monitoring: { successRate: 1.0, meanSteps: 2.75 } } },
];
