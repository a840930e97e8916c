import type {
  Address, AllocateAddressRequest, AllocateAddressResult, AssociateAddressRequest, AssociateAddressResult,
  DescribeAddressesRequest, DescribeAddressesResult, DisassociateAddressRequest, ReleaseAddressRequest,
} from '@aws-sdk/client-ec2';
import { handler, type ServiceContext } from '../../../service.js';
import { formatIpv4, parseCidr } from '../cidr.js';
import { ec2Errors } from '../errors.js';
import { applyFilters, type FilterSpec } from '../filters.js';
import type { InstanceRecord } from '../records/compute.js';
import type { AddressRecord } from '../records/network.js';
import type { Ec2Store } from '../store.js';
import { apiTags, tagsFor } from '../tags.js';
import { pickPublicAddress } from './instance-create.js';

/** AWS's default quota of Elastic IP addresses per region (also reported by DescribeAccountAttributes). */
export const ELASTIC_IP_LIMIT = 5;

/** Elastic IPs come from a block of AWS's own public space, so they look like the addresses users see. */
const PUBLIC_POOL = parseCidr('3.208.0.0/12')!;

/** The address with this allocation id, or the AWS not-found error. */
export function requireAddress(store: Ec2Store, allocationId: string): AddressRecord {
  const address = store.addresses.get(allocationId);
  if (!address) throw ec2Errors.allocationNotFound(allocationId);
  return address;
}

/** The address a request names by AllocationId or PublicIp. */
function namedAddress(store: Ec2Store, input: { AllocationId?: string | undefined; PublicIp?: string | undefined }): AddressRecord {
  if (input.AllocationId !== undefined) return requireAddress(store, input.AllocationId);
  if (input.PublicIp === undefined) throw ec2Errors.missingParameter('AllocationId');
  const [id] = store.addresses.lookup('public-ip', input.PublicIp);
  if (!id) throw ec2Errors.addressNotFound(input.PublicIp);
  return store.addresses.get(id)!;
}

/** The live instance an address is associated with, or undefined (also when that instance is gone). */
function associatedInstance(store: Ec2Store, address: AddressRecord): InstanceRecord | undefined {
  const instance = address.instanceId ? store.instances.get(address.instanceId) : undefined;
  return instance && instance.state !== 'terminated' ? instance : undefined;
}

/** An Elastic IP as DescribeAddresses returns it. */
export function apiAddress(store: Ec2Store, address: AddressRecord, accountId: string): Address {
  const instance = associatedInstance(store, address);
  return {
    AllocationId: address.id,
    PublicIp: address.publicIp,
    Domain: address.domain,
    InstanceId: instance?.id,
    AssociationId: instance ? address.associationId : undefined,
    NetworkInterfaceId: instance?.networkInterfaceId,
    NetworkInterfaceOwnerId: instance ? accountId : undefined,
    PrivateIpAddress: instance ? address.privateIpAddress : undefined,
    PublicIpv4Pool: 'amazon',
    NetworkBorderGroup: address.networkBorderGroup,
    Tags: apiTags(address.tags),
  };
}

/**
 * Detaches an address from its instance. The instance loses that public address; one that was launched
 * with an auto-assigned address and is up gets a fresh one, as in AWS (`context` absent: it gets none,
 * which is right for an instance on its way out).
 */
function clearAssociation(store: Ec2Store, address: AddressRecord, context?: ServiceContext): void {
  const instance = address.instanceId ? store.instances.get(address.instanceId) : undefined;
  if (instance && instance.publicIpAddress === address.publicIp) {
    const up = instance.state === 'pending' || instance.state === 'running';
    store.instances.update(instance.id, (draft) => {
      draft.publicIpAddress = context && up && instance.associatePublicIp ? pickPublicAddress(context, store) : undefined;
    });
  }
  store.addresses.update(address.id, (draft) => {
    draft.instanceId = undefined;
    draft.associationId = undefined;
    draft.privateIpAddress = undefined;
  });
}

/** Releases an instance's Elastic IP association (for termination): the address stays allocated. */
export function disassociateInstanceAddresses(store: Ec2Store, instanceId: string): void {
  for (const address of store.addresses.find('instance-id', instanceId)) clearAssociation(store, address);
}

function freshPublicIp(context: ServiceContext, store: Ec2Store): string {
  for (let attempt = 0; attempt < 1000; attempt++) {
    const value = PUBLIC_POOL.network + context.random.integer(PUBLIC_POOL.size);
    const last = value & 255;
    if (last === 0 || last === 255) continue;
    const ip = formatIpv4(value);
    if (store.addresses.lookup('public-ip', ip).size === 0 && store.instances.lookup('ip-address', ip).size === 0) return ip;
  }
  throw ec2Errors.addressLimitExceeded();
}

/** The instance an association request targets, checked as AWS checks it. */
function targetInstance(store: Ec2Store, input: AssociateAddressRequest): InstanceRecord {
  let instance: InstanceRecord | undefined;
  if (input.InstanceId !== undefined) {
    instance = store.instances.get(input.InstanceId);
    if (!instance) throw ec2Errors.instanceNotFound([input.InstanceId]);
  } else if (input.NetworkInterfaceId !== undefined) {
    instance = [...store.instances.values()].find((candidate) => candidate.networkInterfaceId === input.NetworkInterfaceId && candidate.state !== 'terminated');
    if (!instance) throw ec2Errors.networkInterfaceNotFound(input.NetworkInterfaceId);
  } else {
    throw ec2Errors.missingParameter('InstanceId');
  }
  if (instance.state === 'pending' || instance.state === 'shutting-down' || instance.state === 'terminated') {
    throw ec2Errors.instanceNotAddressable(instance.id, instance.state);
  }
  if (store.internetGateways.lookup('attachment.vpc-id', instance.vpcId).size === 0) throw ec2Errors.vpcWithoutGateway(instance.vpcId);
  if (input.PrivateIpAddress !== undefined && input.PrivateIpAddress !== instance.privateIpAddress) {
    throw ec2Errors.invalidParameterValue(`The private IP address ${input.PrivateIpAddress} is not assigned to ${instance.id} (it has ${instance.privateIpAddress}).`);
  }
  return instance;
}

const addressFilters = (accountId: string): FilterSpec<AddressRecord> => ({
  accessors: {
    'allocation-id': (address) => address.id,
    'association-id': (address) => address.associationId,
    'domain': (address) => address.domain,
    'instance-id': (address) => address.instanceId,
    'network-border-group': (address) => address.networkBorderGroup,
    'network-interface-owner-id': (address) => (address.instanceId ? accountId : undefined),
    'private-ip-address': (address) => address.privateIpAddress,
    'public-ip': (address) => address.publicIp,
    'public-ipv4-pool': () => 'amazon',
  },
  indexed: ['public-ip', 'instance-id'],
});

function store(context: ServiceContext): Ec2Store {
  return context.store<Ec2Store>('ec2');
}

/** Elastic IP operations. */
export const addressOperations = {
  AllocateAddress: handler<AllocateAddressRequest, AllocateAddressResult>((context, input) => {
    const ec2 = store(context);
    if (input.Domain === 'standard') throw ec2Errors.unsupportedOperation('EC2-Classic addresses (Domain standard) are retired; allocate with Domain vpc.');
    if (input.Address !== undefined || input.CustomerOwnedIpv4Pool !== undefined || (input.PublicIpv4Pool !== undefined && input.PublicIpv4Pool !== 'amazon')) {
      throw ec2Errors.unsupportedOperation('The gym allocates from Amazon\'s pool only; omit Address, PublicIpv4Pool and CustomerOwnedIpv4Pool.');
    }
    if (input.NetworkBorderGroup !== undefined && input.NetworkBorderGroup !== context.region) {
      throw ec2Errors.invalidParameterValue(`Invalid value '${input.NetworkBorderGroup}' for NetworkBorderGroup: this region's only group is ${context.region}.`);
    }
    if (ec2.addresses.size >= ELASTIC_IP_LIMIT) throw ec2Errors.addressLimitExceeded();
    const address = ec2.addresses.put({
      id: context.ids.resource('eipalloc'),
      publicIp: freshPublicIp(context, ec2),
      domain: 'vpc',
      instanceId: undefined,
      associationId: undefined,
      privateIpAddress: undefined,
      networkBorderGroup: context.region,
      tags: tagsFor(input.TagSpecifications, 'elastic-ip'),
    });
    return { AllocationId: address.id, PublicIp: address.publicIp, Domain: 'vpc', PublicIpv4Pool: 'amazon', NetworkBorderGroup: address.networkBorderGroup };
  }),

  DescribeAddresses: handler<DescribeAddressesRequest, DescribeAddressesResult>((context, input) => {
    const ec2 = store(context);
    const ids = [
      ...(input.AllocationIds ?? []).map((id) => requireAddress(ec2, id).id),
      ...(input.PublicIps ?? []).map((ip) => namedAddress(ec2, { PublicIp: ip }).id),
    ];
    const found = applyFilters(ec2.addresses, input.Filters, addressFilters(context.accountId), ids);
    return { Addresses: found.map((address) => apiAddress(ec2, address, context.accountId)) };
  }),

  AssociateAddress: handler<AssociateAddressRequest, AssociateAddressResult>((context, input) => {
    const ec2 = store(context);
    const address = namedAddress(ec2, input);
    const instance = targetInstance(ec2, input);
    const current = associatedInstance(ec2, address);
    if (current && current.id !== instance.id && input.AllowReassociation !== true) {
      throw ec2Errors.resourceAlreadyAssociated(
        `resource ${address.id} is already associated with associate-id ${address.associationId}; pass AllowReassociation to move it to ${instance.id}`,
      );
    }
    if (address.instanceId) clearAssociation(ec2, ec2.addresses.get(address.id)!, context);
    // An instance has one public address: its previous Elastic IP, if any, comes off.
    for (const other of ec2.addresses.find('instance-id', instance.id)) clearAssociation(ec2, other);
    const associationId = context.ids.resource('eipassoc');
    ec2.addresses.update(address.id, (draft) => {
      draft.instanceId = instance.id;
      draft.associationId = associationId;
      draft.privateIpAddress = instance.privateIpAddress;
    });
    ec2.instances.update(instance.id, (draft) => {
      draft.publicIpAddress = address.publicIp;
    });
    return { AssociationId: associationId };
  }),

  DisassociateAddress: handler<DisassociateAddressRequest, Record<string, never>>((context, input) => {
    const ec2 = store(context);
    let address: AddressRecord | undefined;
    if (input.AssociationId !== undefined) {
      address = [...ec2.addresses.values()].find((candidate) => candidate.associationId === input.AssociationId);
      if (!address) throw ec2Errors.associationNotFound(input.AssociationId);
    } else if (input.PublicIp !== undefined) {
      address = namedAddress(ec2, { PublicIp: input.PublicIp });
    } else {
      throw ec2Errors.missingParameter('AssociationId');
    }
    if (address.instanceId) clearAssociation(ec2, address, context);
    return {};
  }),

  ReleaseAddress: handler<ReleaseAddressRequest, Record<string, never>>((context, input) => {
    const ec2 = store(context);
    const address = namedAddress(ec2, input);
    if (associatedInstance(ec2, address)) throw ec2Errors.ipAddressInUse(address.publicIp);
    ec2.addresses.delete(address.id);
    return {};
  }),
};
