import { containsAddress, formatIpv4, parseCidr, parseIpv4, RESERVED_HIGH, RESERVED_LOW, type Ipv4Block } from '../cidr.js';
import { ec2Errors } from '../errors.js';
import type { SubnetRecord } from '../records/network.js';
import type { Ec2Store } from '../store.js';

/**
 * Hands out a private IPv4 address in a subnet: the requested one if it is inside the subnet, not
 * reserved and free, else the lowest free address at or after the subnet's `nextAddressOffset` hint
 * (wrapping around once). The hint moves past each address handed out, so 10,000 launches into one
 * subnet cost 10,000 index lookups, not 50 million. An address is taken while an instance that is
 * not terminated holds it (the instances index `private-ip-address`, keyed `subnet/ip`). Store the
 * instance before allocating the next address in the same request, so the index sees it.
 */
export function allocatePrivateAddress(store: Ec2Store, subnet: SubnetRecord, requested?: string): string {
  // The caller's copy may predate an allocation earlier in this request; the table has the live hint.
  const current = store.subnets.get(subnet.id) ?? subnet;
  const block = subnetBlock(current);
  const first = RESERVED_LOW;
  const last = block.size - RESERVED_HIGH - 1;
  if (requested !== undefined) return allocateRequested(store, current, block, requested);
  const start = Math.min(Math.max(current.nextAddressOffset, first), last + 1);
  for (const [from, to] of [[start, last], [first, start - 1]] as const) {
    for (let offset = from; offset <= to; offset++) {
      const address = formatIpv4(block.network + offset);
      if (addressTaken(store, current.id, address)) continue;
      store.subnets.update(current.id, (draft) => {
        draft.nextAddressOffset = offset + 1;
      });
      return address;
    }
  }
  throw ec2Errors.insufficientAddresses(current.id);
}

/**
 * Tells the allocator an address came free (its instance terminated), so the next allocation can
 * hand out the lowest free address again rather than waiting for the search to wrap around.
 */
export function releasePrivateAddress(store: Ec2Store, subnetId: string, address: string): void {
  const subnet = store.subnets.get(subnetId);
  const value = parseIpv4(address);
  if (!subnet || value === undefined) return;
  const offset = value - subnetBlock(subnet).network;
  if (offset >= RESERVED_LOW && offset < subnet.nextAddressOffset) {
    store.subnets.update(subnetId, (draft) => {
      draft.nextAddressOffset = offset;
    });
  }
}

/** How many addresses instances that are not terminated hold in the subnet. */
export function addressesInUse(store: Ec2Store, subnetId: string): number {
  const inSubnet = store.instances.lookup('subnet-id', subnetId);
  const terminated = store.instances.lookup('instance-state-name', 'terminated');
  // Walk whichever set is smaller: a subnet with 10,000 instances and few terminated ones stays cheap.
  if (terminated.size < inSubnet.size) {
    let gone = 0;
    for (const id of terminated) if (inSubnet.has(id)) gone++;
    return inSubnet.size - gone;
  }
  let live = 0;
  for (const id of inSubnet) if (store.instances.get(id)?.state !== 'terminated') live++;
  return live;
}

/** AvailableIpAddressCount as AWS reports it: the block, less the five reserved, less those in use. */
export function availableAddressCount(store: Ec2Store, subnet: SubnetRecord): number {
  return subnetBlock(subnet).size - RESERVED_LOW - RESERVED_HIGH - addressesInUse(store, subnet.id);
}

/** True when an instance that is not terminated holds the address in the subnet. */
export function addressTaken(store: Ec2Store, subnetId: string, address: string): boolean {
  for (const id of store.instances.lookup('private-ip-address', `${subnetId}/${address}`)) {
    if (store.instances.get(id)?.state !== 'terminated') return true;
  }
  return false;
}

function allocateRequested(store: Ec2Store, subnet: SubnetRecord, block: Ipv4Block, requested: string): string {
  const value = parseIpv4(requested);
  if (value === undefined) {
    throw ec2Errors.invalidIpAddress(`Value (${requested}) for parameter privateIpAddress is invalid. It is not a valid IPv4 address.`);
  }
  if (!containsAddress(block, value)) {
    throw ec2Errors.invalidIpAddress(`Address ${requested} does not fall within the subnet's address range (${subnet.cidrBlock} of ${subnet.id}).`);
  }
  const offset = value - block.network;
  if (offset < RESERVED_LOW || offset > block.size - RESERVED_HIGH - 1) {
    throw ec2Errors.invalidIpAddress(
      `Address ${requested} is reserved by AWS in subnet ${subnet.id} (the first four and the last address of ${subnet.cidrBlock}); choose another address.`,
    );
  }
  const address = formatIpv4(value);
  if (addressTaken(store, subnet.id, address)) throw ec2Errors.ipAddressInUse(address);
  if (offset === subnet.nextAddressOffset) {
    store.subnets.update(subnet.id, (draft) => {
      draft.nextAddressOffset = offset + 1;
    });
  }
  return address;
}

/** The subnet's CIDR as numbers; a stored subnet always has a valid one. */
export function subnetBlock(subnet: SubnetRecord): Ipv4Block {
  const block = parseCidr(subnet.cidrBlock);
  if (!block) throw new Error(`subnet ${subnet.id} has a malformed CIDR ${subnet.cidrBlock}`);
  return block;
}
