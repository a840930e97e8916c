/** Where time comes from: the real clock, or a simulated one that runs faster, stops and jumps. */
export interface Clock {
  /** Milliseconds since the epoch, in this clock's time. */
  now(): number;
}

/** The wall clock. */
export const systemClock: Clock = { now: () => Date.now() };

/** The persisted settings of a simulated clock. */
export interface SimulatedClockState {
  /** Simulated time at the anchor. */
  anchorSimulated: number;
  /** Real time at the anchor. */
  anchorReal: number;
  /** Simulated milliseconds per real millisecond; 0 when frozen. */
  speed: number;
  /** The speed to resume with after a freeze. */
  resumeSpeed: number;
}

/**
 * A clock that runs `speed` times faster than the real one, can be frozen, and can be advanced.
 * Simulated time never goes backwards, whatever is done to it.
 */
export class SimulatedClock implements Clock {
  private state: SimulatedClockState;
  private latest = Number.NEGATIVE_INFINITY;

  constructor(
    options: { speed: number; start?: number; state?: SimulatedClockState },
    private readonly real: Clock = systemClock,
  ) {
    const realNow = real.now();
    this.state = options.state
      ? { ...options.state, anchorReal: realNow }
      : { anchorSimulated: options.start ?? realNow, anchorReal: realNow, speed: options.speed, resumeSpeed: options.speed };
  }

  now(): number {
    const computed = Math.floor(this.state.anchorSimulated + (this.real.now() - this.state.anchorReal) * this.state.speed);
    // The wall clock can step back (NTP, a VM resumed); simulated time must not follow it.
    if (computed > this.latest) this.latest = computed;
    return this.latest;
  }

  /** Current speed (0 when frozen). */
  get speed(): number {
    return this.state.speed;
  }

  /** True when time stands still until advanced. */
  get frozen(): boolean {
    return this.state.speed === 0;
  }

  /** Stops simulated time. */
  freeze(): void {
    this.reanchor(0);
  }

  /** Resumes simulated time at the speed it had before freezing. */
  resume(): void {
    this.reanchor(this.state.resumeSpeed);
  }

  /** Changes the speed (must be positive); resumes a frozen clock. */
  setSpeed(speed: number): void {
    if (!(speed > 0)) throw new Error(`clock speed must be positive, got ${speed}`);
    this.state.resumeSpeed = speed;
    this.reanchor(speed);
  }

  /** Jumps simulated time forward. */
  advance(milliseconds: number): void {
    if (!(milliseconds >= 0)) throw new Error(`cannot advance the clock by ${milliseconds} ms`);
    this.reanchor(this.state.speed);
    this.state.anchorSimulated += milliseconds;
  }

  /** What to persist to resume this clock later. */
  snapshot(): SimulatedClockState {
    this.reanchor(this.state.speed);
    return { ...this.state };
  }

  private reanchor(speed: number): void {
    const simulated = this.now();
    this.state = { ...this.state, anchorSimulated: simulated, anchorReal: this.real.now(), speed };
  }
}
