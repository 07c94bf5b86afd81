// The write-ahead log's named limits and defaults, each with its unit. Zero never means unlimited.
// The asserts at the bottom check, at load time, how the limits relate to one another.
import { assert } from '../../common/assert.js';

const KiB = 1024;
const MiB = 1024 * KiB;

// ---- Files ----
/** Roll to a new file once the current one reaches this (HBase: about half a 128 MiB block). */
export const WAL_ROLL_BYTES_DEFAULT = 64 * MiB;
/** The smallest roll size a Wal accepts (tests roll at a few KiB). */
export const WAL_ROLL_BYTES_MIN = 1 * KiB;
/** Unarchived files beyond which the region server flushes the regions pinning the oldest
 * (HBase `hbase.regionserver.maxlogs`, 32). */
export const WAL_FILES_MAX = 32;
/** Block size of a WAL file: rolls happen well before a file fills one block. */
export const WAL_BLOCK_BYTES = 128 * MiB;
/** A writer (server) name's UTF-8 length in a file header and a file name. */
export const WAL_WRITER_NAME_BYTES_MAX = 1 * KiB;
/** A region name's UTF-8 length in an entry. */
export const WAL_REGION_NAME_BYTES_MAX = 1 * KiB;

// ---- Records ----
/** One record's body (an entry's encoding): a whole entry must fit one record. */
export const WAL_RECORD_BYTES_MAX = 64 * MiB;
/** Cells in one entry. */
export const WAL_ENTRY_CELLS_MAX = 1_000_000;

// ---- Group commit ----
/** Encoded bytes waiting for the next sync; appends beyond wait for room. */
export const WAL_QUEUE_BYTES_MAX = 128 * MiB;
/** Entries waiting for the next sync; appends beyond wait for room. */
export const WAL_QUEUE_ENTRIES_MAX = 100_000;
/** Appends waiting for room in the queue; beyond, an append fails at once (WalQueueFull). */
export const WAL_APPEND_WAITERS_MAX = 100_000;
/** How long an append waits for room in a full queue before it fails (WalQueueFull). */
export const WAL_APPEND_WAIT_TIMEOUT_MS = 30_000;
/** An ASYNC_WAL entry is in a sync that starts within this of its append (HBase
 * `hbase.regionserver.optionallogflushinterval`, 1 s). */
export const ASYNC_WAL_SYNC_DELAY_MS = 1_000;
/**
 * A group buffer that grew beyond this is dropped after its sync rather than kept for reuse. Above
 * the largest group four clients' 2 MiB BufferedMutator flushes make, so that their groups stop
 * growing a buffer from WAL_BUFFER_INITIAL_BYTES each time (every doubling copies the group again).
 * A WAL has two groups (filling, syncing): at most 32 MiB kept.
 */
export const WAL_BUFFER_RETAIN_BYTES = 16 * MiB;
/** The first capacity of a group buffer. */
export const WAL_BUFFER_INITIAL_BYTES = 64 * KiB;

// ---- Reading and recovery ----
/** Bytes read from the file at a time while reading a WAL. */
export const WAL_READ_CHUNK_BYTES = 1 * MiB;
/** Lease recovery: the first pause between polls, and the cap of its doubling. */
export const WAL_LEASE_POLL_INITIAL_MS = 50;
export const WAL_LEASE_POLL_MAX_MS = 1_000;
/** How long `recoverWalLease` waits for the file to close when the caller names no timeout. */
export const WAL_LEASE_RECOVERY_TIMEOUT_MS = 60_000;

assert(WAL_ROLL_BYTES_MIN <= WAL_ROLL_BYTES_DEFAULT, 'the default roll size is below the minimum');
assert(WAL_ROLL_BYTES_DEFAULT < WAL_BLOCK_BYTES, 'a WAL file should roll before its block fills');
assert(WAL_QUEUE_BYTES_MAX >= WAL_RECORD_BYTES_MAX, 'the queue must hold the largest record');
assert(WAL_BUFFER_INITIAL_BYTES <= WAL_BUFFER_RETAIN_BYTES, 'the buffer retain size is too small');
assert(WAL_LEASE_POLL_INITIAL_MS <= WAL_LEASE_POLL_MAX_MS, 'the lease poll cap is too small');
