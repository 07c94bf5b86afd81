// The client's one-shot watches by kind and path, materialized as ZooKeeper's ZKWatchManager does:
// an event takes (removes) every watcher it triggers, each watcher at most once per event.
// Invariant: at most `capacity` (path, kind, watcher) registrations are held.
import { SESSION_WATCHES_MAX } from '../../common/limits.js';
import type { WatchEvent, WatchKind } from '../tree/types.js';

export type Watcher = (event: WatchEvent) => void;

export const WATCH_KINDS: readonly WatchKind[] = ['data', 'exists', 'child'];

/** Which watch lists an event type takes its watchers from (ZKWatchManager.materialize). */
export const TRIGGERED_KINDS: Readonly<Record<WatchEvent['type'], readonly WatchKind[]>> = {
  NodeCreated: ['data', 'exists'],
  NodeDataChanged: ['data', 'exists'],
  NodeDeleted: ['data', 'exists', 'child'],
  NodeChildrenChanged: ['child'],
};

/** What a read's answer registers: ZooKeeper's WatchRegistration rules. */
export function registrationKind(
  read: 'getData' | 'exists' | 'getChildren',
  nodeExists: boolean,
): WatchKind | undefined {
  switch (read) {
    case 'getData':
      return nodeExists ? 'data' : undefined;
    case 'exists':
      // An existing node's exists watch is a data watch; a missing node's waits for its creation.
      return nodeExists ? 'data' : 'exists';
    case 'getChildren':
      return nodeExists ? 'child' : undefined;
  }
}

export class WatchRegistry {
  readonly capacity: number;
  readonly #lists: Record<WatchKind, Map<string, Set<Watcher>>> = {
    data: new Map(),
    exists: new Map(),
    child: new Map(),
  };
  #size = 0;

  constructor(capacity = SESSION_WATCHES_MAX) {
    this.capacity = capacity;
  }

  /** Registrations held (a watcher on one path and kind counts once). */
  get size(): number {
    return this.#size;
  }

  /** Adds a watcher; false when the registry is full (nothing is added). */
  add(kind: WatchKind, path: string, watcher: Watcher): boolean {
    const list = this.#lists[kind];
    let watchers = list.get(path);
    if (watchers?.has(watcher) === true) return true;
    if (this.#size >= this.capacity) return false;
    if (watchers === undefined) {
      watchers = new Set();
      list.set(path, watchers);
    }
    watchers.add(watcher);
    this.#size += 1;
    return true;
  }

  /** Removes and returns the watchers `event` triggers, each once, in registration order. */
  materialize(event: WatchEvent): Watcher[] {
    const triggered = new Set<Watcher>();
    for (const kind of TRIGGERED_KINDS[event.type]) {
      const list = this.#lists[kind];
      const watchers = list.get(event.path);
      if (watchers === undefined) continue;
      list.delete(event.path);
      this.#size -= watchers.size;
      for (const watcher of watchers) triggered.add(watcher);
    }
    return [...triggered];
  }

  /** The watched paths by kind: what setWatches re-registers after a reconnect. */
  paths(): Record<WatchKind, string[]> {
    return {
      data: [...this.#lists.data.keys()],
      exists: [...this.#lists.exists.keys()],
      child: [...this.#lists.child.keys()],
    };
  }

  clear(): void {
    for (const kind of WATCH_KINDS) this.#lists[kind].clear();
    this.#size = 0;
  }
}

/** Splits watched paths into setWatches batches of at most `batchBytes` path bytes each. */
export function watchBatches(
  paths: Readonly<Record<WatchKind, readonly string[]>>,
  batchBytes: number,
): Record<WatchKind, string[]>[] {
  const batches: Record<WatchKind, string[]>[] = [];
  let current: Record<WatchKind, string[]> = { data: [], exists: [], child: [] };
  let bytes = 0;
  for (const kind of WATCH_KINDS) {
    for (const path of paths[kind]) {
      const pathBytes = Buffer.byteLength(path, 'utf8');
      if (bytes > 0 && bytes + pathBytes > batchBytes) {
        batches.push(current);
        current = { data: [], exists: [], child: [] };
        bytes = 0;
      }
      current[kind].push(path);
      bytes += pathBytes;
    }
  }
  if (bytes > 0) batches.push(current);
  return batches;
}
