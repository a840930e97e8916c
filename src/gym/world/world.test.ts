import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { AwsError } from '../../aws/aws-error.js';
import { SimulatedClock } from '../../core/clock.js';
import type { GymService, ServiceContext } from '../service.js';
import type { TimerRecord } from './scheduler.js';
import type { Table } from './table.js';
import { World, type Commit, type WorldData } from './world.js';

interface PlantRecord {
  readonly id: string;
  readonly color: string;
  readonly stage: string;
}

interface GardenStore {
  readonly plants: Table<PlantRecord>;
}

const START = Date.UTC(2030, 0, 1);

/** A small service: plants with a color index, and a timer that makes them bloom. */
const garden: GymService<GardenStore> = {
  name: 'garden',
  signingNames: [],
  modelStem: 'none',
  createStore: (tables) => ({ plants: tables.table<PlantRecord>('plants').defineIndex('color', (plant) => [plant.color]) }),
  initializeRegion: (context, store) => {
    store.plants.put({ id: context.ids.resource('plant'), color: 'green', stage: 'seed' });
  },
  operations: {},
  timers: {
    'garden.wilt': (context, timer) => {
      context.store<GardenStore>('garden').plants.update(timer.target, (draft) => {
        (draft as { stage: string }).stage = 'half-wilted';
      });
      throw new Error('wilting is not implemented');
    },
    'garden.bloom': (context, timer) => {
      const store = context.store<GardenStore>('garden');
      store.plants.update(timer.target, (draft) => {
        (draft as { stage: string }).stage = `bloomed at ${context.now - START}`;
      });
    },
  },
};

function frozenWorld(data?: WorldData, onTimerError?: (timer: TimerRecord, error: unknown) => void): World {
  // A real clock that never moves: simulated time changes only when a test advances it.
  const clock = new SimulatedClock({ speed: 1, start: START }, { now: () => 0 });
  return new World({ services: [garden], clock, accountId: '123456789012', seed: 7, data, onTimerError });
}

function plantsOf(world: World): GardenStore {
  world.ensureRegion('us-east-1', 'setup');
  return world.context('us-east-1', world.clock.now(), 'test').store<GardenStore>('garden');
}

function colors(store: GardenStore, color: string): string[] {
  return [...store.plants.lookup('color', color)].sort();
}

describe('World transactions', () => {
  it('commits a change and reports it to listeners', () => {
    const world = frozenWorld();
    const store = plantsOf(world);
    const commits: Commit[] = [];
    world.onCommit((commit) => commits.push(commit));
    world.transaction(() => store.plants.put({ id: 'plant-a', color: 'red', stage: 'seed' }));
    assert.equal(commits.length, 1);
    assert.deepEqual(commits[0]!.changes, [['us-east-1/garden/plants', 'plant-a', { id: 'plant-a', color: 'red', stage: 'seed' }]]);
  });

  it('leaves no trace of a failing handler: records, indexes, ids and timers are as before', () => {
    const world = frozenWorld();
    const store = plantsOf(world);
    const [seedling] = store.plants.values();
    world.transaction(() => store.plants.put({ id: 'plant-red', color: 'red', stage: 'seed' }));
    const commits: Commit[] = [];
    world.onCommit((commit) => commits.push(commit));
    // Everything but the timer sequence, which only moves forward so a timer id is never reused.
    const snapshot = () => JSON.stringify({ ...world.serialize(), sequence: undefined });
    const before = snapshot();
    const context = world.context('us-east-1', world.clock.now(), 'failing');

    assert.throws(
      () =>
        world.transaction(() => {
          store.plants.put({ id: context.ids.resource('plant'), color: 'blue', stage: 'seed' });
          store.plants.update(seedling!.id, (draft) => {
            (draft as { color: string }).color = 'yellow';
          });
          store.plants.delete('plant-red');
          context.schedule(1000, 'garden.bloom', seedling!.id);
          throw new AwsError('InvalidParameterValue', 'no');
        }),
      (error: unknown) => AwsError.isAws(error) && error.code === 'InvalidParameterValue',
    );

    assert.equal(snapshot(), before);
    assert.equal(commits.length, 0, 'a rolled-back transaction is not journaled');
    assert.deepEqual(colors(store, 'blue'), []);
    assert.deepEqual(colors(store, 'yellow'), []);
    assert.deepEqual(colors(store, 'green'), [seedling!.id]);
    assert.deepEqual(colors(store, 'red'), ['plant-red']);
    assert.equal(world.pendingTimers, 0);
    world.clock.advance(5000);
    assert.equal(world.runDueTimers(world.clock.now()), 0, 'a timer set by a failed transaction never fires');
    assert.equal(store.plants.get(seedling!.id)!.stage, 'seed');
  });

  it('gives the next call the same ids as if the failed call had never happened', () => {
    const untouched = frozenWorld();
    const tried = frozenWorld();
    for (const world of [untouched, tried]) plantsOf(world);
    const failing = tried.context('us-east-1', tried.clock.now(), 'failing');
    assert.throws(() =>
      tried.transaction(() => {
        failing.ids.resource('plant');
        failing.random.next();
        throw new AwsError('DryRunOperation', 'Request would have succeeded, but DryRun flag is set.', { status: 412 });
      }),
    );
    const next = (world: World) => world.transaction(() => world.context('us-east-1', world.clock.now(), 'next').ids.resource('plant'));
    assert.equal(next(tried), next(untouched));
  });

  it('refuses a change outside a transaction', () => {
    const world = frozenWorld();
    const store = plantsOf(world);
    assert.throws(() => store.plants.put({ id: 'plant-x', color: 'red', stage: 'seed' }), /outside a transaction/);
  });
});

describe('World timers', () => {
  it('fires due timers in time order, at their own simulated time, and skips cancelled ones', () => {
    const world = frozenWorld();
    const store = plantsOf(world);
    world.transaction(() => {
      for (const id of ['plant-1', 'plant-2', 'plant-3']) store.plants.put({ id, color: 'green', stage: 'seed' });
    });
    const context: ServiceContext = world.context('us-east-1', world.clock.now(), 'schedule');
    world.transaction(() => {
      context.schedule(3000, 'garden.bloom', 'plant-3');
      context.schedule(1000, 'garden.bloom', 'plant-1');
      context.schedule(2000, 'garden.bloom', 'plant-2');
    });
    world.transaction(() => context.cancel('garden.bloom', 'plant-2'));
    assert.equal(world.pendingTimers, 2);
    world.transaction(() => context.cancel('garden.wilt', 'plant-3'));
    world.transaction(() => world.context('eu-west-1', world.clock.now(), 'elsewhere').cancel('garden.bloom', 'plant-3'));
    assert.equal(world.pendingTimers, 2, 'cancel matches kind, target and region');

    world.clock.advance(1500);
    assert.equal(world.runDueTimers(world.clock.now()), 1);
    world.clock.advance(10_000);
    assert.equal(world.runDueTimers(world.clock.now()), 1);
    assert.equal(store.plants.get('plant-1')!.stage, 'bloomed at 1000');
    assert.equal(store.plants.get('plant-2')!.stage, 'seed');
    assert.equal(store.plants.get('plant-3')!.stage, 'bloomed at 3000');
    assert.equal(world.pendingTimers, 0);
  });

  it('carries pending timers and records through serialize and reload', () => {
    const world = frozenWorld();
    const store = plantsOf(world);
    world.transaction(() => store.plants.put({ id: 'plant-9', color: 'purple', stage: 'seed' }));
    world.transaction(() => world.context('us-east-1', world.clock.now(), 'schedule').schedule(60_000, 'garden.bloom', 'plant-9'));
    const reloaded = frozenWorld(world.serialize());
    const reloadedStore = plantsOf(reloaded);
    assert.deepEqual(colors(reloadedStore, 'purple'), ['plant-9'], 'indexes are rebuilt on load');
    assert.equal(reloaded.pendingTimers, 1);
    reloaded.clock.advance(60_000);
    reloaded.runDueTimers(reloaded.clock.now());
    assert.equal(reloadedStore.plants.get('plant-9')!.stage, 'bloomed at 60000');
  });

  it('drops a timer whose handler throws, undoing its changes, and goes on with the others', () => {
    const failures: string[] = [];
    const world = frozenWorld(undefined, (timer, error) => failures.push(`${timer.kind} ${timer.target}: ${(error as Error).message}`));
    const store = plantsOf(world);
    world.transaction(() => {
      store.plants.put({ id: 'plant-w', color: 'green', stage: 'seed' });
      store.plants.put({ id: 'plant-b', color: 'green', stage: 'seed' });
    });
    const context = world.context('us-east-1', world.clock.now(), 'schedule');
    world.transaction(() => {
      context.schedule(1000, 'garden.wilt', 'plant-w');
      context.schedule(2000, 'garden.bloom', 'plant-b');
      context.schedule(3000, 'garden.unknown', 'plant-b');
    });
    world.clock.advance(5000);
    assert.equal(world.runDueTimers(world.clock.now()), 1);
    assert.deepEqual(failures, ['garden.wilt plant-w: wilting is not implemented', 'garden.unknown plant-b: no handler for timer garden.unknown']);
    assert.equal(store.plants.get('plant-w')!.stage, 'seed', 'the failed transition left no trace');
    assert.equal(store.plants.get('plant-b')!.stage, 'bloomed at 2000');
    assert.equal(world.pendingTimers, 0, 'failed timers are not left due forever');
  });
});
