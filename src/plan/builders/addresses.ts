import type { PlanContext } from '../context.js';
import { invalid, tagSpecification, type PlanDraft } from '../draft.js';
import type { Intent } from '../intent.js';
import { label, resolveOne } from '../targets.js';

type IntentOf<T extends Intent['type']> = Extract<Intent, { type: T }>;

/** Allocate an Elastic IP, associating it with an instance when asked. */
export function buildAllocateAddress(draft: PlanDraft, context: PlanContext, intent: IntentOf<'allocate-address'>): string {
  const instance = intent.instance ? resolveOne(context, { kind: 'instance', selector: intent.instance.selector }, 'change') : undefined;
  if (instance && instance.state !== 'running' && instance.state !== 'stopped') invalid(`${label(instance)} is ${instance.state}; an address can go to a running or stopped instance`);
  const existing = instance ? context.inventory.elasticIps.find((address) => address.instanceId === instance.id) : undefined;
  if (existing && instance) invalid(`${label(instance)} already has Elastic IP ${existing.publicIp} (${existing.id})`);
  const name = intent.name ?? (instance ? `${instance.name ?? instance.id}-eip` : 'elastic-ip');
  const allocate = draft.step({
    action: `allocate an Elastic IP${intent.name ? ` ${intent.name}` : ''}`,
    effect: 'create',
    resource: { kind: 'elastic-ip', name },
    call: { service: 'ec2', operation: 'AllocateAddress', input: { Domain: 'vpc', TagSpecifications: [tagSpecification('elastic-ip', { Name: name })] } },
    outputs: { allocationId: 'AllocationId', publicIp: 'PublicIp' },
    inverse: (self) => ({ service: 'ec2', operation: 'ReleaseAddress', input: { AllocationId: draft.ref(self, 'allocationId') } }),
  });
  if (instance) {
    draft.step({
      action: `associate it with ${label(instance)}`,
      effect: 'update-live',
      resource: { kind: 'elastic-ip', name },
      call: { service: 'ec2', operation: 'AssociateAddress', input: { AllocationId: draft.ref(allocate, 'allocationId'), InstanceId: instance.id } },
      outputs: { associationId: 'AssociationId' },
      dependsOn: [allocate],
      // An associated address cannot be released; the association goes first.
      inverse: (self) => ({ service: 'ec2', operation: 'DisassociateAddress', input: { AssociationId: draft.ref(self, 'associationId') } }),
    });
    if (instance.publicIpAddress) draft.advise('info', `${label(instance)}'s current public address ${instance.publicIpAddress} is released and replaced by the Elastic IP.`);
    draft.expect(`${label(instance)} has an Elastic IP`, { kind: 'elastic-ip', name }, { instanceId: instance.id });
  } else {
    draft.expect(`Elastic IP ${name} exists`, { kind: 'elastic-ip', name }, {});
    draft.advise('info', 'An Elastic IP that is not associated with a running instance is billed by the hour.');
  }
  return `allocate an Elastic IP${instance ? ` for ${label(instance)}` : ''}`;
}

/** Release an Elastic IP (disassociating it first). */
export function buildReleaseAddress(draft: PlanDraft, context: PlanContext, intent: IntentOf<'release-address'>): string {
  const address = resolveOne(context, { kind: 'elastic-ip', selector: intent.address.selector }, 'change');
  let after: string[] = [];
  if (address.associationId) {
    const step = draft.step({
      action: `disassociate ${address.publicIp} from ${address.instanceId}`,
      effect: 'update-live',
      resource: { kind: 'elastic-ip', id: address.id },
      call: { service: 'ec2', operation: 'DisassociateAddress', input: { AssociationId: address.associationId } },
      ...(address.instanceId
        ? { inverse: { service: 'ec2', operation: 'AssociateAddress', input: { AllocationId: address.id, InstanceId: address.instanceId } } }
        : { irreversible: `${address.publicIp} is on a network interface, not an instance, and Cirro cannot put it back there; re-associate it by hand if the release fails` }),
    });
    after = [step.id];
    draft.advise('warning', `${address.instanceId} loses ${address.publicIp}; anything that reaches it by that address stops working.`);
  }
  draft.step({
    action: `release ${address.publicIp} (${address.id})`,
    effect: 'delete',
    resource: { kind: 'elastic-ip', id: address.id },
    call: { service: 'ec2', operation: 'ReleaseAddress', input: { AllocationId: address.id } },
    dependsOn: after,
    irreversible: `a released address is gone for good: ${address.publicIp} (${address.id}) returns to AWS, which may give it to someone else`,
  });
  draft.advise('danger', `A released address is gone for good; AWS may give ${address.publicIp} to someone else.`);
  draft.expect(`${address.publicIp} is released`, { kind: 'elastic-ip', id: address.id }, 'absent');
  return `release Elastic IP ${address.publicIp}`;
}
