import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Table, type ChangeSink, type StoredRecord } from './table.js';

interface Server extends StoredRecord {
  state: string;
  groups: string[];
}

/** A sink that remembers first touches, like the World does, so a test can roll back by hand. */
function recordingSink(): ChangeSink & { commit(): void; undo(): void } {
  const touched = new Map<string, { table: Table<StoredRecord>; before: StoredRecord | undefined }>();
  return {
    touched(table, id, before) {
      if (!touched.has(id)) touched.set(id, { table, before });
    },
    commit() {
      touched.clear();
    },
    undo() {
      for (const [id, { table, before }] of touched) table.restore(id, before);
      touched.clear();
    },
  };
}

function servers(sink: ChangeSink): Table<Server> {
  return new Table<Server>('servers', sink)
    .defineIndex('state', (server) => [server.state])
    .defineIndex('group', (server) => server.groups);
}

const ids = (set: ReadonlySet<string>): string[] => [...set].sort();

describe('Table', () => {
  it('keeps every index in step with put, update and delete', () => {
    const table = servers(recordingSink());
    table.put({ id: 'a', state: 'pending', groups: ['web', 'ssh'] });
    table.put({ id: 'b', state: 'pending', groups: ['web'] });
    table.update('a', (draft) => {
      draft.state = 'running';
      draft.groups = ['db'];
    });
    assert.deepEqual(ids(table.lookup('state', 'pending')), ['b']);
    assert.deepEqual(ids(table.lookup('state', 'running')), ['a']);
    assert.deepEqual(ids(table.lookup('group', 'web')), ['b']);
    assert.deepEqual(ids(table.lookup('group', 'ssh')), []);
    assert.deepEqual(ids(table.lookup('group', 'db')), ['a']);
    table.delete('b');
    assert.deepEqual(ids(table.lookup('state', 'pending')), []);
    assert.deepEqual(ids(table.lookup('group', 'web')), []);
    assert.deepEqual(table.find('group', 'db').map((server) => server.id), ['a']);
    assert.equal(table.size, 1);
  });

  it('rolls back put, update and delete to exactly the prior records and index entries', () => {
    const sink = recordingSink();
    const table = servers(sink);
    table.put({ id: 'a', state: 'running', groups: ['web'] });
    table.put({ id: 'b', state: 'stopped', groups: ['web'] });
    const before = table.get('a');
    sink.commit();

    table.update('a', (draft) => {
      draft.state = 'terminated';
    });
    table.delete('b');
    table.put({ id: 'c', state: 'pending', groups: ['web'] });
    sink.undo();

    assert.equal(table.get('a'), before, 'update changed a copy; the original object is back');
    assert.equal(before!.state, 'running');
    assert.deepEqual([...table.values()].map((server) => server.id).sort(), ['a', 'b']);
    assert.deepEqual(ids(table.lookup('state', 'running')), ['a']);
    assert.deepEqual(ids(table.lookup('state', 'terminated')), []);
    assert.deepEqual(ids(table.lookup('state', 'stopped')), ['b']);
    assert.deepEqual(ids(table.lookup('state', 'pending')), []);
    assert.deepEqual(ids(table.lookup('group', 'web')), ['a', 'b']);
  });

  it('never mutates the stored record during update (the prior value is the rollback)', () => {
    const table = servers(recordingSink());
    const original = table.put({ id: 'a', state: 'running', groups: ['web'] });
    table.update('a', (draft) => {
      draft.groups.push('db');
    });
    assert.deepEqual(original.groups, ['web']);
    assert.deepEqual(table.get('a')!.groups, ['web', 'db']);
  });

  it('keeps first-insertion order across updates, and reports a bad index or missing record as a bug', () => {
    const table = servers(recordingSink());
    for (const id of ['z', 'y', 'x']) table.put({ id, state: 'running', groups: [] });
    table.update('z', (draft) => {
      draft.state = 'stopped';
    });
    assert.deepEqual([...table.values()].map((server) => server.id), ['z', 'y', 'x']);
    assert.ok(table.orderOf('z') < table.orderOf('y') && table.orderOf('y') < table.orderOf('x'));
    assert.throws(() => table.lookup('colour', 'red'), /table servers has no index colour/);
    assert.throws(() => table.update('nope', () => {}), /table servers has no record nope/);
    assert.doesNotThrow(() => table.delete('nope'));
  });

  it('moves an updated record only between the index keys that changed, and copies nested values', () => {
    const table = servers(recordingSink());
    table.put({ id: 'a', state: 'running', groups: ['web', 'ssh'] });
    table.put({ id: 'b', state: 'running', groups: ['ssh'] });
    table.update('a', (draft) => {
      draft.groups = ['ssh', 'db'];
    });
    table.update('b', (draft) => {
      draft.state = 'stopped';
    });
    assert.deepEqual(ids(table.lookup('group', 'web')), []);
    assert.deepEqual(ids(table.lookup('group', 'ssh')), ['a', 'b']);
    assert.deepEqual(ids(table.lookup('group', 'db')), ['a']);
    assert.deepEqual(ids(table.lookup('state', 'running')), ['a']);
    assert.deepEqual(ids(table.lookup('state', 'stopped')), ['b']);

    const nested = new Table<StoredRecord & { spec: { ports: number[]; note: string | undefined } }>('nested', recordingSink());
    const original = nested.put({ id: 'n', spec: { ports: [22], note: undefined } });
    const changed = nested.update('n', (draft) => {
      draft.spec.ports.push(80);
    });
    assert.deepEqual(original.spec.ports, [22]);
    assert.deepEqual(changed.spec, { ports: [22, 80], note: undefined });
    assert.ok(Object.hasOwn(changed.spec, 'note'), 'an undefined member survives the copy');
  });

  it('indexes records that were there before the index was defined', () => {
    const table = new Table<Server>('servers', recordingSink());
    table.put({ id: 'a', state: 'running', groups: [] });
    table.defineIndex('state', (server) => [server.state]);
    assert.deepEqual(ids(table.lookup('state', 'running')), ['a']);
  });
});
