// What the crash test expects after replay, built from the writer's stdout lines: each row's state
// after its acknowledged operations, and — when the writer died with an operation on that row in
// flight — the state after that one too. A read is right when it matches one of those states.
import type { Cell } from '../../../src/common/cell.js';
import type { WriterLine, WriterOp } from './crash-writer.js';

const COUNTER_BYTES = 8;

/** A row's value, or null when it must not exist. */
type RowValue = Buffer | null;

function counterValue(sum: bigint): Buffer {
  const value = Buffer.alloc(COUNTER_BYTES);
  value.writeBigInt64BE(sum);
  return value;
}

export class CrashModel {
  acks = 0;
  acksAfterFlush = 0;
  #flushed = false;
  /** Operations printed but not (yet) acknowledged, by id. */
  readonly #pending = new Map<number, WriterOp>();
  /** State after acknowledged operations only. */
  readonly #acked = new Map<string, RowValue>();
  readonly #counters = new Map<string, bigint>();
  /** Disagreements found while reading the lines (an increment's answer). */
  readonly ackProblems: string[] = [];

  take(line: WriterLine): void {
    switch (line.k) {
      case 'ready':
      case 'error':
        return;
      case 'flushed':
        this.#flushed = true;
        return;
      case 'intent': {
        const op: WriterOp =
          line.op === 'put'
            ? { op: 'put', puts: line.puts }
            : line.op === 'delete'
              ? { op: 'delete', row: line.row }
              : { op: 'incr', row: line.row, amount: line.amount };
        this.#pending.set(line.id, op);
        return;
      }
      case 'ack':
        this.#ack(line.id, line.value);
        return;
    }
  }

  #ack(id: number, answer: string | undefined): void {
    const op = this.#pending.get(id);
    if (op === undefined) {
      this.ackProblems.push(`ack ${id} without an intent`);
      return;
    }
    this.#pending.delete(id);
    this.acks++;
    if (this.#flushed) this.acksAfterFlush++;
    if (op.op === 'put') {
      for (const put of op.puts) this.#acked.set(put.row, Buffer.from(put.value, 'hex'));
    } else if (op.op === 'delete') {
      this.#acked.set(op.row, null);
    } else {
      const sum = (this.#counters.get(op.row) ?? 0n) + BigInt(op.amount);
      this.#counters.set(op.row, sum);
      const value = counterValue(sum);
      this.#acked.set(op.row, value);
      if (answer !== value.toString('hex')) {
        this.ackProblems.push(`increment ${id} of ${op.row} answered ${answer}, expected ${sum}`);
      }
    }
  }

  /** Every row any operation touched, acknowledged or not. */
  rows(): string[] {
    const rows = new Set(this.#acked.keys());
    for (const op of this.#pending.values()) {
      if (op.op === 'put') for (const put of op.puts) rows.add(put.row);
      else rows.add(op.row);
    }
    return [...rows].sort();
  }

  /** The states a row may be in: the acknowledged one, and one per operation left in flight. */
  possible(row: string): RowValue[] {
    const states: RowValue[] = [this.#acked.get(row) ?? null];
    for (const op of this.#pending.values()) {
      if (op.op === 'put') {
        const put = op.puts.find((p) => p.row === row);
        if (put !== undefined) states.push(Buffer.from(put.value, 'hex'));
      } else if (op.op === 'delete' && op.row === row) {
        states.push(null);
      } else if (op.op === 'incr' && op.row === row) {
        states.push(counterValue((this.#counters.get(row) ?? 0n) + BigInt(op.amount)));
      }
    }
    return states;
  }

  /** Undefined when a get's cells match one of the row's possible states, else what is wrong. */
  check(
    row: string,
    cells: readonly Cell[],
    family: Buffer,
    qualifier: Buffer,
    counterQualifier: Buffer,
  ): string | undefined {
    const expectedQualifier = row.endsWith('-counter') ? counterQualifier : qualifier;
    let actual: RowValue = null;
    if (cells.length > 1) return `${cells.length} cells; expected at most one`;
    const [cell] = cells;
    if (cell !== undefined) {
      if (!cell.family.equals(family) || !cell.qualifier.equals(expectedQualifier)) {
        return `a cell in ${cell.family.toString()}:${cell.qualifier.toString()}`;
      }
      actual = cell.value;
    }
    const states = this.possible(row);
    const matches = states.some((s) => (s === null ? actual === null : actual?.equals(s)));
    if (matches) return undefined;
    const show = (v: RowValue): string => (v === null ? 'absent' : `${v.length} bytes`);
    return `read ${show(actual)}; expected one of ${states.map(show).join(', ')}`;
  }

  /** Problems of a full scan: missing rows that must exist, rows nothing wrote, wrong values. */
  checkScan(
    scanned: readonly (readonly Cell[])[],
    family: Buffer,
    qualifier: Buffer,
    counterQualifier: Buffer,
  ): string[] {
    const problems: string[] = [];
    const seen = new Set<string>();
    for (const cells of scanned) {
      const row = cells[0]?.row.toString('utf8') ?? '';
      seen.add(row);
      const problem = this.check(row, cells, family, qualifier, counterQualifier);
      if (problem !== undefined) problems.push(`${row}: ${problem}`);
    }
    for (const row of this.rows()) {
      if (!seen.has(row) && !this.possible(row).includes(null)) {
        problems.push(`${row}: acknowledged but missing from the scan`);
      }
    }
    return problems;
  }

  summary(): string {
    const flushed = `${this.acksAfterFlush} after the flush`;
    return `${this.acks} acks (${flushed}), ${this.#pending.size} in flight`;
  }
}
