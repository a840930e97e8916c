import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { appendFileSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CirroError } from '../../core/cirro-error.js';
import { SimulatedClock } from '../../core/clock.js';
import type { GymService } from '../service.js';
import { Journal } from './journal.js';
import type { StoredRecord, Table } from './table.js';
import { World } from './world.js';

interface NoteRecord extends StoredRecord {
  readonly text: string;
}

const notes: GymService<{ notes: Table<NoteRecord> }> = {
  name: 'notes',
  signingNames: [],
  modelStem: 'none',
  createStore: (tables) => ({ notes: tables.table<NoteRecord>('notes') }),
  operations: {},
};

const directories: string[] = [];
function stateDirectory(): string {
  const directory = mkdtempSync(join(tmpdir(), 'cirro-journal-'));
  directories.push(directory);
  return directory;
}
after(() => {
  for (const directory of directories) rmSync(directory, { recursive: true, force: true });
});

/** A world journaling into `directory`, with a helper that adds a note in one transaction. */
function journaledWorld(directory: string) {
  const journal = new Journal(directory);
  const clock = new SimulatedClock({ speed: 1, start: Date.UTC(2030, 0, 1) });
  const world = new World({ services: [notes], clock, accountId: '123456789012', seed: 3 });
  journal.checkpoint(world.serialize(), clock.snapshot());
  world.onCommit((commit) => journal.append(commit));
  const store = () => world.context('us-east-1', clock.now(), 'test').store<{ notes: Table<NoteRecord> }>('notes');
  world.ensureRegion('us-east-1', 'setup');
  const add = (text: string): string =>
    world.transaction(() => store().notes.put({ id: world.ids.resource('note'), text }).id);
  const remove = (id: string): void => world.transaction(() => store().notes.delete(id));
  return { journal, world, add, remove };
}

const NOTES = 'us-east-1/notes/notes';

describe('Journal', () => {
  it('replays the journal on top of the checkpoint: adds, deletes and the random state', () => {
    const directory = stateDirectory();
    const { journal, world, add, remove } = journaledWorld(directory);
    const first = add('first');
    add('second');
    journal.checkpoint(world.serialize(), world.clock.snapshot());
    const third = add('third');
    remove(first);
    journal.close();

    const loaded = new Journal(directory);
    const state = loaded.load()!;
    loaded.close();
    assert.deepEqual(state.data.tables[NOTES]!.map((note) => (note as NoteRecord).text), ['second', 'third']);
    assert.ok(state.data.tables[NOTES]!.some((note) => note.id === third));
    assert.equal(state.data.randomState, world.serialize().randomState);
    assert.equal(state.data.seed, 3);
  });

  it('ignores a torn last line (a write cut short, never acknowledged)', () => {
    const directory = stateDirectory();
    const { journal, add } = journaledWorld(directory);
    add('kept');
    journal.close();
    appendFileSync(join(directory, 'journal.jsonl'), '{"changes":[["us-east-1/notes/notes","note-1",{"id":"no');

    const loaded = new Journal(directory);
    const state = loaded.load()!;
    loaded.close();
    assert.deepEqual(state.data.tables[NOTES]!.map((note) => (note as NoteRecord).text), ['kept']);
  });

  it('refuses a corrupt line in the middle, naming the file and the line', () => {
    const directory = stateDirectory();
    const { journal, add } = journaledWorld(directory);
    add('one');
    add('two');
    journal.close();
    const path = join(directory, 'journal.jsonl');
    const lines = readFileSync(path, 'utf8').split('\n');
    lines[1] = lines[1]!.slice(0, 20);
    writeFileSync(path, lines.join('\n'));

    const loaded = new Journal(directory);
    assert.throws(
      () => loaded.load(),
      (error: unknown) =>
        CirroError.is(error) && error.code === 'CorruptState' && error.message.includes(`${path}:2`) && /line 2 is corrupt/.test(error.message),
    );
    loaded.close();
  });

  it('refuses a checkpoint that is not JSON, naming the file', () => {
    const directory = stateDirectory();
    const { journal } = journaledWorld(directory);
    journal.close();
    writeFileSync(join(directory, 'world.json'), '{"format":');
    const loaded = new Journal(directory);
    assert.throws(() => loaded.load(), (error: unknown) => CirroError.is(error) && error.message.startsWith(`${join(directory, 'world.json')}: not valid JSON`));
    loaded.close();
  });

  it('refuses a state directory that is a file, saying so', () => {
    const file = join(stateDirectory(), 'not-a-directory');
    writeFileSync(file, '');
    assert.throws(() => new Journal(file), {
      code: 'StateDirectoryUnusable',
      message: `cannot keep the gym's state in ${file}: it is a file, not a directory; choose another state directory`,
    });
  });

  it('empties the journal at a checkpoint', () => {
    const directory = stateDirectory();
    const { journal, world, add } = journaledWorld(directory);
    add('note');
    assert.ok(journal.journalBytes() > 0);
    journal.checkpoint(world.serialize(), world.clock.snapshot());
    assert.equal(journal.journalBytes(), 0);
    journal.close();
  });
});

describe('the state directory lock', () => {
  it('refuses a second journal on a directory in use, and frees the directory on close', () => {
    const directory = stateDirectory();
    const first = new Journal(directory);
    assert.throws(
      () => new Journal(directory),
      (error: unknown) =>
        CirroError.is(error) && error.code === 'StateDirectoryInUse' &&
        error.message.includes(`the state directory ${directory} is in use by another gym (pid ${process.pid}`),
    );
    first.close();
    assert.equal(existsSync(join(directory, 'gym.lock')), false);
    const second = new Journal(directory);
    second.close();
  });

  it('refuses a directory locked by another live process', () => {
    const directory = stateDirectory();
    // The test runner that started this test is alive and is not this process.
    writeFileSync(join(directory, 'gym.lock'), JSON.stringify({ pid: process.ppid, acquiredAt: '2030-01-01T00:00:00.000Z' }));
    assert.throws(() => new Journal(directory), new RegExp(`in use by another gym \\(pid ${process.ppid}, since 2030-01-01`));
  });

  it('takes over a lock left by a process that died', () => {
    const directory = stateDirectory();
    const dead = spawnSync(process.execPath, ['-e', '']).pid;
    writeFileSync(join(directory, 'gym.lock'), JSON.stringify({ pid: dead, acquiredAt: '2030-01-01T00:00:00.000Z' }));
    const journal = new Journal(directory);
    assert.equal(JSON.parse(readFileSync(join(directory, 'gym.lock'), 'utf8')).pid, process.pid);
    journal.close();
  });
});
