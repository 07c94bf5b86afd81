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
/** Response bytes a server queues for one connection before it stops reading that socket. */
export const SERVER_PENDING_BYTES_MAX = 16 * MiB;
/** Bytes a socket may hold unsent before its writer counts as blocked and waits for 'drain'. */
export const SOCKET_BUFFER_BYTES_MAX = 1 * MiB;
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
