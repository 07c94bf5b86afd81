// One suite that every RaftStorage must pass: what a save wrote is what a load after a restart
// reads; entries overwrite from their index on; a snapshot that does not continue the stored log
// restarts it; compaction drops entries the snapshot covers.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  LevelStorage,
  MemoryStorage,
  type Entry,
  type RaftStorage,
  type Snapshot,
} from '../../src/coord/raft/index.js';

interface Implementation {
  readonly name: string;
  open(): Promise<RaftStorage>;
  /** Closes `storage` and opens what it stored again, as after a restart. */
  reopen(storage: RaftStorage): Promise<RaftStorage>;
}

const dirs: string[] = [];
afterEach(async () => {
  await Promise.all(dirs.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
});

const implementations: Implementation[] = [
  {
    name: 'MemoryStorage',
    open: () => Promise.resolve(new MemoryStorage()),
    reopen: async (storage) => {
      await storage.close();
      (storage as MemoryStorage).reopen();
      return storage;
    },
  },
  {
    name: 'LevelStorage',
    open: async () => {
      const dir = await mkdtemp(join(tmpdir(), 'colonnade-raft-storage-'));
      dirs.push(dir);
      return new LevelStorage(join(dir, 'raft'));
    },
    reopen: async (storage) => {
      await storage.close();
      return new LevelStorage((storage as LevelStorage).location);
    },
  },
];

function log(from: number, terms: number[]): Entry[] {
  return terms.map((term, i) => ({
    term,
    index: from + i,
    data: new Uint8Array([from + i, term]),
  }));
}

function snapshot(index: number, term: number): Snapshot {
  return { index, term, members: [1, 2, 3], data: new Uint8Array([9, index]) };
}

describe.each(implementations)('$name', (impl) => {
  it('starts empty', async () => {
    const storage = await impl.open();
    const loaded = await storage.load();
    expect(loaded).toEqual({ hardState: { term: 0, vote: 0, commit: 0 }, entries: [] });
    await storage.close();
  });

  it('keeps the hard state and entries across a restart', async () => {
    let storage = await impl.open();
    await storage.load();
    await storage.save({ term: 2, vote: 1, commit: 2 }, log(1, [1, 1, 2]));
    storage = await impl.reopen(storage);
    const loaded = await storage.load();
    expect(loaded.hardState).toEqual({ term: 2, vote: 1, commit: 2 });
    expect(loaded.entries).toEqual(log(1, [1, 1, 2]));
    await storage.close();
  });

  it('overwrites entries from the first one saved on', async () => {
    let storage = await impl.open();
    await storage.load();
    await storage.save(undefined, log(1, [1, 1, 1, 1, 1]));
    await storage.save(undefined, log(3, [2]));
    storage = await impl.reopen(storage);
    expect((await storage.load()).entries).toEqual([...log(1, [1, 1]), ...log(3, [2])]);
    await storage.close();
  });

  it('restarts the log at a snapshot that does not continue it', async () => {
    let storage = await impl.open();
    await storage.load();
    await storage.save(undefined, log(1, [1, 1, 1, 1]));
    await storage.save({ term: 3, vote: 0, commit: 10 }, log(11, [3]), snapshot(10, 3));
    storage = await impl.reopen(storage);
    const loaded = await storage.load();
    expect(loaded.snapshot).toEqual(snapshot(10, 3));
    expect(loaded.entries).toEqual(log(11, [3]));
    await storage.save(undefined, log(12, [3]));
    await storage.close();
  });

  it('keeps the entries after a snapshot of its own log, and compacts those before', async () => {
    let storage = await impl.open();
    await storage.load();
    await storage.save({ term: 1, vote: 1, commit: 5 }, log(1, [1, 1, 1, 1, 1, 1]));
    await storage.save(undefined, [], snapshot(4, 1));
    await storage.compact(4);
    storage = await impl.reopen(storage);
    const loaded = await storage.load();
    expect(loaded.snapshot).toEqual(snapshot(4, 1));
    expect(loaded.entries).toEqual(log(5, [1, 1]));
    await storage.save(undefined, log(7, [1]));
    storage = await impl.reopen(storage);
    expect((await storage.load()).entries).toEqual(log(5, [1, 1, 1]));
    await storage.close();
  });

  it('refuses entries that leave a gap', async () => {
    const storage = await impl.open();
    await storage.load();
    await storage.save(undefined, log(1, [1]));
    await expect(storage.save(undefined, log(3, [1]))).rejects.toThrow(/do not continue/);
    await storage.close();
  });
});
