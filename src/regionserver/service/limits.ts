// The region server service's bounds: what one call may carry, and how long a scanner lives
// between calls. Each names what it bounds; the region's own limits (cell and row sizes) apply too.

/** Mutations in one mutate call (HBase's client batches 100 by default per server). */
export const MUTATIONS_PER_CALL_MAX = 10_000;
/** Actions in one multi call (each a get or a batch of mutations on one region). */
export const MULTI_ACTIONS_MAX = 10_000;
/** Items in any other list of a request: cells of a put, columns, qualifiers, delete targets. */
export const REQUEST_LIST_ITEMS_MAX = 100_000;
/** Rows one scanner call may ask for (HBase's hbase.client.scanner.caching is 100 by default). */
export const SCAN_ROWS_PER_CALL_MAX = 10_000;
/** Bytes of rows one scanner call returns at most (HBase's maxResultSize is 2 MiB). */
export const SCAN_BYTES_PER_CALL_MAX = 2 * 1024 * 1024;
/**
 * A scanner not called for this long is closed and its id forgotten (HBase's
 * hbase.client.scanner.timeout.period, 60 s); the client reopens from its last row.
 */
export const SCANNER_LEASE_MS = 60_000;
/** Open scanners per region server; beyond, openScanner fails (LimitExceeded). */
export const OPEN_SCANNERS_MAX = 10_000;
/** How often expired scanner leases are swept. */
export const SCANNER_LEASE_SWEEP_MS = 1_000;
/**
 * Rows a split-point search reads when the largest file's middle key is no split point (a small
 * region whose file has one block): the middle of these rows is taken instead.
 */
export const SPLIT_POINT_SCAN_ROWS_MAX = 100_000;
/** How often the region server looks for regions grown past their split threshold. */
export const SPLIT_CHECK_INTERVAL_MS = 2_000;
/** A region's split is asked for again only after this long (the master may have refused). */
export const SPLIT_REQUEST_RETRY_MS = 30_000;
/** The master's answer to a split request (it only starts the split). */
export const SPLIT_REQUEST_TIMEOUT_MS = 10_000;
/** HBase's hbase.hregion.max.filesize default: the split threshold of a table that sets none. */
export const REGION_MAX_FILE_BYTES_DEFAULT = 10 * 1024 * 1024 * 1024;
/**
 * The memory reserve (`--memory-reserve-bytes`): chunks of this size are allocated and touched at
 * start, then freed to malloc, which keeps them (daemon-env.ts) for the request frames and
 * buffers that memstores hold. Below glibc's largest mmap threshold (32 MiB), so they come from
 * malloc's heap, not from mappings of their own that a free would unmap; and 4 MiB, not 1 or 2: with
 * transparent huge pages glibc 2.36 grew its heap by about twice the bytes of 1–2 MiB chunks.
 */
export const MEMORY_RESERVE_CHUNK_BYTES = 4 * 1024 * 1024;
/** The largest reserve a region server takes (it is resident for the process's life). */
export const MEMORY_RESERVE_BYTES_MAX = 64 * 1024 * 1024 * 1024;
