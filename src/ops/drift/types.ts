/** How much a finding matters: an opened port or disabled protection outranks a resize, which outranks a tag. */
export type DriftSeverity = 'critical' | 'high' | 'medium' | 'low';

/** Most severe first. */
export const SEVERITY_ORDER: readonly DriftSeverity[] = ['critical', 'high', 'medium', 'low'];

/**
 * One thing that differs between the code (the stacks) and the cloud: a property changed by hand
 * (`modified`), a resource the code expects that the cloud lost (`deleted`), or a resource in no stack
 * (`unmanaged`).
 */
export interface DriftFinding {
  readonly severity: DriftSeverity;
  readonly kind: 'modified' | 'deleted' | 'unmanaged';
  /** The stack that manages the resource; undefined for unmanaged resources. */
  readonly stack: string | undefined;
  /** The template's logical id; undefined for unmanaged resources. */
  readonly logicalId: string | undefined;
  readonly physicalId: string;
  /** The CloudFormation type (AWS::EC2::Instance, …). */
  readonly resourceType: string;
  /** The resource's Name tag or own name, when it has one (unmanaged resources). */
  readonly name?: string;
  /** The property path as CloudFormation reports it (`/SecurityGroupIngress/1`); modified resources only. */
  readonly property?: string;
  readonly difference?: 'ADD' | 'REMOVE' | 'NOT_EQUAL';
  /** What the template says (`null` when the template does not have it). */
  readonly expected?: string;
  /** What the cloud has (`null` when the cloud lost it). */
  readonly actual?: string;
  /** One line a person reads: why this finding has its severity. */
  readonly reason: string;
  /** How to bring the cloud back to the code: the cirro ask request or AWS call (filled in by driftReport). */
  readonly restore?: string;
}

/** What drift detection said about one stack. */
export interface StackDriftSummary {
  readonly name: string;
  /** IN_SYNC, DRIFTED, or NOT_CHECKED when detection could not run (see problem). */
  readonly status: 'IN_SYNC' | 'DRIFTED' | 'NOT_CHECKED';
  readonly resources: number;
  readonly driftedResources: number;
  /** Why the stack was not (fully) checked. */
  readonly problem?: string;
}

/** The drift between the code and the cloud in one region. */
export interface DriftReport {
  readonly region: string;
  readonly stacks: readonly StackDriftSummary[];
  /** Most severe first. */
  readonly findings: readonly DriftFinding[];
  /** True when every stack was checked and nothing differs. */
  readonly inSync: boolean;
  /** Findings the project's policy file ignores or accepts (drift.ignore, drift.baseline); not drift. */
  readonly ignored: readonly IgnoredFinding[];
  /** Whether unmanaged resources were looked for (not when the report is narrowed to some stacks). */
  readonly unmanagedChecked: boolean;
}

/** A finding the policy file covers: which kind of entry covered it, and the reason the team wrote. */
export interface IgnoredFinding extends DriftFinding {
  readonly ignoredBy: 'ignore' | 'baseline';
  readonly ignoredReason: string;
}
