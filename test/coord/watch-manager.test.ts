// The watch manager against ZooKeeper's event table (coord-anchor §3.5, §3.12.5): which watches a
// change fires, one-shot removal, one event per (session, path, type) per change, SetWatches.
import { describe, expect, it } from 'vitest';
import { LimitExceededError } from '../../src/common/errors.js';
import { SESSION_WATCHES_MAX } from '../../src/common/limits.js';
import { BadArgumentsError } from '../../src/coord/errors.js';
import { WatchManager, ZnodeTree } from '../../src/coord/tree/index.js';
import type { ChangeEvent, Txn } from '../../src/coord/tree/index.js';

const EMPTY = new Uint8Array(0);
const created = (path: string): ChangeEvent => ({ type: 'NodeCreated', path });
const deleted = (path: string): ChangeEvent => ({ type: 'NodeDeleted', path });
const changed = (path: string): ChangeEvent => ({ type: 'NodeDataChanged', path });

describe('WatchManager.trigger: the event table', () => {
  it('setData(p) fires data and exists watches on p, not child watches of the parent', () => {
    const w = new WatchManager();
    w.add(1, '/p', 'data');
    w.add(2, '/p', 'exists');
    w.add(3, '/', 'child');
    w.add(4, '/p', 'child');
    expect(w.trigger([changed('/p')])).toEqual([
      { sessionId: 1, event: { type: 'NodeDataChanged', path: '/p' } },
      { sessionId: 2, event: { type: 'NodeDataChanged', path: '/p' } },
    ]);
    expect(w.count).toBe(2);
  });

  it('create(p) fires data/exists watches on p and child watches on parent(p)', () => {
    const w = new WatchManager();
    w.add(1, '/a/b', 'exists');
    w.add(2, '/a', 'child');
    w.add(3, '/a/b', 'child');
    expect(w.trigger([created('/a/b')])).toEqual([
      { sessionId: 1, event: { type: 'NodeCreated', path: '/a/b' } },
      { sessionId: 2, event: { type: 'NodeChildrenChanged', path: '/a' } },
    ]);
    expect(w.watchesOf(3)).toEqual({ data: [], exists: [], child: ['/a/b'] });
  });

  it('delete(p) fires data and child watches on p, and child watches on parent(p)', () => {
    const w = new WatchManager();
    w.add(1, '/a/b', 'data');
    w.add(2, '/a/b', 'child');
    w.add(3, '/a', 'child');
    w.add(4, '/a', 'data');
    expect(w.trigger([deleted('/a/b')])).toEqual([
      { sessionId: 1, event: { type: 'NodeDeleted', path: '/a/b' } },
      { sessionId: 2, event: { type: 'NodeDeleted', path: '/a/b' } },
      { sessionId: 3, event: { type: 'NodeChildrenChanged', path: '/a' } },
    ]);
    expect(w.count).toBe(1);
  });

  it('fires child watches on the root for changes of its children', () => {
    const w = new WatchManager();
    w.add(1, '/', 'child');
    expect(w.trigger([created('/x')])).toEqual([
      { sessionId: 1, event: { type: 'NodeChildrenChanged', path: '/' } },
    ]);
  });
});

describe('WatchManager: one-shot and dedupe', () => {
  it('fires a watch once: two setData after one watch give one event', () => {
    const w = new WatchManager();
    w.add(1, '/o', 'data');
    expect(w.trigger([changed('/o'), changed('/o')])).toHaveLength(1);
    expect(w.trigger([changed('/o')])).toEqual([]);
    expect(w.count).toBe(0);
    expect(w.watchesOf(1)).toEqual({ data: [], exists: [], child: [] });
  });

  it('gives one event for a data and an exists watch of one session on one path', () => {
    const w = new WatchManager();
    w.add(1, '/o', 'data');
    w.add(1, '/o', 'exists');
    w.add(1, '/o', 'data');
    expect(w.count).toBe(2);
    expect(w.trigger([changed('/o')])).toEqual([
      { sessionId: 1, event: { type: 'NodeDataChanged', path: '/o' } },
    ]);
    expect(w.count).toBe(0);
  });

  it('gives one NodeDeleted for data and child watches on a deleted node, removing both', () => {
    const w = new WatchManager();
    w.add(1, '/o', 'data');
    w.add(1, '/o', 'child');
    expect(w.trigger([deleted('/o')])).toEqual([
      { sessionId: 1, event: { type: 'NodeDeleted', path: '/o' } },
    ]);
    expect(w.count).toBe(0);
  });

  it('delivers events in the order of the changes', () => {
    const w = new WatchManager();
    w.add(1, '/a', 'exists');
    w.add(2, '/', 'child');
    w.add(2, '/b', 'exists');
    const events = w.trigger([created('/a'), created('/b'), deleted('/a')]);
    expect(events.map((e) => `${e.sessionId} ${e.event.type} ${e.event.path}`)).toEqual([
      '1 NodeCreated /a',
      '2 NodeChildrenChanged /',
      '2 NodeCreated /b',
    ]);
  });

  it('forgets a session, and bounds the watches of one', () => {
    const w = new WatchManager();
    w.add(1, '/a', 'data');
    w.add(1, '/a', 'child');
    w.add(2, '/a', 'data');
    w.removeSession(1);
    expect(w.count).toBe(1);
    expect(w.trigger([deleted('/a')])).toEqual([
      { sessionId: 2, event: { type: 'NodeDeleted', path: '/a' } },
    ]);
    for (let i = 0; i < SESSION_WATCHES_MAX; i++) w.add(3, `/n${i}`, 'exists');
    expect(() => w.add(3, '/one-more', 'exists')).toThrow(LimitExceededError);
    expect(() => w.add(3, '/n0', 'exists')).not.toThrow();
    expect(() => w.add(4, 'relative', 'data')).toThrow(BadArgumentsError);
  });
});

/** A tree driven like a member does: apply, then trigger the changes. */
class Member {
  readonly tree = new ZnodeTree();
  readonly watches = new WatchManager();
  zxid = 0;
  apply(txn: Txn): ReturnType<WatchManager['trigger']> {
    this.zxid++;
    const { changes } = this.tree.apply(txn, { zxid: this.zxid, timeMs: this.zxid });
    return this.watches.trigger(changes);
  }
  create(path: string): ReturnType<WatchManager['trigger']> {
    return this.apply({ kind: 'create', path, data: EMPTY, mode: 0, sessionId: 0 });
  }
}

describe('WatchManager with the tree', () => {
  it('fires NodeCreated for exists on a missing node', () => {
    const m = new Member();
    expect(m.tree.exists('/later')).toBeUndefined();
    m.watches.add(7, '/later', 'exists');
    expect(m.create('/later')).toEqual([
      { sessionId: 7, event: { type: 'NodeCreated', path: '/later' } },
    ]);
  });

  it('leaves to the caller that getData on a missing node sets no watch', () => {
    // ZooKeeper's DataTree.getData throws NoNode before addWatch. The member must not call
    // add(…, 'data') after a NoNode; a data watch it did add would fire NodeCreated here.
    const m = new Member();
    expect(m.tree.getData('/x')).toBeUndefined();
    expect(m.create('/x')).toEqual([]);
  });

  it('fires NodeDeleted on closeSession for watchers of an ephemeral', () => {
    const m = new Member();
    m.apply({ kind: 'createSession', timeoutMs: 2000, password: EMPTY });
    m.apply({ kind: 'create', path: '/e', data: EMPTY, mode: 1, sessionId: 1 });
    m.watches.add(2, '/e', 'exists');
    m.watches.add(2, '/', 'child');
    expect(m.apply({ kind: 'closeSession', sessionId: 1, reason: 'expired' })).toEqual([
      { sessionId: 2, event: { type: 'NodeDeleted', path: '/e' } },
      { sessionId: 2, event: { type: 'NodeChildrenChanged', path: '/' } },
    ]);
  });
});

describe('WatchManager.pendingOnReconnect (SetWatches)', () => {
  it('fires at once what changed after relativeZxid, as DataTree.setWatches', () => {
    const m = new Member();
    m.create('/same'); // zxid 1
    m.create('/data'); // 2
    m.create('/gone'); // 3
    m.create('/kids'); // 4
    const relativeZxid = m.zxid;
    m.apply({ kind: 'setData', path: '/data', data: EMPTY, version: -1, sessionId: 0 });
    m.apply({ kind: 'delete', path: '/gone', version: -1, sessionId: 0 });
    m.create('/kids/k');
    m.create('/new');
    const watches = {
      data: ['/same', '/data', '/gone'],
      exists: ['/new', '/same', '/data', '/never'],
      child: ['/kids', '/same', '/gone'],
    };
    expect(m.watches.pendingOnReconnect(m.tree, relativeZxid, watches)).toEqual([
      { type: 'NodeDataChanged', path: '/data' },
      { type: 'NodeDeleted', path: '/gone' },
      { type: 'NodeCreated', path: '/new' },
      { type: 'NodeChildrenChanged', path: '/kids' },
    ]);
    expect(m.watches.count).toBe(0);
  });

  it('setWatches registers the watches that did not fire', () => {
    const m = new Member();
    m.create('/same');
    const relativeZxid = m.zxid;
    m.create('/new');
    const watches = { data: ['/same'], exists: ['/new', '/never'], child: ['/same'] };
    expect(m.watches.setWatches(5, m.tree, relativeZxid, watches)).toEqual([
      { type: 'NodeCreated', path: '/new' },
    ]);
    expect(m.watches.watchesOf(5)).toEqual({
      data: ['/same'],
      exists: ['/never'],
      child: ['/same'],
    });
    expect(m.create('/never')).toEqual([
      { sessionId: 5, event: { type: 'NodeCreated', path: '/never' } },
    ]);
  });
});
