import { formatCidr, parseCidr } from '../../../../core/ipv4.js';
import { raise, templateErrors } from './template-errors.js';

/**
 * Fn::Cidr: `count` consecutive blocks of `cidrBits` host bits carved from the start of `ipBlock`.
 * IPv4 only: the gym's networks have no IPv6.
 */
export function cidrFunction(ipBlock: unknown, count: unknown, cidrBits: unknown): string[] {
  const block = typeof ipBlock === 'string' ? parseCidr(ipBlock, { allowHostBits: true }) : undefined;
  if (block === undefined) raise(templateErrors.evaluation(`Fn::Cidr: ${JSON.stringify(ipBlock)} is not an IPv4 CIDR block such as 10.0.0.0/16`));
  const blocks = Number(count);
  const bits = Number(cidrBits);
  if (!Number.isInteger(blocks) || blocks < 1 || blocks > 256) raise(templateErrors.evaluation(`Fn::Cidr: count ${String(count)} must be an integer from 1 to 256`));
  const prefix = 32 - bits;
  if (!Number.isInteger(bits) || prefix < block.prefix || prefix > 32) {
    raise(templateErrors.evaluation(`Fn::Cidr: cidrBits ${String(cidrBits)} does not fit in ${formatCidr(block)}: use at most ${32 - block.prefix}`));
  }
  const size = 2 ** bits;
  if (blocks * size > block.size) {
    raise(templateErrors.evaluation(`Fn::Cidr: ${formatCidr(block)} holds only ${block.size / size} blocks of /${prefix}, not ${blocks}`));
  }
  return Array.from({ length: blocks }, (_, index) => formatCidr({ network: block.network + index * size, prefix, size }));
}
