// Every limit of Colonnade, named with its unit. Zero never means unlimited.
// The asserts at the bottom check, at load time, how the limits relate to one another.
import { assert } from './assert.js';

const KiB = 1024;
const MiB = 1024 * KiB;

// ---- Cells (HBase's limits where HBase has one) ----
/** HBase: a row key's length is a 2-byte signed short. */
export const ROW_KEY_BYTES_MAX = 32_767;
/** HBase: a family's length is one signed byte. */
export const FAMILY_BYTES_MAX = 127;
/** Qualifiers are arbitrary bytes; bounded so that a key always fits in a data block. */
export const QUALIFIER_BYTES_MAX = 64 * KiB;
/** A table name's UTF-8 length (namespace and qualifier included). */
export const TABLE_NAME_BYTES_MAX = 1024;
/** Families in one table descriptor. */
export const TABLE_FAMILIES_MAX = 1024;
/** HBase `hbase.client.keyvalue.maxsize` default: a whole cell (key and value). */
export const CELL_BYTES_MAX = 10 * MiB;

// ---- RPC ----
/** The largest frame either side accepts (the 4-byte length prefix excluded). */
export const FRAME_BYTES_MAX = 32 * MiB;
/** Large payloads move as a stream of chunks no bigger than this. */
export const STREAM_CHUNK_BYTES_MAX = 1 * MiB;
/** Chunks a stream's sender may have unacknowledged before it waits for credit. */
export const STREAM_WINDOW_CHUNKS = 8;
/** Calls one client connection may have on the wire at once. */
export const CONNECTION_CALLS_IN_FLIGHT_MAX = 1024;
/** Request bytes one client connection may have on the wire at once. */
export const CONNECTION_BYTES_IN_FLIGHT_MAX = 64 * MiB;
/** Calls waiting for room on a connection before new calls are refused as busy. */
export const CONNECTION_CALLS_QUEUED_MAX = 4096;
/** Calls a server runs at once for one connection; it stops reading that socket beyond this. */
export const SERVER_CALLS_PER_CONNECTION_MAX = 256;
/**
 * Requests a server connection starts before it lets the event loop run and answers go out
 * (rpc/turns.ts): a client's batch is answered in parts, which the client works on meanwhile.
 */
export const SERVER_FRAMES_PER_TURN = 8;
/** Answers a client connection hands to its callers before it lets the event loop run. */
export const CLIENT_FRAMES_PER_TURN = 8;
/** Response bytes a server queues for one connection before it stops reading that socket. */
export const SERVER_PENDING_BYTES_MAX = 16 * MiB;
/** Bytes a socket may hold unsent before its writer counts as blocked and waits for 'drain'. */
export const SOCKET_BUFFER_BYTES_MAX = 1 * MiB;
/** A tick's frames up to this many bytes are copied into one buffer; beyond it, written as a writev. */
export const FRAME_COALESCE_COPY_BYTES_MAX = 64 * KiB;
/** The wire encoder writes messages one after another into slabs of this size (rpc/wire-encoder). */
export const WIRE_SLAB_BYTES = 64 * KiB;
/** A message too large for the slab's room gets a new slab this many times its size. */
export const WIRE_SLAB_GROWTH = 4;
/**
 * A byte string at least this long goes out as its own buffer (rpc/wire-encoder's parts), not
 * copied into the slab: a block's packets, a block read.
 */
export const WIRE_BYTES_BY_REFERENCE_MIN = 32 * KiB;
/** A slab grown beyond this for one large message is dropped after it rather than written on. */
export const WIRE_SLAB_KEPT_BYTES_MAX = 8 * MiB;
/** Nesting the wire codec handles itself; a deeper message is left to msgpackr. */
export const WIRE_DEPTH_MAX = 64;
/** Map keys (up to 16 bytes) the wire decoder keeps as strings, by a hash of their bytes. */
export const WIRE_KEY_CACHE_ENTRIES = 1024;
/** String values (a method's, a region's name) the wire decoder keeps, by a hash of their bytes. */
export const WIRE_VALUE_STRING_CACHE_ENTRIES = 256;
/** Longer string values are decoded afresh each time. */
export const WIRE_VALUE_STRING_CACHED_BYTES_MAX = 128;
/** Strings shorter than this are encoded by a loop; longer ones by Buffer's own encoder. */
export const WIRE_STRING_LOOP_CHARS_MAX = 24;
/** Connections one server accepts at once. */
export const SERVER_CONNECTIONS_MAX = 4096;
/** Connections a client pool keeps to one remote address. */
export const POOL_CONNECTIONS_PER_ADDRESS_MAX = 16;
/** A pool opens another connection (up to its size) when its least-loaded one has this many calls. */
export const POOL_GROW_CALLS_IN_FLIGHT = 16;
/** The deadline of a call that names none. */
export const CALL_DEADLINE_DEFAULT_MS = 60_000;
/** The longest deadline a call may ask for. */
export const CALL_DEADLINE_MAX_MS = 24 * 60 * 60 * 1000;
/** Time to establish a TCP connection. */
export const CONNECT_TIMEOUT_MS = 5_000;
/** Reconnect backoff: first wait, cap, and the fraction of jitter. */
export const RECONNECT_BACKOFF_INITIAL_MS = 50;
export const RECONNECT_BACKOFF_MAX_MS = 5_000;
export const RECONNECT_BACKOFF_JITTER = 0.2;
/** A frame that has started arriving must finish within this, or the connection is closed. */
export const FRAME_STALL_MS = 30_000;
/** Graceful shutdown: how long in-flight calls get to finish. */
export const SHUTDOWN_GRACE_MS = 5_000;
/** The longest method name on the wire ("service.method"). */
export const METHOD_NAME_BYTES_MAX = 256;

assert(CELL_BYTES_MAX < FRAME_BYTES_MAX, 'a cell must fit in one frame');
assert(STREAM_CHUNK_BYTES_MAX * 2 <= FRAME_BYTES_MAX, 'a stream chunk must fit in a frame');
assert(STREAM_WINDOW_CHUNKS >= 2, 'a stream window of one chunk cannot pipeline');
assert(
  SERVER_CALLS_PER_CONNECTION_MAX <= CONNECTION_CALLS_IN_FLIGHT_MAX,
  'a server must not be able to take more calls than a client sends',
);
assert(RECONNECT_BACKOFF_INITIAL_MS < RECONNECT_BACKOFF_MAX_MS, 'backoff must be able to grow');
assert(SOCKET_BUFFER_BYTES_MAX < SERVER_PENDING_BYTES_MAX, 'a socket blocks before a server stops');
assert(CALL_DEADLINE_DEFAULT_MS <= CALL_DEADLINE_MAX_MS, 'the default deadline is allowed');

// ---- Coordinator (ZooKeeper's defaults where ZooKeeper has one) ----
/** ZooKeeper's jute.maxbuffer: data of one znode, just under 1 MiB. */
export const ZNODE_DATA_BYTES_MAX = 0xfffff;
/** The longest znode path, in UTF-8 bytes. */
export const ZNODE_PATH_BYTES_MAX = 4 * KiB;
/** Operations in one multi. */
export const MULTI_OPS_MAX = 1_000;
/** Children listed by one getChildren. */
export const ZNODE_CHILDREN_MAX = 1_000_000;
/** The coordinator's tick: session expiry is checked in ticks (ZooKeeper's tickTime). */
export const COORD_TICK_MS = 200;
/** Session timeout bounds and default: a dead region server is noticed within seconds. */
export const SESSION_TIMEOUT_MIN_MS = 2 * COORD_TICK_MS;
export const SESSION_TIMEOUT_MAX_MS = 60_000;
export const SESSION_TIMEOUT_DEFAULT_MS = 4_000;
/** Watch events queued for one session before the oldest connection is dropped. */
export const SESSION_EVENTS_QUEUED_MAX = 10_000;
/** Watches one session may hold. */
export const SESSION_WATCHES_MAX = 100_000;
/** Sessions one ensemble holds. */
export const SESSIONS_MAX = 100_000;
/** Raft: members of an ensemble. */
export const ENSEMBLE_MEMBERS_MAX = 7;
/** Raft: entries in one append message, and bytes. */
export const RAFT_APPEND_ENTRIES_MAX = 256;
export const RAFT_APPEND_BYTES_MAX = 4 * MiB;
/** Raft: proposals waiting at the leader before new ones are refused as busy. */
export const RAFT_PROPOSALS_QUEUED_MAX = 10_000;
/** Raft: applied entries kept in the log after a snapshot (for lagging followers). */
export const RAFT_SNAPSHOT_TRAILING_ENTRIES = 5_000;
/** Raft: take a snapshot after this many applied entries since the last one. */
export const RAFT_SNAPSHOT_INTERVAL_ENTRIES = 100_000;

assert(SESSION_TIMEOUT_MIN_MS <= SESSION_TIMEOUT_DEFAULT_MS, 'default session timeout in bounds');
assert(SESSION_TIMEOUT_DEFAULT_MS <= SESSION_TIMEOUT_MAX_MS, 'default session timeout in bounds');
assert(ZNODE_DATA_BYTES_MAX < FRAME_BYTES_MAX, 'znode data fits in a frame');
assert(RAFT_APPEND_BYTES_MAX < FRAME_BYTES_MAX, 'a raft append fits in a frame');
/** How long a write waits for a leader to be known (during an election) before ConnectionLoss. */
export const COORD_LEADER_WAIT_MS = 5_000;
/** How long a write waits to be applied after it was handed to the leader. */
export const COORD_PROPOSAL_TIMEOUT_MS = 10_000;
/** Bytes of a session password. */
export const SESSION_PASSWORD_BYTES = 16;

// ---- Coordinator client (src/coord/client) ----
/** How long `CoordClient.connect` tries the ensemble for a first session. */
export const COORD_CLIENT_CONNECT_TIMEOUT_DEFAULT_MS = 15_000;
/** The shortest wait for one member's answer to a connect (ZooKeeper: timeout / members). */
export const COORD_CLIENT_CONNECT_ATTEMPT_MIN_MS = 250;
/** How long a call waits (for a reconnect, then for its answer) before ConnectionLoss. */
export const COORD_CLIENT_REQUEST_TIMEOUT_DEFAULT_MS = 10_000;
/** Calls that may wait for a reconnect at once; more fail at once with ConnectionLoss. */
export const COORD_CLIENT_WAITING_CALLS_MAX = 4_096;
/** Pause before each new round through the ensemble: first, cap (ZooKeeper spins up to 1 s). */
export const COORD_CLIENT_ROUND_BACKOFF_INITIAL_MS = 50;
export const COORD_CLIENT_ROUND_BACKOFF_MAX_MS = 1_000;
/** How long a graceful `close` waits for the member's answer. */
export const COORD_CLIENT_CLOSE_TIMEOUT_MS = 2_000;
/** The deadline of the `events` stream; when it passes the client reconnects (same session). */
export const COORD_CLIENT_EVENTS_STREAM_DEADLINE_MS = 24 * 60 * 60 * 1000;
/** Path bytes in one setWatches call after a reconnect (ZooKeeper: 128 KiB). */
export const COORD_CLIENT_SET_WATCHES_BATCH_BYTES = 128 * KiB;
/** Recipes: attempts of one step after a retriable error (ConnectionLoss), and the pause. */
export const COORD_RECIPE_ATTEMPTS_MAX = 8;
export const COORD_RECIPE_RETRY_DELAY_MS = 100;
/** Recipes: how long `lock` waits for the lock unless told otherwise. */
export const COORD_LOCK_WAIT_DEFAULT_MS = 60_000;

assert(
  COORD_CLIENT_ROUND_BACKOFF_INITIAL_MS < COORD_CLIENT_ROUND_BACKOFF_MAX_MS,
  'the client backoff must be able to grow',
);
assert(
  COORD_CLIENT_EVENTS_STREAM_DEADLINE_MS <= CALL_DEADLINE_MAX_MS,
  'the events stream asks for an allowed deadline',
);

// ---- Raft (src/coord/raft) ----
/** Raft: append messages a leader may have unacknowledged to one follower. */
export const RAFT_APPENDS_IN_FLIGHT_MAX = 16;
/** Raft: messages the core holds between two Readies; beyond it, new ones are dropped. */
export const RAFT_MESSAGES_QUEUED_MAX = 4_096;
/** Raft: committed entries handed to the state machine in one Ready. */
export const RAFT_APPLY_BATCH_ENTRIES_MAX = 1_024;
/** Raft: messages in one delivery call between two members, and their bytes. */
export const RAFT_DELIVERY_MESSAGES_MAX = 256;
export const RAFT_DELIVERY_BYTES_MAX = 16 * MiB;
/** Raft: messages waiting for one peer while a delivery to it is in flight; more are dropped. */
export const RAFT_PEER_MESSAGES_QUEUED_MAX = 1_024;
/** Raft: callers waiting at once for an index to be applied. */
export const RAFT_APPLY_WAITERS_MAX = 10_000;

assert(RAFT_APPEND_BYTES_MAX <= RAFT_DELIVERY_BYTES_MAX, 'a full append fits in one delivery');
assert(RAFT_DELIVERY_BYTES_MAX < FRAME_BYTES_MAX, 'a raft delivery fits in a frame');
