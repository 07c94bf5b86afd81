// Unit tests of the coordinator client's pure pieces: the watch registry (ZKWatchManager's
// materialization table, one-shot, dedup), setWatches batching, member order and backoff, paths,
// multi failures and recipe ordering.
import { describe, expect, it } from 'vitest';
import { SeededRng, seedFromEnv } from '../../src/common/rng.js';
import {
  COORD_CLIENT_ROUND_BACKOFF_INITIAL_MS,
  COORD_CLIENT_ROUND_BACKOFF_MAX_MS,
} from '../../src/common/limits.js';
import type { WatchEvent, WatchKind } from '../../src/coord/tree/types.js';
import {
  WatchRegistry,
  registrationKind,
  watchBatches,
  type Watcher,
} from '../../src/coord/client/watch-registry.js';
import {
  MemberOrder,
  ROUND_BACKOFF_JITTER,
  roundBackoffMs,
  shuffled,
} from '../../src/coord/client/member-order.js';
import { checkPath, parentPath, pathPrefixes, toBytes } from '../../src/coord/client/paths.js';
import { multiFailure, multiResultsOf } from '../../src/coord/client/multi.js';
import { bySequence, sequenceOf } from '../../src/coord/client/recipes/support.js';
import {
  BadArgumentsError,
  BadVersionError,
  RuntimeInconsistencyError,
} from '../../src/coord/errors.js';

const seed = seedFromEnv();
console.log(`client-watchers seed ${seed} (COLONNADE_SEED=${seed} replays)`);

/** A registry with one watcher per kind on `path`; returns which kinds an event fires. */
function firedKinds(type: WatchEvent['type']): WatchKind[] {
  const registry = new WatchRegistry();
  const byKind = new Map<Watcher, WatchKind>();
  for (const kind of ['data', 'exists', 'child'] as const) {
    const watcher: Watcher = () => undefined;
    byKind.set(watcher, kind);
    registry.add(kind, '/p', watcher);
  }
  return registry.materialize({ type, path: '/p' }).map((w) => byKind.get(w) as WatchKind);
}

describe('WatchRegistry', () => {
  it('materializes events as ZooKeeper does', () => {
    expect(firedKinds('NodeCreated')).toEqual(['data', 'exists']);
    expect(firedKinds('NodeDataChanged')).toEqual(['data', 'exists']);
    expect(firedKinds('NodeDeleted')).toEqual(['data', 'exists', 'child']);
    expect(firedKinds('NodeChildrenChanged')).toEqual(['child']);
  });

  it('is one-shot and only fires watchers of the event path', () => {
    const registry = new WatchRegistry();
    const fired: string[] = [];
    registry.add('data', '/a', () => fired.push('a'));
    registry.add('data', '/b', () => fired.push('b'));
    for (const w of registry.materialize({ type: 'NodeDataChanged', path: '/a' })) {
      w({ type: 'NodeDataChanged', path: '/a' });
    }
    expect(fired).toEqual(['a']);
    expect(registry.materialize({ type: 'NodeDataChanged', path: '/a' })).toEqual([]);
    expect(registry.size).toBe(1);
  });

  it('delivers one event once to a watcher set by both getData and exists', () => {
    const registry = new WatchRegistry();
    const watcher: Watcher = () => undefined;
    registry.add('data', '/x', watcher);
    registry.add('data', '/x', watcher);
    registry.add('exists', '/x', watcher);
    registry.add('child', '/x', watcher);
    expect(registry.size).toBe(3);
    expect(registry.materialize({ type: 'NodeDeleted', path: '/x' })).toEqual([watcher]);
    expect(registry.size).toBe(0);
  });

  it('leaves child watches alone on a data change and data watches on a child change', () => {
    const registry = new WatchRegistry();
    registry.add('child', '/x', () => undefined);
    registry.add('data', '/x', () => undefined);
    expect(registry.materialize({ type: 'NodeDataChanged', path: '/x' })).toHaveLength(1);
    expect(registry.paths()).toEqual({ data: [], exists: [], child: ['/x'] });
  });

  it('refuses registrations past its capacity', () => {
    const registry = new WatchRegistry(2);
    expect(registry.add('data', '/a', () => undefined)).toBe(true);
    expect(registry.add('data', '/b', () => undefined)).toBe(true);
    expect(registry.add('data', '/c', () => undefined)).toBe(false);
    expect(registry.paths().data).toEqual(['/a', '/b']);
  });

  it('registers per ZooKeeper: getData/getChildren only on existing nodes, exists always', () => {
    expect(registrationKind('getData', true)).toBe('data');
    expect(registrationKind('getData', false)).toBeUndefined();
    expect(registrationKind('exists', true)).toBe('data');
    expect(registrationKind('exists', false)).toBe('exists');
    expect(registrationKind('getChildren', true)).toBe('child');
  });
});

describe('watchBatches', () => {
  it('keeps every path once and each batch within the byte bound', () => {
    const paths = {
      data: ['/aaaa', '/bbbb', '/cccc'],
      exists: ['/dddd'],
      child: ['/eeee', '/ffff'],
    };
    const batches = watchBatches(paths, 10);
    expect(batches).toHaveLength(3);
    for (const batch of batches) {
      const bytes = [...batch.data, ...batch.exists, ...batch.child].join('').length;
      expect(bytes).toBeLessThanOrEqual(10);
    }
    const merged = { data: [] as string[], exists: [] as string[], child: [] as string[] };
    for (const b of batches)
      for (const k of ['data', 'exists', 'child'] as const) merged[k].push(...b[k]);
    expect(merged).toEqual(paths);
    expect(watchBatches({ data: [], exists: [], child: [] }, 10)).toEqual([]);
  });
});

describe('MemberOrder', () => {
  const members = [1, 2, 3, 4].map((i) => ({ host: '127.0.0.1', port: 2180 + i }));

  it('shuffles deterministically for a seed and keeps every member', () => {
    const a = shuffled(members, new SeededRng(seed));
    const b = shuffled(members, new SeededRng(seed));
    expect(a).toEqual(b);
    expect([...a].sort((x, y) => x.port - y.port)).toEqual(members);
  });

  it('cycles through every member per round, pausing only between rounds', () => {
    const order = new MemberOrder(members, new SeededRng(seed));
    const first = [0, 1, 2, 3].map(() => order.next());
    expect(first.map((n) => n.delayMs)).toEqual([0, 0, 0, 0]);
    expect(new Set(first.map((n) => n.member.port)).size).toBe(4);
    const second = [0, 1, 2, 3].map(() => order.next());
    expect(second.map((n) => n.member)).toEqual(first.map((n) => n.member));
    expect(second[0]?.delayMs).toBeGreaterThan(0);
    expect(second.slice(1).map((n) => n.delayMs)).toEqual([0, 0, 0]);
  });

  it('after a success starts after the member that answered, without a pause', () => {
    const order = new MemberOrder(members, new SeededRng(seed));
    for (let i = 0; i < 6; i++) order.next();
    const answered = order.members[1];
    order.connected();
    const next = order.next();
    expect(next.delayMs).toBe(0);
    expect(next.member).toEqual(order.members[2]);
    expect(answered).toBeDefined();
  });

  it('backs off exponentially with bounded jitter, up to the cap', () => {
    const rng = new SeededRng(seed);
    const low = 1 - ROUND_BACKOFF_JITTER;
    const high = 1 + ROUND_BACKOFF_JITTER;
    for (let round = 1; round <= 12; round++) {
      const base = Math.min(
        COORD_CLIENT_ROUND_BACKOFF_MAX_MS,
        COORD_CLIENT_ROUND_BACKOFF_INITIAL_MS * 2 ** (round - 1),
      );
      const wait = roundBackoffMs(round, rng);
      expect(wait).toBeGreaterThanOrEqual(Math.floor(base * low));
      expect(wait).toBeLessThanOrEqual(Math.ceil(base * high));
    }
  });
});

describe('paths', () => {
  it('accepts good paths and refuses bad ones with BadArgumentsError', () => {
    for (const good of ['/', '/a', '/a/b', '/a.b', '/a/..b'])
      expect(() => checkPath(good)).not.toThrow();
    for (const bad of ['', 'a', '/a/', '//a', '/a//b', '/a/./b', '/..', '/a\u0000']) {
      expect(() => checkPath(bad)).toThrow(BadArgumentsError);
    }
    expect(() => checkPath('/q/', true)).not.toThrow();
  });

  it('takes paths apart', () => {
    expect(parentPath('/a/b')).toBe('/a');
    expect(parentPath('/a')).toBe('/');
    expect(pathPrefixes('/a/b/c')).toEqual(['/a', '/a/b', '/a/b/c']);
    expect(Buffer.from(toBytes('é')).toString('hex')).toBe('c3a9');
  });
});

describe('multi failures', () => {
  it('throws the failing op’s class with every result attached', () => {
    const results = [
      { kind: 'create' as const, path: '/a', stat: undefined as never },
      { kind: 'error' as const, error: { code: 'BadVersion', message: 'stale', retriable: false } },
      {
        kind: 'error' as const,
        error: { code: RuntimeInconsistencyError.code, message: 'not applied', retriable: false },
      },
    ];
    const error = multiFailure(results);
    expect(error).toBeInstanceOf(BadVersionError);
    expect(error.failedOpIndex).toBe(1);
    expect(multiResultsOf(error)).toBe(results);
    expect(multiResultsOf(new Error('x'))).toBeUndefined();
  });
});

describe('recipe ordering', () => {
  it('sorts by sequence suffix and keeps only the recipe’s nodes', () => {
    const names = [
      '_c_1-2-n_0000000010',
      'n_0000000002',
      'other',
      '_c_9-1-n_0000000007',
      'x_0000000001',
    ];
    expect(sequenceOf('n_0000000002')).toBe(2);
    expect(sequenceOf('other')).toBe(-1);
    expect(bySequence(names, 'n_')).toEqual([
      'n_0000000002',
      '_c_9-1-n_0000000007',
      '_c_1-2-n_0000000010',
    ]);
  });
});
