/** IPv4 addresses and CIDR blocks as numbers: shared by the gym and the planner, which may not import each other. */
/** An IPv4 CIDR block as numbers. */
export interface Ipv4Block {
  readonly network: number;
  readonly prefix: number;
  /** Number of addresses in the block. */
  readonly size: number;
}

/** Parses dotted-quad IPv4 into an unsigned 32-bit number; undefined when malformed. */
export function parseIpv4(text: string): number | undefined {
  const parts = text.split('.');
  if (parts.length !== 4) return undefined;
  let value = 0;
  for (const part of parts) {
    if (!/^\d{1,3}$/.test(part)) return undefined;
    const octet = Number(part);
    if (octet > 255) return undefined;
    value = value * 256 + octet;
  }
  return value;
}

/** Formats an unsigned 32-bit number as dotted-quad IPv4. */
export function formatIpv4(value: number): string {
  return [value >>> 24, (value >>> 16) & 255, (value >>> 8) & 255, value & 255].join('.');
}

/** Parses `a.b.c.d/n`; undefined when malformed or when host bits are set (AWS rejects those too). */
export function parseCidr(text: string, options: { allowHostBits?: boolean } = {}): Ipv4Block | undefined {
  const match = /^([0-9.]+)\/(\d{1,2})$/.exec(text);
  if (!match) return undefined;
  const address = parseIpv4(match[1]!);
  const prefix = Number(match[2]);
  if (address === undefined || prefix > 32) return undefined;
  const size = 2 ** (32 - prefix);
  const network = address - (address % size);
  if (network !== address && !options.allowHostBits) return undefined;
  return { network, prefix, size };
}

/** True when two blocks share any address. */
export function overlaps(a: Ipv4Block, b: Ipv4Block): boolean {
  return a.network < b.network + b.size && b.network < a.network + a.size;
}

/** True when `inner` lies wholly inside `outer`. */
export function contains(outer: Ipv4Block, inner: Ipv4Block): boolean {
  return inner.network >= outer.network && inner.network + inner.size <= outer.network + outer.size;
}

/** True when the address lies inside the block. */
export function containsAddress(block: Ipv4Block, address: number): boolean {
  return address >= block.network && address < block.network + block.size;
}

/** Formats a block back to `a.b.c.d/n`. */
export function formatCidr(block: Ipv4Block): string {
  return `${formatIpv4(block.network)}/${block.prefix}`;
}
