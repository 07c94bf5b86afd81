// One member's standard (one-shot) watches, and the events the tree's changes fire, after
// ZooKeeper's WatchManager and DataTree. Invariant: a watch is in both indexes or in neither, and
// it is removed when it fires.
import { LimitExceededError } from '../../common/errors.js';
import { SESSION_WATCHES_MAX } from '../../common/limits.js';
import { assertNever } from '../../common/assert.js';
import { BadArgumentsError } from '../errors.js';
import type { ChangeEvent, ChangeType, Stat, WatchEvent, WatchKind } from './types.js';
import { ROOT_PATH, parentOf, validatePath } from './path.js';

export const WATCH_KINDS: readonly WatchKind[] = ['data', 'exists', 'child'];

/** What `pendingOnReconnect` needs of the tree (ZnodeTree has it). */
export interface StatReader {
  exists(path: string): Stat | undefined;
}

export interface SessionEvent {
  readonly sessionId: number;
  readonly event: WatchEvent;
}

type WatchLists = Readonly<Record<WatchKind, readonly string[]>>;

export class WatchManager {
  /** kind → path → sessions, each in the order the watches were set. */
  readonly #byPath: Record<WatchKind, Map<string, Set<number>>> = {
    data: new Map(),
    exists: new Map(),
    child: new Map(),
  };
  readonly #bySession = new Map<number, Record<WatchKind, Set<string>>>();
  #count = 0;

  /** Watches held, over all sessions. */
  get count(): number {
    return this.#count;
  }

  /**
   * Sets a watch; setting it again is a no-op. The caller decides whether a read sets one: as in
   * ZooKeeper, `exists` on a missing node does, `getData`/`getChildren` on a missing node do not.
   */
  add(sessionId: number, path: string, kind: WatchKind): void {
    validatePath(path);
    if (!WATCH_KINDS.includes(kind)) throw new BadArgumentsError(`watch kind ${kind} is not known`);
    const own = this.#sessionWatches(sessionId);
    if (own[kind].has(path)) return;
    const held = own.data.size + own.exists.size + own.child.size;
    if (held >= SESSION_WATCHES_MAX) {
      throw new LimitExceededError(
        `session ${sessionId} holds ${held} watches; the limit is ${SESSION_WATCHES_MAX}`,
      );
    }
    own[kind].add(path);
    const byPath = this.#byPath[kind];
    const sessions = byPath.get(path) ?? new Set<number>();
    byPath.set(path, sessions.add(sessionId));
    this.#count++;
  }

  /**
   * The events `changes` fire, in the order of the changes (ZooKeeper's DataTree):
   * - NodeDataChanged(p): data and exists watches on p;
   * - NodeCreated(p): data and exists watches on p; child watches on parent(p) get
   *   NodeChildrenChanged;
   * - NodeDeleted(p): data, exists and child watches on p; child watches on parent(p) get
   *   NodeChildrenChanged.
   * Each fired watch is removed; a session gets one event per (path, type) per change.
   */
  trigger(changes: readonly ChangeEvent[]): SessionEvent[] {
    const out: SessionEvent[] = [];
    for (const change of changes) {
      const seen = new Set<string>();
      const fire = (kind: WatchKind, path: string, type: ChangeType): void => {
        for (const sessionId of this.#take(kind, path)) {
          const key = `${sessionId} ${type} ${path}`;
          if (seen.has(key)) continue;
          seen.add(key);
          out.push({ sessionId, event: { type, path } });
        }
      };
      const { path, type } = change;
      fire('data', path, type);
      fire('exists', path, type);
      switch (type) {
        case 'NodeDataChanged':
          break;
        case 'NodeCreated':
          if (path !== ROOT_PATH) fire('child', parentOf(path), 'NodeChildrenChanged');
          break;
        case 'NodeDeleted':
          fire('child', path, 'NodeDeleted');
          if (path !== ROOT_PATH) fire('child', parentOf(path), 'NodeChildrenChanged');
          break;
        default:
          assertNever(type, 'change type');
      }
    }
    return out;
  }

  /** Forgets every watch of the session (it closed, expired or moved to another member). */
  removeSession(sessionId: number): void {
    const own = this.#bySession.get(sessionId);
    if (own === undefined) return;
    for (const kind of WATCH_KINDS) {
      for (const path of own[kind]) this.#unlink(kind, path, sessionId);
    }
    this.#count -= own.data.size + own.exists.size + own.child.size;
    this.#bySession.delete(sessionId);
  }

  /** The session's watches by kind, paths sorted. */
  watchesOf(sessionId: number): Record<WatchKind, string[]> {
    const own = this.#bySession.get(sessionId);
    const list = (kind: WatchKind): string[] => [...(own?.[kind] ?? [])].sort();
    return { data: list('data'), exists: list('exists'), child: list('child') };
  }

  /**
   * SetWatches after a reconnect (ZooKeeper's DataTree.setWatches): the events due at once for
   * watches whose node changed after `relativeZxid`, the client's last seen zxid. See `reconnect`.
   */
  pendingOnReconnect(tree: StatReader, relativeZxid: number, watches: WatchLists): WatchEvent[] {
    return reconnectPlan(tree, relativeZxid, watches).events;
  }

  /** SetWatches in full: returns the events due at once and registers every other watch. */
  setWatches(
    sessionId: number,
    tree: StatReader,
    relativeZxid: number,
    watches: WatchLists,
  ): WatchEvent[] {
    const plan = reconnectPlan(tree, relativeZxid, watches);
    const own = this.#bySession.get(sessionId);
    const added = plan.register.filter(([kind, path]) => own?.[kind].has(path) !== true);
    const held = own === undefined ? 0 : own.data.size + own.exists.size + own.child.size;
    if (held + new Set(added.map(([k, p]) => `${k} ${p}`)).size > SESSION_WATCHES_MAX) {
      throw new LimitExceededError(
        `session ${sessionId} would hold more than ${SESSION_WATCHES_MAX} watches`,
      );
    }
    for (const [kind, path] of plan.register) this.add(sessionId, path, kind);
    return plan.events;
  }

  #sessionWatches(sessionId: number): Record<WatchKind, Set<string>> {
    let own = this.#bySession.get(sessionId);
    if (own === undefined) {
      own = { data: new Set(), exists: new Set(), child: new Set() };
      this.#bySession.set(sessionId, own);
    }
    return own;
  }

  /** Removes and returns the sessions watching (kind, path). */
  #take(kind: WatchKind, path: string): number[] {
    const sessions = this.#byPath[kind].get(path);
    if (sessions === undefined) return [];
    this.#byPath[kind].delete(path);
    for (const sessionId of sessions) {
      const own = this.#bySession.get(sessionId);
      own?.[kind].delete(path);
      if (own !== undefined && own.data.size + own.exists.size + own.child.size === 0) {
        this.#bySession.delete(sessionId);
      }
    }
    this.#count -= sessions.size;
    return [...sessions];
  }

  #unlink(kind: WatchKind, path: string, sessionId: number): void {
    const sessions = this.#byPath[kind].get(path);
    sessions?.delete(sessionId);
    if (sessions?.size === 0) this.#byPath[kind].delete(path);
  }
}

interface ReconnectPlan {
  readonly events: WatchEvent[];
  readonly register: Array<[WatchKind, string]>;
}

/**
 * Per watch: data → NodeDeleted if the node is gone, NodeDataChanged if mzxid > relativeZxid;
 * exists → NodeCreated if the node is there with czxid > relativeZxid, NodeDataChanged if
 * mzxid > relativeZxid, else it waits (a missing node may be created later); child →
 * NodeDeleted if gone, NodeChildrenChanged if pzxid > relativeZxid. Anything else is registered.
 * A client should send an exists watch set on a present node as a data watch, as ZooKeeper's
 * client does, so that a delete it missed fires. Duplicate (type, path) events are sent once.
 */
function reconnectPlan(tree: StatReader, relativeZxid: number, watches: WatchLists): ReconnectPlan {
  const events: WatchEvent[] = [];
  const register: Array<[WatchKind, string]> = [];
  const seen = new Set<string>();
  for (const kind of WATCH_KINDS) {
    for (const path of watches[kind]) {
      const type = reconnectEvent(kind, tree.exists(path), relativeZxid);
      if (type === undefined) {
        register.push([kind, path]);
      } else if (!seen.has(`${type} ${path}`)) {
        seen.add(`${type} ${path}`);
        events.push({ type, path });
      }
    }
  }
  return { events, register };
}

function reconnectEvent(
  kind: WatchKind,
  stat: Stat | undefined,
  relativeZxid: number,
): ChangeType | undefined {
  switch (kind) {
    case 'data':
      if (stat === undefined) return 'NodeDeleted';
      return stat.mzxid > relativeZxid ? 'NodeDataChanged' : undefined;
    case 'exists':
      if (stat === undefined) return undefined;
      if (stat.czxid > relativeZxid) return 'NodeCreated';
      return stat.mzxid > relativeZxid ? 'NodeDataChanged' : undefined;
    case 'child':
      if (stat === undefined) return 'NodeDeleted';
      return stat.pzxid > relativeZxid ? 'NodeChildrenChanged' : undefined;
    default:
      return assertNever(kind, 'watch kind');
  }
}
