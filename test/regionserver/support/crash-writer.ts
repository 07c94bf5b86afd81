// The child process of region-crash.test.ts: opens a Wal and a Region on a running block filesystem
// and writes with SYNC_WAL from a few workers (puts, batches, deletes, increments), printing each
// operation before it starts and again once it is acknowledged, one JSON line each on stdout. It
// flushes once midway (--flush-after N acks) and writes until it is killed (or --max-ms passes).
// Invariant: an `ack` line is printed only after the Region resolved that operation.
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { SeededRng } from '../../../src/common/rng.js';
import { familyDescriptor, type TableDescriptor } from '../../../src/common/operations.js';
import type { Mutation } from '../../../src/common/mutations.js';
import type { Region } from '../../../src/regionserver/index.js';
import { openRegionStack } from './region-harness.js';

export const CRASH_TABLE: TableDescriptor = {
  name: 'crash',
  families: [familyDescriptor('f')],
  durability: 'USE_DEFAULT',
};
export const CRASH_FAMILY = Buffer.from('f');
export const CRASH_QUALIFIER = Buffer.from('q');
export const COUNTER_QUALIFIER = Buffer.from('n');
/** The WAL rolls at this size, so a run leaves several files (some archived after the flush). */
export const CRASH_WAL_ROLL_BYTES = 128 * 1024;
const VALUE_BYTES_MAX = 600;
const BATCH_PUTS_MAX = 10;
const INCREMENT_MAX = 100;

/** One stdout line of the writer. Values are hex; an ack answers the intent with the same id. */
export type WriterLine =
  | { readonly k: 'ready' }
  | { readonly k: 'flushed'; readonly acks: number }
  | { readonly k: 'error'; readonly message: string }
  | { readonly k: 'ack'; readonly id: number; readonly value?: string }
  | ({ readonly k: 'intent'; readonly id: number; readonly w: number } & WriterOp);

export type WriterOp =
  | { readonly op: 'put'; readonly puts: readonly { row: string; value: string }[] }
  | { readonly op: 'delete'; readonly row: string }
  | { readonly op: 'incr'; readonly row: string; readonly amount: number };

export function counterRow(worker: number): string {
  return `w${worker}-counter`;
}

function emit(line: WriterLine): void {
  // A pipe's writes are synchronous on Linux: the line is in the pipe before the next statement.
  process.stdout.write(`${JSON.stringify(line)}\n`);
}

interface Shared {
  readonly region: Region;
  nextId: number;
  acks: number;
  readonly flushAfter: number;
  flushed: boolean;
}

/** One worker: its own rows (`w<n>-<seq>`) and counter, one operation at a time, forever. */
async function work(shared: Shared, worker: number, rng: SeededRng): Promise<never> {
  const live: string[] = [];
  let seq = 0;
  const newPut = (): { row: string; value: string } => {
    const value = Buffer.alloc(1 + rng.nextInt(VALUE_BYTES_MAX));
    for (let i = 0; i < value.length; i++) value[i] = rng.nextInt(256);
    return { row: `w${worker}-${String(seq++).padStart(6, '0')}`, value: value.toString('hex') };
  };
  for (;;) {
    const dice = rng.nextInt(10);
    let op: WriterOp;
    if (dice === 0 && live.length > 0) {
      const [row = ''] = live.splice(rng.nextInt(live.length), 1);
      op = { op: 'delete', row };
    } else if (dice === 1) {
      op = { op: 'incr', row: counterRow(worker), amount: 1 + rng.nextInt(INCREMENT_MAX) };
    } else {
      const count = dice < 6 ? 1 : 2 + rng.nextInt(BATCH_PUTS_MAX - 1);
      op = { op: 'put', puts: Array.from({ length: count }, newPut) };
    }
    const id = shared.nextId++;
    emit({ k: 'intent', id, w: worker, ...op });
    const value = await apply(shared.region, op);
    emit(value === undefined ? { k: 'ack', id } : { k: 'ack', id, value });
    if (op.op === 'put') live.push(...op.puts.map((p) => p.row));
    shared.acks++;
    if (!shared.flushed && shared.acks >= shared.flushAfter) {
      shared.flushed = true;
      await shared.region.flush();
      emit({ k: 'flushed', acks: shared.acks });
    }
  }
}

/** Runs one operation; an increment answers with the counter's new value (hex). */
async function apply(region: Region, op: WriterOp): Promise<string | undefined> {
  switch (op.op) {
    case 'put': {
      const mutations: Mutation[] = op.puts.map((p) => ({
        type: 'put',
        row: Buffer.from(p.row),
        cells: [
          { family: CRASH_FAMILY, qualifier: CRASH_QUALIFIER, value: Buffer.from(p.value, 'hex') },
        ],
      }));
      const [only] = mutations;
      if (mutations.length === 1 && only?.type === 'put') await region.put(only);
      else await region.batchMutate(mutations);
      return undefined;
    }
    case 'delete':
      await region.delete({ type: 'delete', row: Buffer.from(op.row), targets: [] });
      return undefined;
    case 'incr': {
      const cells = await region.mutateRow({
        type: 'increment',
        row: Buffer.from(op.row),
        columns: [
          { family: CRASH_FAMILY, qualifier: COUNTER_QUALIFIER, amount: BigInt(op.amount) },
        ],
      });
      return cells[0]?.value.toString('hex') ?? '';
    }
  }
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      namenode: { type: 'string' },
      'server-name': { type: 'string' },
      replication: { type: 'string', default: '3' },
      seed: { type: 'string', default: '1' },
      workers: { type: 'string', default: '4' },
      'flush-after': { type: 'string', default: '150' },
      'max-ms': { type: 'string', default: '60000' },
    },
  });
  const namenode = values.namenode ?? '';
  const serverName = values['server-name'] ?? '';
  if (namenode === '' || serverName === '') throw new Error('--namenode and --server-name needed');
  // Bounded: whatever the parent does, this process ends.
  setTimeout(() => process.exit(2), Number(values['max-ms'])).unref();
  const stack = await openRegionStack({
    namenode,
    table: CRASH_TABLE,
    replication: Number(values.replication),
    serverName,
    walRollBytes: CRASH_WAL_ROLL_BYTES,
  });
  const shared: Shared = {
    region: stack.region,
    nextId: 0,
    acks: 0,
    flushAfter: Number(values['flush-after']),
    flushed: false,
  };
  emit({ k: 'ready' });
  const seed = Number(values.seed);
  const workers = Number(values.workers);
  await Promise.all(
    Array.from({ length: workers }, (_, w) => work(shared, w, new SeededRng(seed + w))),
  );
}

const invokedAsScript =
  process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href;
if (invokedAsScript) {
  main().catch((error: unknown) => {
    emit({
      k: 'error',
      message: error instanceof Error ? (error.stack ?? error.message) : String(error),
    });
    process.exit(1);
  });
}
