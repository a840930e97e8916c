import type {
  DescribeStackDriftDetectionStatusInput, DescribeStackDriftDetectionStatusOutput, DescribeStackResourceDriftsInput,
  DescribeStackResourceDriftsOutput, DetectStackDriftInput, DetectStackDriftOutput, DetectStackResourceDriftInput,
  DetectStackResourceDriftOutput, StackResourceDrift,
} from '@aws-sdk/client-cloudformation';
import { handler, type TimerHandler } from '../../../service.js';
import { checkResourceDrift } from '../drift/resource-drift.js';
import { cloudFormationStore } from '../engine/stack-events.js';
import { cloudFormationErrors } from '../errors.js';
import type { ResourceDriftRecord, StackRecord } from '../store.js';
import { draftOf, requireStack } from './stack-lookup.js';

/** The timer that completes a DetectStackDrift run. */
export const DRIFT_DETECTION = 'cloudformation.drift-detection';

/** Simulated time a detection takes: AWS answers DetectStackDrift at once and finishes seconds later. */
const DETECTION_MS = 2000;

function checkable(stack: StackRecord): StackRecord {
  if (stack.status === 'DELETE_COMPLETE' || stack.status === 'REVIEW_IN_PROGRESS' || stack.operation) {
    throw cloudFormationErrors.validation(`Stack ${stack.name} is in ${stack.status} state; drift can be detected once the stack operation is complete`);
  }
  return stack;
}

const detectStackDrift = handler<DetectStackDriftInput, DetectStackDriftOutput>((context, input) => {
  const stack = checkable(requireStack(context, input.StackName));
  const unknown = (input.LogicalResourceIds ?? []).filter((id) => !(id in stack.resources));
  if (unknown.length > 0) throw cloudFormationErrors.validation(`Resources [${unknown.join(', ')}] do not exist in stack ${stack.name}; list the stack's logical ids with DescribeStackResources`);
  const id = context.ids.uuid();
  cloudFormationStore(context).driftDetections.put({
    id,
    stackId: stack.id,
    status: 'DETECTION_IN_PROGRESS',
    ...(input.LogicalResourceIds?.length ? { logicalIds: [...input.LogicalResourceIds] } : {}),
    timestamp: context.now,
  });
  context.schedule(DETECTION_MS, DRIFT_DETECTION, id);
  return { StackDriftDetectionId: id };
});

/** Completes a detection: checks the resources, counts the drifted ones and records the stack's drift status. */
export const driftDetectionTimer: TimerHandler = (context, timer) => {
  const store = cloudFormationStore(context);
  const detection = store.driftDetections.get(timer.target);
  if (!detection || detection.status !== 'DETECTION_IN_PROGRESS') return;
  const found = store.stacks.get(detection.stackId);
  if (!found || found.status === 'DELETE_COMPLETE') {
    store.driftDetections.update(detection.id, (draft) => {
      draft.status = 'DETECTION_FAILED';
      draft.reason = 'The stack was deleted while its drift was being detected';
      draft.timestamp = context.now;
    });
    return;
  }
  const stack = draftOf(found);
  const resources = Object.values(stack.resources).filter((resource) => !detection.logicalIds || detection.logicalIds.includes(resource.logicalId));
  const drifted = resources.map((resource) => checkResourceDrift(context, stack, resource)).filter((record) => record.status === 'MODIFIED' || record.status === 'DELETED').length;
  const status = drifted > 0 ? 'DRIFTED' : 'IN_SYNC';
  stack.drift = { status, checkedAt: context.now };
  store.stacks.put(stack);
  store.driftDetections.update(detection.id, (draft) => {
    draft.status = 'DETECTION_COMPLETE';
    draft.stackDriftStatus = status;
    draft.driftedCount = drifted;
    draft.timestamp = context.now;
  });
};

const describeDetectionStatus = handler<DescribeStackDriftDetectionStatusInput, DescribeStackDriftDetectionStatusOutput>((context, input) => {
  const detection = cloudFormationStore(context).driftDetections.get(input.StackDriftDetectionId ?? '');
  if (!detection) throw cloudFormationErrors.validation(`Stack drift detection with id ${input.StackDriftDetectionId ?? ''} does not exist; use the StackDriftDetectionId DetectStackDrift returned`);
  return {
    StackId: detection.stackId,
    StackDriftDetectionId: detection.id,
    ...(detection.stackDriftStatus !== undefined ? { StackDriftStatus: detection.stackDriftStatus } : {}),
    DetectionStatus: detection.status,
    ...(detection.reason !== undefined ? { DetectionStatusReason: detection.reason } : {}),
    ...(detection.driftedCount !== undefined ? { DriftedStackResourceCount: detection.driftedCount } : {}),
    Timestamp: new Date(detection.timestamp),
  };
});

/** A drift record as the API returns it. */
function apiDrift(record: ResourceDriftRecord): StackResourceDrift {
  return {
    StackId: record.stackId,
    LogicalResourceId: record.logicalId,
    ...(record.physicalId !== undefined ? { PhysicalResourceId: record.physicalId } : {}),
    ResourceType: record.type,
    ExpectedProperties: record.expected,
    ...(record.actual !== undefined ? { ActualProperties: record.actual } : {}),
    PropertyDifferences: record.differences.map((difference) => ({ ...difference })),
    StackResourceDriftStatus: record.status,
    Timestamp: new Date(record.checkedAt),
  };
}

const describeResourceDrifts = handler<DescribeStackResourceDriftsInput, DescribeStackResourceDriftsOutput>((context, input) => {
  const stack = requireStack(context, input.StackName);
  const filters = input.StackResourceDriftStatusFilters ?? [];
  const drifts = cloudFormationStore(context).resourceDrifts.find('stack', stack.id)
    .filter((record) => record.logicalId in stack.resources && (filters.length === 0 || filters.includes(record.status)));
  return { StackResourceDrifts: drifts.map(apiDrift) };
});

const detectResourceDrift = handler<DetectStackResourceDriftInput, DetectStackResourceDriftOutput>((context, input) => {
  const stack = draftOf(checkable(requireStack(context, input.StackName)));
  const resource = stack.resources[input.LogicalResourceId ?? ''];
  if (!resource) throw cloudFormationErrors.validation(`Resource ${input.LogicalResourceId ?? ''} does not exist for stack ${stack.name}`);
  const record = checkResourceDrift(context, stack, resource);
  cloudFormationStore(context).stacks.put(stack);
  return { StackResourceDrift: apiDrift(record) };
});

/** The drift operations: DetectStackDrift (completed by a timer), its status, resource drifts and single-resource detection. */
export const driftOperations = {
  DetectStackDrift: detectStackDrift,
  DescribeStackDriftDetectionStatus: describeDetectionStatus,
  DescribeStackResourceDrifts: describeResourceDrifts,
  DetectStackResourceDrift: detectResourceDrift,
};
