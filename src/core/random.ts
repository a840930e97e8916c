/** A source of randomness; seeded so a world or a benchmark run can be replayed. */
export interface Random {
  /** A float in [0, 1). */
  next(): number;
  /** An integer in [0, bound). */
  integer(bound: number): number;
  /** The generator's position, to persist and resume from. */
  state(): number;
}

/** mulberry32: small, fast and good enough for ids and simulated jitter (not for secrets). */
export function seededRandom(seed: number): Random {
  let current = seed >>> 0;
  const next = (): number => {
    current = (current + 0x6d2b79f5) >>> 0;
    let value = current;
    value = Math.imul(value ^ (value >>> 15), value | 1);
    value ^= value + Math.imul(value ^ (value >>> 7), value | 61);
    return ((value ^ (value >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    integer: (bound) => Math.floor(next() * bound),
    state: () => current,
  };
}
