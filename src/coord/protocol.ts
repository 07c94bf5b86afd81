// The client ↔ member protocol of the coordinator, as one typed RPC service. Every call names
// its session; every answer carries the watch events queued for that session, which the client
// delivers before it hands the answer on (a client sees an event before the data that caused it).
// The `events` stream pushes events at once to an idle client.
import { objectBody, serverStream, unary, defineService } from '../rpc/index.js';
import type {
  CreateMode,
  MultiOpResult,
  Stat,
  TreeOp,
  WatchEvent,
  WatchKind,
} from './tree/types.js';

export interface ConnectRequest {
  /** 0 asks for a new session. */
  readonly sessionId: number;
  readonly password: Uint8Array;
  readonly timeoutMs: number;
  /** The highest zxid this client has seen; a member behind it refuses the connect. */
  readonly lastZxidSeen: number;
}

export interface ConnectResponse {
  readonly sessionId: number;
  readonly password: Uint8Array;
  /** The negotiated timeout (clamped to the member's bounds). */
  readonly timeoutMs: number;
  readonly zxid: number;
}

/** Every answer: the zxid the member had applied, and events due to this session. */
export interface Answer {
  readonly zxid: number;
  readonly events: readonly WatchEvent[];
}

export interface MemberStatus {
  readonly memberId: number;
  readonly role: 'leader' | 'follower' | 'candidate';
  readonly leaderId: number | null;
  readonly zxid: number;
  readonly znodes: number;
  readonly sessions: number;
}

export interface SessionRequest {
  readonly sessionId: number;
}

export interface CreateRequest extends SessionRequest {
  readonly path: string;
  readonly data: Uint8Array;
  readonly mode: CreateMode;
}

export interface DeleteRequest extends SessionRequest {
  readonly path: string;
  readonly version: number;
}

export interface SetDataRequest extends SessionRequest {
  readonly path: string;
  readonly data: Uint8Array;
  readonly version: number;
}

export interface ReadRequest extends SessionRequest {
  readonly path: string;
  readonly watch: boolean;
}

export interface MultiRequest extends SessionRequest {
  readonly ops: readonly TreeOp[];
}

export interface SetWatchesRequest extends SessionRequest {
  /** Fire at once any watch whose node changed after this zxid. */
  readonly relativeZxid: number;
  readonly watches: Readonly<Record<WatchKind, readonly string[]>>;
}

export interface PathRequest extends SessionRequest {
  readonly path: string;
}

export const CoordService = defineService('coord', {
  connect: unary<ConnectRequest, ConnectResponse>(objectBody()),
  ping: unary<SessionRequest, Answer>(objectBody()),
  close: unary<SessionRequest, Answer>(objectBody()),
  create: unary<CreateRequest, Answer & { readonly path: string; readonly stat: Stat }>(
    objectBody(),
  ),
  delete: unary<DeleteRequest, Answer>(objectBody()),
  setData: unary<SetDataRequest, Answer & { readonly stat: Stat }>(objectBody()),
  getData: unary<ReadRequest, Answer & { readonly data: Uint8Array; readonly stat: Stat }>(
    objectBody(),
  ),
  /** `stat` is null when the node does not exist (a watch is still set). */
  exists: unary<ReadRequest, Answer & { readonly stat: Stat | null }>(objectBody()),
  getChildren: unary<
    ReadRequest,
    Answer & { readonly children: readonly string[]; readonly stat: Stat }
  >(objectBody()),
  /** All or nothing; on failure `ok` is false and `results` says which op failed. */
  multi: unary<
    MultiRequest,
    Answer & { readonly ok: boolean; readonly results: readonly MultiOpResult[] }
  >(objectBody()),
  /** Returns once this member has applied every write committed before the sync. */
  sync: unary<PathRequest, Answer & { readonly path: string }>(objectBody()),
  setWatches: unary<SetWatchesRequest, Answer>(objectBody()),
  /** ZooKeeper's `srvr`: this member's id, role, leader and applied zxid (no session needed). */
  status: unary<Record<string, never>, MemberStatus>(objectBody()),
  /** Pushes this session's watch events as they happen. */
  events: serverStream<SessionRequest, WatchEvent>(objectBody()),
});
