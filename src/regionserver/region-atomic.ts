// Read-modify-write on one row under its row lock: increment (8-byte big-endian counters), append,
// checkAndMutate and mutateRow (HBase's RowMutations). Invariant: the read and the write happen
// under one lock hold, and the write is visible before the lock is let go.
import {
  type Cell,
  CellType,
  compareBytes,
  InvalidArgumentError,
  makeCell,
} from '../common/index.js';
import type { CompareOp } from '../common/filter/spec.js';
import type {
  Append,
  CheckAndMutate,
  CheckCondition,
  Increment,
  Mutation,
  RowOperation,
} from '../common/mutations.js';
import { InvalidMutationError } from './errors.js';
import { COLUMNS_PER_ATOMIC_OP_MAX, ROW_LOCK_WAIT_MS } from './limits.js';
import type { RegionCore } from './region-core.js';
import { readColumns } from './region-latest.js';
import { getRow } from './region-read.js';
import { validateBatch, writeLocked } from './region-write.js';

const COUNTER_BYTES = 8;

export interface CheckAndMutateResult {
  readonly success: boolean;
  /** For an Increment or Append action that ran: its new cells. */
  readonly cells: readonly Cell[];
}

/** Runs one row operation with the row locked by the caller; returns Increment/Append results. */
async function runLocked(core: RegionCore, op: RowOperation): Promise<Cell[]> {
  switch (op.type) {
    case 'put':
    case 'delete':
      await writeLocked(core, [op]);
      return [];
    case 'rowMutations':
      await writeLocked(core, op.mutations);
      return [];
    case 'increment':
    case 'append':
      return readModifyWrite(core, op);
  }
}

function validateOperation(core: RegionCore, op: RowOperation): void {
  core.checkRow(op.row);
  if (op.type === 'put' || op.type === 'delete') return validateBatch(core, [op]);
  if (op.type === 'rowMutations') {
    for (const m of op.mutations) {
      if (compareBytes(m.row, op.row) !== 0) {
        throw new InvalidArgumentError('every mutation of a RowMutations must be on its row');
      }
    }
    return validateBatch(core, op.mutations);
  }
  if (op.columns.length === 0 || op.columns.length > COLUMNS_PER_ATOMIC_OP_MAX) {
    throw new InvalidArgumentError(
      `${op.type} has ${op.columns.length} columns; it needs 1 to ${COLUMNS_PER_ATOMIC_OP_MAX}`,
    );
  }
  for (const column of op.columns) core.store(column.family);
}

/** Increment, Append, RowMutations, or a single Put/Delete, atomically on one row. */
export async function mutateRow(core: RegionCore, op: RowOperation): Promise<Cell[]> {
  return core.track(async () => {
    validateOperation(core, op);
    core.checkResources();
    const release = await core.rowLocks.lockRows([op.row], ROW_LOCK_WAIT_MS);
    try {
      return await runLocked(core, op);
    } finally {
      release();
    }
  });
}

export async function checkAndMutate(
  core: RegionCore,
  request: CheckAndMutate,
): Promise<CheckAndMutateResult> {
  return core.track(async () => {
    if (compareBytes(request.row, request.action.row) !== 0) {
      throw new InvalidArgumentError('checkAndMutate: the check and the action must be on one row');
    }
    validateOperation(core, request.action);
    core.checkResources();
    const release = await core.rowLocks.lockRows([request.row], ROW_LOCK_WAIT_MS);
    try {
      if (!(await conditionHolds(core, request.row, request.condition))) {
        return { success: false, cells: [] };
      }
      return { success: true, cells: await runLocked(core, request.action) };
    } finally {
      release();
    }
  });
}

async function conditionHolds(
  core: RegionCore,
  row: Buffer,
  condition: CheckCondition,
): Promise<boolean> {
  if (condition.kind === 'filter') {
    const cells = await getRow(core, {
      row,
      filter: condition.filter,
      ...(condition.timeRange === undefined ? {} : { timeRange: condition.timeRange }),
    });
    return cells.length > 0;
  }
  core.store(condition.family);
  const cells = await readColumns(
    core,
    row,
    condition.family,
    [condition.qualifier],
    1,
    condition.timeRange,
  );
  const stored = cells[0];
  if (condition.value === null) return stored === undefined;
  if (stored === undefined) return false;
  // HBase compares the expected value against the stored one: `value op stored`.
  return compareMatches(condition.op, compareBytes(condition.value, stored.value));
}

function compareMatches(op: CompareOp, c: number): boolean {
  switch (op) {
    case 'LESS':
      return c < 0;
    case 'LESS_OR_EQUAL':
      return c <= 0;
    case 'EQUAL':
      return c === 0;
    case 'NOT_EQUAL':
      return c !== 0;
    case 'GREATER_OR_EQUAL':
      return c >= 0;
    case 'GREATER':
      return c > 0;
    case 'NO_OP':
      return false;
  }
}

async function readModifyWrite(core: RegionCore, op: Increment | Append): Promise<Cell[]> {
  const current = new Map<string, Cell>();
  const byFamily = new Map<string, Buffer[]>();
  for (const column of op.columns) {
    const key = column.family.toString('latin1');
    byFamily.set(key, [...(byFamily.get(key) ?? []), column.qualifier]);
  }
  for (const [family, qualifiers] of byFamily) {
    const cells = await readColumns(core, op.row, Buffer.from(family, 'latin1'), qualifiers, 1);
    for (const cell of cells) current.set(columnKey(cell.family, cell.qualifier), cell);
  }
  const none: Mutation[] = [];
  return writeLocked(core, none, (nowMs, sequenceId) =>
    op.columns.map((column) => {
      const old = current.get(columnKey(column.family, column.qualifier));
      // The new version must be newer than the old one even if the clock is behind it.
      const timestamp = old === undefined ? nowMs : Math.max(nowMs, old.timestamp + 1);
      const value =
        'amount' in column ? addToCounter(old, column.amount) : appendTo(old, column.value);
      return makeCell({
        row: op.row,
        family: column.family,
        qualifier: column.qualifier,
        timestamp,
        type: CellType.Put,
        value,
        sequenceId,
      });
    }),
  );
}

function addToCounter(old: Cell | undefined, amount: bigint): Buffer {
  let base = 0n;
  if (old !== undefined) {
    if (old.value.length !== COUNTER_BYTES) {
      throw new InvalidMutationError(
        `Field is not a long, it's ${old.value.length} bytes wide; increment needs ${COUNTER_BYTES}`,
      );
    }
    base = old.value.readBigInt64BE(0);
  }
  const out = Buffer.alloc(COUNTER_BYTES);
  out.writeBigInt64BE(BigInt.asIntN(64, base + amount));
  return out;
}

function appendTo(old: Cell | undefined, value: Buffer): Buffer {
  return old === undefined ? Buffer.from(value) : Buffer.concat([old.value, value]);
}

function columnKey(family: Buffer, qualifier: Buffer): string {
  return `${family.toString('latin1')}\u0000${qualifier.toString('latin1')}`;
}
