import type { ServiceContext } from '../../../service.js';
import { providerOf, stackProviderContext } from '../engine/prepared-version.js';
import { cloudFormationStore } from '../engine/stack-events.js';
import type { ResourceDriftRecord, StackRecord, StackResource } from '../store.js';
import { withoutManagedElsewhere } from './managed-elsewhere.js';
import { actualOfExpected, canonical, propertyDifferences } from './property-differences.js';

/**
 * Checks one stack resource against what the template made it: DELETED when it is gone, MODIFIED with
 * the property differences, IN_SYNC otherwise. A resource that never came to be (or is mid-operation)
 * is NOT_CHECKED, and so is a type AWS does not check for drift. Stores the result on the resource and in the drift table, as AWS keeps the last check.
 */
export function checkResourceDrift(context: ServiceContext, stack: StackRecord, resource: StackResource): ResourceDriftRecord {
  const expected = canonical(resource.properties) as Record<string, unknown>;
  const base = {
    id: `${stack.id}|${resource.logicalId}`,
    stackId: stack.id,
    logicalId: resource.logicalId,
    ...(resource.physicalId !== undefined ? { physicalId: resource.physicalId } : {}),
    type: resource.type,
    expected: JSON.stringify(expected),
    checkedAt: context.now,
  };
  let record: ResourceDriftRecord;
  if (resource.physicalId === undefined || resource.pending || !/_COMPLETE$/.test(resource.status) || providerOf(resource.type).driftable === false) {
    record = { ...base, status: 'NOT_CHECKED', differences: [] };
  } else {
    const read = providerOf(resource.type).read(stackProviderContext(context, stack), resource.physicalId);
    const actual = read === undefined ? undefined : withoutManagedElsewhere(stack, resource, resource.properties, read);
    if (actual === undefined) {
      record = { ...base, status: 'DELETED', differences: [] };
    } else {
      const shownActual = canonical(actualOfExpected(expected, actual)) as Record<string, unknown>;
      const differences = propertyDifferences(expected, actual);
      record = { ...base, status: differences.length > 0 ? 'MODIFIED' : 'IN_SYNC', actual: JSON.stringify(shownActual), differences };
    }
  }
  resource.drift = { status: record.status, checkedAt: context.now };
  cloudFormationStore(context).resourceDrifts.put(record);
  return record;
}
