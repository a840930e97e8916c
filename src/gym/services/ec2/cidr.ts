// Generic IPv4 math lives in core, shared with the planner; what is AWS's own stays here.
export { contains, containsAddress, formatCidr, formatIpv4, overlaps, parseCidr, parseIpv4, type Ipv4Block } from '../../../core/ipv4.js';

/** AWS reserves the first four addresses and the last one of every subnet. */
export const RESERVED_LOW = 4;
/** The broadcast address, which AWS reserves. */
export const RESERVED_HIGH = 1;
