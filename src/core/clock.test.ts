import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { SimulatedClock, type Clock } from './clock.js';

/** A real clock the test moves by hand (backwards too, as a wall clock can). */
function manualClock(start = 1_000_000): Clock & { tick(milliseconds: number): void } {
  let now = start;
  return { now: () => now, tick: (milliseconds) => (now += milliseconds) };
}

const START = Date.UTC(2030, 0, 1);

describe('SimulatedClock', () => {
  it('runs `speed` times faster than real time', () => {
    const real = manualClock();
    const clock = new SimulatedClock({ speed: 60, start: START }, real);
    real.tick(1000);
    assert.equal(clock.now(), START + 60_000);
  });

  it('stands still while frozen and resumes at its old speed', () => {
    const real = manualClock();
    const clock = new SimulatedClock({ speed: 10, start: START }, real);
    real.tick(100);
    clock.freeze();
    assert.equal(clock.frozen, true);
    real.tick(5000);
    assert.equal(clock.now(), START + 1000);
    clock.resume();
    assert.equal(clock.speed, 10);
    real.tick(100);
    assert.equal(clock.now(), START + 2000);
  });

  it('advances by exactly the asked amount, frozen or not', () => {
    const real = manualClock();
    const clock = new SimulatedClock({ speed: 1, start: START }, real);
    clock.freeze();
    clock.advance(30_000);
    assert.equal(clock.now(), START + 30_000);
    assert.equal(clock.frozen, true, 'advancing keeps a frozen clock frozen');
  });

  it('never goes backwards: negative, NaN and zero-speed changes are refused', () => {
    const real = manualClock();
    const clock = new SimulatedClock({ speed: 1, start: START }, real);
    real.tick(500);
    const before = clock.now();
    assert.throws(() => clock.advance(-1), /cannot advance the clock by -1 ms/);
    assert.throws(() => clock.advance(Number.NaN), /cannot advance/);
    assert.throws(() => clock.setSpeed(0), /clock speed must be positive, got 0/);
    assert.throws(() => clock.setSpeed(-5), /must be positive/);
    assert.equal(clock.now(), before);
  });

  it('does not follow the wall clock when it steps back', () => {
    const real = manualClock();
    const clock = new SimulatedClock({ speed: 60, start: START }, real);
    real.tick(1000);
    assert.equal(clock.now(), START + 60_000);
    real.tick(-500);
    assert.equal(clock.now(), START + 60_000, 'the wall clock went back; simulated time holds');
    real.tick(1000);
    assert.equal(clock.now(), START + 90_000, 'and moves on once the wall clock passes where it was');
  });

  it('keeps time monotonic across speed changes', () => {
    const real = manualClock();
    const clock = new SimulatedClock({ speed: 100, start: START }, real);
    real.tick(1000);
    const fast = clock.now();
    clock.setSpeed(1);
    assert.equal(clock.now(), fast, 'changing speed does not jump time');
    real.tick(1000);
    assert.equal(clock.now(), fast + 1000);
  });

  it('resumes from a snapshot at the saved simulated time, whatever real time passed since', () => {
    const real = manualClock();
    const clock = new SimulatedClock({ speed: 60, start: START }, real);
    real.tick(1000);
    clock.freeze();
    const saved = clock.snapshot();
    real.tick(3_600_000);
    const resumed = new SimulatedClock({ speed: 60, state: saved }, real);
    assert.equal(resumed.now(), START + 60_000);
    assert.equal(resumed.frozen, true);
    resumed.resume();
    assert.equal(resumed.speed, 60);
  });
});
