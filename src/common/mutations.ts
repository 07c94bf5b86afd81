// Mutations as data, shared by the client and the region server: Put, Delete (HBase's four
// marker kinds), Increment, Append, RowMutations and CheckAndMutate. A timestamp left out means
// "the server's now" (HBase's LATEST_TIMESTAMP). Plain objects only, so they cross the wire.
import type { CompareOp, FilterSpec } from './filter/spec.js';
import type { Durability, TimeRange } from './operations.js';

export interface PutCell {
  readonly family: Buffer;
  readonly qualifier: Buffer;
  readonly timestamp?: number;
  readonly value: Buffer;
}

export interface Put {
  readonly type: 'put';
  readonly row: Buffer;
  readonly cells: readonly PutCell[];
  readonly durability?: Durability;
}

/**
 * What a Delete removes (hbase-features.md §1.4):
 * - `version`: Delete.addColumn(f, q[, ts]) — one version; without ts the newest one.
 * - `column`: Delete.addColumns(f, q[, ts]) — DeleteColumn, every version with ts ≤ ts (default now).
 * - `family`: Delete.addFamily(f[, ts]) — DeleteFamily, every column with ts ≤ ts.
 * - `familyVersion`: Delete.addFamilyVersion(f, ts) — every column's version at exactly ts.
 */
export type DeleteTarget =
  | {
      readonly kind: 'version';
      readonly family: Buffer;
      readonly qualifier: Buffer;
      readonly timestamp?: number;
    }
  | {
      readonly kind: 'column';
      readonly family: Buffer;
      readonly qualifier: Buffer;
      readonly timestamp?: number;
    }
  | { readonly kind: 'family'; readonly family: Buffer; readonly timestamp?: number }
  | { readonly kind: 'familyVersion'; readonly family: Buffer; readonly timestamp: number };

export interface Delete {
  readonly type: 'delete';
  readonly row: Buffer;
  /** Empty: the whole row (one DeleteFamily per family at `timestamp`, default now). */
  readonly targets: readonly DeleteTarget[];
  /** Only for a whole-row delete (HBase's `new Delete(row, ts)`). */
  readonly timestamp?: number;
  readonly durability?: Durability;
}

export interface Increment {
  readonly type: 'increment';
  readonly row: Buffer;
  readonly columns: readonly {
    readonly family: Buffer;
    readonly qualifier: Buffer;
    readonly amount: bigint;
  }[];
  readonly durability?: Durability;
}

export interface Append {
  readonly type: 'append';
  readonly row: Buffer;
  readonly columns: readonly {
    readonly family: Buffer;
    readonly qualifier: Buffer;
    readonly value: Buffer;
  }[];
  readonly durability?: Durability;
}

/** Several Puts and Deletes on one row, applied atomically (Table.mutateRow). */
export interface RowMutations {
  readonly type: 'rowMutations';
  readonly row: Buffer;
  readonly mutations: readonly (Put | Delete)[];
}

export type Mutation = Put | Delete;
export type RowOperation = Put | Delete | Increment | Append | RowMutations;

/**
 * CheckAndMutate's condition. `value: null` means "the column must not exist" (ifNotExists).
 * As in HBase, the comparison is `value op stored` (HRegion compares the expected value against the
 * stored one): ifMatches(f, q, LESS, v) passes when v < the stored value. Only the newest version
 * (within `timeRange`) is checked.
 */
export type CheckCondition =
  | {
      readonly kind: 'column';
      readonly family: Buffer;
      readonly qualifier: Buffer;
      readonly op: CompareOp;
      readonly value: Buffer | null;
      readonly timeRange?: TimeRange;
    }
  | { readonly kind: 'filter'; readonly filter: FilterSpec; readonly timeRange?: TimeRange };

export interface CheckAndMutate {
  readonly row: Buffer;
  readonly condition: CheckCondition;
  readonly action: RowOperation;
}
