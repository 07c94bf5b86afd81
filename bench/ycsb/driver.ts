// YCSB's Client loop: a fixed number of workers (one YcsbDb each, one request in flight each)
// drain one shared operation count; every DB call is timed as DBWrapper times it, and a
// READ-MODIFY-WRITE also as a whole. The operations come from one seeded CoreWorkload, so every
// system is sent the same sequence.
import type { CoreWorkload, Operation } from './core-workload.js';
import { aborted, type YcsbDb } from './db.js';
import { Measurements, type MeasurementSummary, type Status } from './measurements.js';

/** How often a phase prints its progress (YCSB's status thread prints every 10 s). */
export const STATUS_INTERVAL_MS = 10_000;

export interface PhaseResult {
  readonly runtimeMs: number;
  readonly operations: number;
  readonly summaries: readonly MeasurementSummary[];
}

type Timed = (operation: string, call: () => Promise<Status>) => Promise<Status>;

function timer(measurements: Measurements, onError: (error: unknown) => void): Timed {
  return async (operation, call) => {
    const start = performance.now();
    let status: Status;
    try {
      status = await call();
    } catch (error) {
      onError(error);
      status = 'ERROR';
    }
    measurements.record(operation, status, (performance.now() - start) * 1000);
    return status;
  };
}

async function transaction(
  db: YcsbDb,
  table: string,
  op: Operation,
  timed: Timed,
  measurements: Measurements,
  workload: CoreWorkload,
): Promise<void> {
  switch (op.kind) {
    case 'READ':
      await timed('READ', () => db.read(table, op.key, op.fields));
      return;
    case 'UPDATE':
      await timed('UPDATE', () => db.update(table, op.key, op.values));
      return;
    case 'INSERT':
      try {
        await timed('INSERT', () => db.insert(table, op.key, op.values));
      } finally {
        workload.acknowledgeInsert(op.keynum);
      }
      return;
    case 'SCAN':
      await timed('SCAN', () => db.scan(table, op.startKey, op.count, op.fields));
      return;
    case 'READ-MODIFY-WRITE': {
      const start = performance.now();
      let status = await timed('READ', () => db.read(table, op.key, op.fields));
      if (status === 'OK')
        status = await timed('UPDATE', () => db.update(table, op.key, op.values));
      measurements.measure('READ-MODIFY-WRITE', (performance.now() - start) * 1000);
      measurements.reportStatus('READ-MODIFY-WRITE', status);
      return;
    }
  }
}

/** Runs `total` operations over the workers; `step` does one with worker `db`. */
async function drain(
  label: string,
  clients: readonly YcsbDb[],
  total: number,
  step: (db: YcsbDb) => Promise<void>,
): Promise<number> {
  let issued = 0;
  let done = 0;
  const start = performance.now();
  const status = setInterval(() => {
    const seconds = (performance.now() - start) / 1000;
    process.stderr.write(`${label}: ${Math.round(seconds)} sec: ${done} operations\n`);
  }, STATUS_INTERVAL_MS);
  status.unref();
  try {
    await Promise.all(
      clients.map(async (db) => {
        while (issued < total && !aborted()) {
          issued += 1;
          await step(db);
          done += 1;
        }
      }),
    );
  } finally {
    clearInterval(status);
  }
  return performance.now() - start;
}

function errorReporter(label: string): { onError: (error: unknown) => void; report(): void } {
  let errors = 0;
  return {
    onError: (error) => {
      errors += 1;
      if (errors === 1) process.stderr.write(`${label}: first error: ${String(error)}\n`);
    },
    report: () => {
      if (errors > 1) process.stderr.write(`${label}: ${errors} calls threw\n`);
    },
  };
}

/** The load phase: `recordcount` inserts (CoreWorkload.doInsert). */
export async function loadPhase(
  label: string,
  clients: readonly YcsbDb[],
  workload: CoreWorkload,
  recordcount: number,
): Promise<PhaseResult> {
  const measurements = new Measurements();
  const errors = errorReporter(label);
  const timed = timer(measurements, errors.onError);
  const table = workload.spec.table;
  try {
    const runtimeMs = await drain(label, clients, recordcount, async (db) => {
      const op = workload.nextLoadInsert();
      await timed('INSERT', () => db.insert(table, op.key, op.values));
    });
    errors.report();
    return { runtimeMs, operations: recordcount, summaries: measurements.summaries() };
  } finally {
    measurements.destroy();
  }
}

/** The run phase: `operationcount` transactions (CoreWorkload.doTransaction). */
export async function runPhase(
  label: string,
  clients: readonly YcsbDb[],
  workload: CoreWorkload,
  operationcount: number,
): Promise<PhaseResult> {
  const measurements = new Measurements();
  const errors = errorReporter(label);
  const timed = timer(measurements, errors.onError);
  const table = workload.spec.table;
  try {
    const runtimeMs = await drain(label, clients, operationcount, (db) =>
      transaction(db, table, workload.nextTransaction(), timed, measurements, workload),
    );
    errors.report();
    return { runtimeMs, operations: operationcount, summaries: measurements.summaries() };
  } finally {
    measurements.destroy();
  }
}

/** Deletes `keys` over the workers (untimed): the records a run phase inserted. */
export async function deleteKeys(
  clients: readonly YcsbDb[],
  table: string,
  keys: readonly string[],
): Promise<number> {
  let next = 0;
  let failed = 0;
  await Promise.all(
    clients.map(async (db) => {
      for (let key = keys[next++]; key !== undefined && !aborted(); key = keys[next++]) {
        const status = await db.delete(table, key).catch((): Status => 'ERROR');
        if (status !== 'OK') failed += 1;
      }
    }),
  );
  return failed;
}
