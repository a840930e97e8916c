import type { Random } from './random.js';

/** Makes resource ids in AWS's formats from a seeded source, so a world replays identically. */
export interface Ids {
  /** `prefix-` followed by 17 lowercase hex digits, as EC2 makes them (`i-0a1b…`). */
  resource(prefix: string): string;
  /** Lowercase hex of the given length. */
  hex(length: number): string;
  /** A random UUID (v4 layout), as AWS uses for request ids. */
  uuid(): string;
}

const HEX = '0123456789abcdef';

/** Ids drawn from the given random source. */
export function createIds(random: Random): Ids {
  const hex = (length: number): string => {
    let out = '';
    for (let index = 0; index < length; index++) out += HEX[random.integer(16)];
    return out;
  };
  return {
    hex,
    resource: (prefix) => `${prefix}-0${hex(16)}`,
    uuid: () => `${hex(8)}-${hex(4)}-4${hex(3)}-${HEX[8 + random.integer(4)]}${hex(3)}-${hex(12)}`,
  };
}
