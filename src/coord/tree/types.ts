// The znode tree's vocabulary, shared by the tree state machine, the member server and the client:
// create modes, the stat structure, replicated transactions and their results, change events.
import type { WireError } from '../../common/errors.js';

export const CreateMode = {
  Persistent: 0,
  Ephemeral: 1,
  PersistentSequential: 2,
  EphemeralSequential: 3,
  Container: 4,
} as const;
export type CreateMode = (typeof CreateMode)[keyof typeof CreateMode];

/** ZooKeeper's Stat. zxids are Raft log indexes; times are the leader's wall clock (ms). */
export interface Stat {
  readonly czxid: number;
  readonly mzxid: number;
  readonly pzxid: number;
  readonly ctime: number;
  readonly mtime: number;
  readonly version: number;
  readonly cversion: number;
  readonly aversion: number;
  /** The owning session's id for ephemerals, 0 otherwise. */
  readonly ephemeralOwner: number;
  readonly dataLength: number;
  readonly numChildren: number;
}

/** The operations of a multi (and, alone, the write requests). version -1 means any. */
export type TreeOp =
  | {
      readonly kind: 'create';
      readonly path: string;
      readonly data: Uint8Array;
      readonly mode: CreateMode;
    }
  | { readonly kind: 'delete'; readonly path: string; readonly version: number }
  | {
      readonly kind: 'setData';
      readonly path: string;
      readonly data: Uint8Array;
      readonly version: number;
    }
  | { readonly kind: 'check'; readonly path: string; readonly version: number };

/** What goes through the Raft log. `sessionId` is the session that asked (0 for none). */
export type Txn =
  | (TreeOp & { readonly sessionId: number })
  | { readonly kind: 'multi'; readonly sessionId: number; readonly ops: readonly TreeOp[] }
  /** The id is assigned at apply time (deterministic on every member). */
  | { readonly kind: 'createSession'; readonly timeoutMs: number; readonly password: Uint8Array }
  | {
      readonly kind: 'closeSession';
      readonly sessionId: number;
      readonly reason: 'closed' | 'expired';
    }
  /** A barrier (sync) or a new leader's first entry: changes nothing. */
  | { readonly kind: 'noop' };

export type OpResult =
  | { readonly kind: 'create'; readonly path: string; readonly stat: Stat }
  | { readonly kind: 'delete' }
  | { readonly kind: 'setData'; readonly stat: Stat }
  | { readonly kind: 'check' };

/** One op's outcome inside a multi: ops before a failure succeed (but are not applied), the
 * failing op has its error, the ops after it have RuntimeInconsistency. */
export type MultiOpResult = OpResult | { readonly kind: 'error'; readonly error: WireError };

export type TxnResult =
  | OpResult
  | { readonly kind: 'multi'; readonly ok: boolean; readonly results: readonly MultiOpResult[] }
  | { readonly kind: 'session'; readonly sessionId: number; readonly timeoutMs: number }
  | { readonly kind: 'sessionClosed'; readonly sessionId: number }
  | { readonly kind: 'noop' }
  | { readonly kind: 'error'; readonly error: WireError };

export type ChangeType = 'NodeCreated' | 'NodeDeleted' | 'NodeDataChanged' | 'NodeChildrenChanged';

/** A change the tree made; the watch manager turns changes into watch events. */
export interface ChangeEvent {
  readonly type: 'NodeCreated' | 'NodeDeleted' | 'NodeDataChanged';
  readonly path: string;
}

export type WatchKind = 'data' | 'exists' | 'child';

/** What a client receives: ZooKeeper's WatchedEvent (state SyncConnected). */
export interface WatchEvent {
  readonly type: ChangeType;
  readonly path: string;
}

/** The context of one apply: the entry's index (the zxid) and the leader's time. */
export interface ApplyContext {
  readonly zxid: number;
  readonly timeMs: number;
}

export interface SessionInfo {
  readonly sessionId: number;
  readonly timeoutMs: number;
  readonly password: Uint8Array;
}
