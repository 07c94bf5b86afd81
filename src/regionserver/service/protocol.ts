// The region server's RPC service: the data calls the client SDK makes (get, mutate, scanners
// under leases) and the master's commands (open, close, flush, compact and split a region,
// status). Bodies are checked field by field in the handlers (request-checks.ts). Cells come back
// as CellBlocks: one msgpack extension value per list, in the cell-block layout.
// A value import: it registers the cell-block extension wherever the protocol is used.
import { CellBlock } from '../../common/cell-block.js';
import type { WireError } from '../../common/errors.js';
import { defineService, objectBody, unary } from '../../rpc/index.js';

/** Every data call names the region by its encoded name. */
export interface RegionRequest {
  readonly region: string;
}

export interface GetRequest extends RegionRequest {
  /** A GetSpec (common/operations.ts). */
  readonly get: unknown;
}

export interface MutateRequest extends RegionRequest {
  /** Puts and deletes (common/mutations.ts), applied as one batch: each row atomically. */
  readonly mutations: unknown;
}

export interface MutateRowRequest extends RegionRequest {
  /** A Put, Delete, Increment, Append or RowMutations, atomic on its row. */
  readonly operation: unknown;
}

export interface CheckAndMutateRequest extends RegionRequest {
  /** A CheckAndMutate (common/mutations.ts): HBase's `value op stored` direction. */
  readonly checkAndMutate: unknown;
}

/** One action of a multi call: a get or a batch of puts and deletes, on one region. */
export type MultiAction =
  | { readonly kind: 'get'; readonly region: string; readonly get: unknown }
  | { readonly kind: 'mutate'; readonly region: string; readonly mutations: unknown };

/** Each action's outcome, in request order: its cells, or its own error (others still run). */
export type MultiResult =
  | { readonly ok: true; readonly cells: CellBlock }
  | { readonly ok: false; readonly error: WireError };

export interface OpenScannerRequest extends RegionRequest {
  /** A ScanSpec (common/operations.ts). */
  readonly scan: unknown;
  /** Rows to return with the answer (0: open only). */
  readonly rows: number;
}

export interface NextRequest {
  readonly scannerId: number;
  readonly rows: number;
}

/** Rows of a scanner, in order; `more` false once the region has no more rows for the scan. */
export interface ScanBatch {
  readonly scannerId: number;
  readonly rows: readonly CellBlock[];
  readonly more: boolean;
  /**
   * The scan's filter is done (HBase's moreResults=false): the client ends the whole scan rather
   * than going on to the next region.
   */
  readonly filterDone?: boolean;
}

export interface OpenRegionRequest {
  /** A RegionInfo (region-info.ts); its encoded name must match its parts. */
  readonly region: unknown;
  /** The region's TableDescriptor. */
  readonly table: unknown;
}

export interface RegionStatus {
  readonly region: string;
  readonly table: string;
  readonly startKey: Buffer;
  readonly endKey: Buffer;
  readonly memstoreBytes: number;
  readonly storeFileBytes: number;
}

export interface RegionServerStatus {
  readonly serverName: string;
  readonly regions: readonly RegionStatus[];
  readonly openScanners: number;
  /** Data requests served since the server started (HBase's totalRequestCount). */
  readonly requests: number;
}

export interface SplitRegionRequest extends RegionRequest {
  /** Where to cut: a row strictly inside the region; none: the middle of its largest file. */
  readonly splitRow: unknown;
  /** The daughters' region id (the master's choice, so that a resumed split names the same). */
  readonly regionId: unknown;
}

export interface SplitRegionResponse {
  readonly splitRow: Buffer;
  /** The daughters' RegionInfos, bottom then top; written, not open. */
  readonly daughters: readonly unknown[];
}

export const RegionServerService = defineService('regionserver', {
  get: unary<GetRequest, { readonly cells: CellBlock }>(objectBody()),
  mutate: unary<MutateRequest, Record<string, never>>(objectBody()),
  mutateRow: unary<MutateRowRequest, { readonly cells: CellBlock }>(objectBody()),
  checkAndMutate: unary<
    CheckAndMutateRequest,
    { readonly success: boolean; readonly cells: CellBlock }
  >(objectBody()),
  /** Actions on many regions of this server in one call (HBase's multi), run concurrently. */
  multi: unary<{ readonly actions: unknown }, { readonly results: readonly MultiResult[] }>(
    objectBody(),
  ),
  openScanner: unary<OpenScannerRequest, ScanBatch>(objectBody()),
  next: unary<NextRequest, ScanBatch>(objectBody()),
  closeScanner: unary<{ readonly scannerId: number }, { readonly closed: boolean }>(objectBody()),
  openRegion: unary<OpenRegionRequest, { readonly openSeqNum: number }>(objectBody()),
  closeRegion: unary<RegionRequest, { readonly closed: boolean }>(objectBody()),
  /** Flushes the region's memstore into a store file. */
  flushRegion: unary<RegionRequest, { readonly flushed: boolean }>(objectBody()),
  compactRegion: unary<RegionRequest & { readonly major: unknown }, Record<string, never>>(
    objectBody(),
  ),
  /** The row a split of the region would cut at (flushing first when it has no file). */
  splitPoint: unary<RegionRequest, { readonly splitRow: Buffer | null }>(objectBody()),
  /**
   * Closes the region and writes its two daughters (the master's split command); the daughters
   * are left for the master to record in meta and assign.
   */
  splitRegion: unary<SplitRegionRequest, SplitRegionResponse>(objectBody()),
  status: unary<Record<string, never>, RegionServerStatus>(objectBody()),
});
