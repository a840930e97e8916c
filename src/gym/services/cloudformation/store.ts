import type { TableFactory } from '../../service.js';
import type { Table } from '../../world/table.js';
import type { BoundParameterEntry } from './template/index.js';
import type { PropertyDifference } from './drift/property-differences.js';
import type { ResourceProperties } from './providers/provider.js';

/** A stack or resource status, as CloudFormation spells it (CREATE_IN_PROGRESS, UPDATE_ROLLBACK_COMPLETE, ...). */
export type Status = string;

/** One version of a stack's code: the template as sent and the parameters it was bound with. */
export interface StackVersion {
  readonly templateBody: string;
  /** The text each parameter was given (UsePreviousValue reads these). */
  readonly given: Readonly<Record<string, string>>;
  readonly parameterEntries: readonly BoundParameterEntry[];
}

/** A resource of a stack as the engine tracks it. */
export interface StackResource {
  readonly logicalId: string;
  readonly type: string;
  physicalId?: string;
  /** The resolved properties the resource was last created or updated with. */
  properties: ResourceProperties;
  status: Status;
  reason?: string;
  updatedAt: number;
  /** The resources this one needs (from the template version that made it). */
  dependencies: string[];
  deletionPolicy?: string;
  /** The physical resource a replacement superseded: deleted in cleanup, or restored by a rollback. */
  replaced?: { physicalId: string; properties: ResourceProperties };
  /** What is in progress for the resource in the running operation. */
  pending?: 'create' | 'update';
  /** The properties before an in-place update in this operation (a rollback puts them back). */
  before?: ResourceProperties;
  /** The outcome of the last drift check of this resource. */
  drift?: { status: ResourceDriftStatus; checkedAt: number };
}

/** A resource's drift, as StackResourceDriftStatus spells it. */
export type ResourceDriftStatus = 'IN_SYNC' | 'MODIFIED' | 'DELETED' | 'NOT_CHECKED';

/** The last drift check of one stack resource, as DescribeStackResourceDrifts returns it. */
export interface ResourceDriftRecord {
  /** `<stack id>|<logical id>`: a later check replaces the earlier one. */
  readonly id: string;
  readonly stackId: string;
  readonly logicalId: string;
  readonly physicalId?: string;
  readonly type: string;
  readonly status: ResourceDriftStatus;
  readonly expected: string;
  readonly actual?: string;
  readonly differences: readonly PropertyDifference[];
  readonly checkedAt: number;
}

/** One DetectStackDrift run: in progress until the gym's clock reaches its completion. */
export interface DriftDetectionRecord {
  readonly id: string;
  readonly stackId: string;
  status: 'DETECTION_IN_PROGRESS' | 'DETECTION_COMPLETE' | 'DETECTION_FAILED';
  stackDriftStatus?: 'DRIFTED' | 'IN_SYNC';
  driftedCount?: number;
  reason?: string;
  /** The resources to check; all of the stack's when absent. */
  readonly logicalIds?: readonly string[];
  timestamp: number;
}

/** One resource queued for deletion by a delete, rollback or cleanup phase. */
export interface DeleteEntry {
  readonly logicalId: string;
  readonly type: string;
  readonly physicalId?: string;
  readonly properties: ResourceProperties;
  /** Other entries (by logical id) this one needs: they are deleted after it. */
  readonly dependencies: readonly string[];
  readonly retain: boolean;
  /** Whether the entry is the superseded copy of a resource that stays in the stack. */
  readonly superseded: boolean;
  state: 'waiting' | 'deleting' | 'deleted';
}

/** What a stack is doing: applying a template version, or deleting a set of resources. */
export type StackOperation =
  | { readonly phase: 'apply'; readonly kind: 'create' | 'update' | 'update-rollback'; done: string[] }
  | { readonly phase: 'delete'; readonly kind: 'delete' | 'rollback' | 'update-cleanup' | 'update-rollback-cleanup'; entries: DeleteEntry[] };

/** A stack output once resolved. */
export interface StackOutput {
  readonly OutputKey: string;
  readonly OutputValue: string;
  readonly Description?: string;
  readonly ExportName?: string;
}

/** One stack, live or deleted (deleted stacks stay describable by id). */
export interface StackRecord {
  readonly id: string;
  readonly name: string;
  status: Status;
  reason?: string;
  readonly createdAt: number;
  updatedAt?: number;
  deletedAt?: number;
  description?: string;
  tags: { Key: string; Value: string }[];
  disableRollback: boolean;
  /** The version the stack is at (or moving to); absent for a REVIEW_IN_PROGRESS stack. */
  current?: StackVersion;
  /** The last good version during an update, for its rollback. */
  previous?: StackVersion;
  resources: Record<string, StackResource>;
  outputs: StackOutput[];
  /** Export names this stack's template imports. */
  imports: string[];
  operation?: StackOperation;
  /** The change set being executed, if any. */
  changeSetId?: string;
  /** The outcome of the last completed DetectStackDrift. */
  drift?: { status: 'DRIFTED' | 'IN_SYNC'; checkedAt: number };
}

/** One entry of DescribeStackEvents. */
export interface StackEventRecord {
  readonly id: string;
  readonly stackId: string;
  readonly stackName: string;
  readonly logicalId: string;
  readonly physicalId?: string;
  readonly type: string;
  readonly status: Status;
  readonly reason?: string;
  readonly timestamp: number;
  readonly properties?: string;
}

/** One change of a change set, as DescribeChangeSet lists it. */
export interface ChangeRecord {
  readonly Action: 'Add' | 'Modify' | 'Remove' | 'Import';
  readonly LogicalResourceId: string;
  readonly PhysicalResourceId?: string;
  readonly ResourceType: string;
  readonly Replacement?: 'True' | 'False' | 'Conditional';
  readonly Scope: string[];
  readonly Details: { Target: { Attribute: string; Name?: string; RequiresRecreation: string }; Evaluation: string; ChangeSource: string }[];
}

/** An existing resource an IMPORT change set adopts into a stack. */
export interface ImportedResource {
  readonly logicalId: string;
  readonly type: string;
  readonly physicalId: string;
}

/** A change set: a stack version reviewed before it is executed. */
export interface ChangeSetRecord {
  readonly id: string;
  readonly name: string;
  readonly stackId: string;
  readonly stackName: string;
  readonly type: 'CREATE' | 'UPDATE' | 'IMPORT';
  /** For an IMPORT change set: the existing resources it adopts. */
  readonly imports?: readonly ImportedResource[];
  status: 'CREATE_COMPLETE' | 'FAILED' | 'DELETE_COMPLETE';
  executionStatus: 'AVAILABLE' | 'UNAVAILABLE' | 'EXECUTE_IN_PROGRESS' | 'EXECUTE_COMPLETE' | 'OBSOLETE';
  statusReason?: string;
  readonly version: StackVersion;
  readonly changes: ChangeRecord[];
  readonly createdAt: number;
  readonly description?: string;
  readonly tags: { Key: string; Value: string }[];
  readonly disableRollback: boolean;
}

/** CloudFormation's state in one region. */
export interface CloudFormationStore {
  readonly stacks: Table<StackRecord>;
  readonly events: Table<StackEventRecord>;
  readonly changeSets: Table<ChangeSetRecord>;
  readonly driftDetections: Table<DriftDetectionRecord>;
  readonly resourceDrifts: Table<ResourceDriftRecord>;
}

/** Creates CloudFormation's tables for one region. */
export function createCloudFormationStore(tables: TableFactory): CloudFormationStore {
  return {
    stacks: tables.table<StackRecord>('stacks').defineIndex('name', (stack) => (stack.status === 'DELETE_COMPLETE' ? [] : [stack.name])),
    events: tables.table<StackEventRecord>('events').defineIndex('stack', (event) => [event.stackId]),
    changeSets: tables.table<ChangeSetRecord>('change-sets').defineIndex('stack', (changeSet) => [changeSet.stackId]),
    driftDetections: tables.table<DriftDetectionRecord>('drift-detections'),
    resourceDrifts: tables.table<ResourceDriftRecord>('resource-drifts').defineIndex('stack', (drift) => [drift.stackId]),
  };
}
