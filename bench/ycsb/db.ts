// The driver's view of a database, as YCSB's DB class: one client per worker (YCSB's one DB
// instance per thread), each call answering a Status; and a system under test that starts its
// servers, creates `usertable`, hands out clients and stops exactly what it started.
import type { ChildProcess } from 'node:child_process';
import { rmSync } from 'node:fs';
import type { FieldValues } from './core-workload.js';
import type { Status } from './measurements.js';

export interface YcsbDb {
  /** fields null: every field (readallfields). */
  read(table: string, key: string, fields: readonly string[] | null): Promise<Status>;
  /** Up to `count` records from `startKey` on, in the system's key order. */
  scan(
    table: string,
    startKey: string,
    count: number,
    fields: readonly string[] | null,
  ): Promise<Status>;
  update(table: string, key: string, values: FieldValues): Promise<Status>;
  insert(table: string, key: string, values: FieldValues): Promise<Status>;
  delete(table: string, key: string): Promise<Status>;
  close(): Promise<void>;
}

export interface TableSetup {
  readonly table: string;
  readonly fields: readonly string[];
  /** The keys the load phase will write (Colonnade pre-splits at their quantiles). */
  readonly loadKeys: readonly string[];
}

export interface YcsbSystem {
  /** `colonnade`, `postgres` or `redis`: used in ratio names. */
  readonly name: string;
  /** What ran, with its version. */
  readonly label: string;
  /** Its processes and settings, for the record in docs/benchmarks.md. */
  readonly layout: string;
  createTable(setup: TableSetup): Promise<void>;
  newClient(): Promise<YcsbDb>;
  /** Its server processes (children included by the CPU meter); none for a server not ours. */
  serverPids(): readonly number[];
  /** Stops what start started (idempotent). */
  stop(): Promise<void>;
}

/** Registered stops, run on SIGINT/SIGTERM before exiting, so that no server is left behind. */
const stops = new Set<() => Promise<void>>();
let handlersInstalled = false;
let abortRequested = false;

/** True once SIGINT or SIGTERM arrived: start nothing new, issue no more operations. */
export function aborted(): boolean {
  return abortRequested;
}

/**
 * If this process exits with `child` still running (a crash, or exit during a stop): SIGKILL it
 * and remove its directory. Returns the function that cancels this.
 */
export function cleanUpOnExit(child: ChildProcess, dir: string): () => void {
  const cleanUp = (): void => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  };
  process.once('exit', cleanUp);
  return () => process.off('exit', cleanUp);
}

export function stopOnSignal(stop: () => Promise<void>): () => void {
  stops.add(stop);
  if (!handlersInstalled) {
    handlersInstalled = true;
    const onSignal = (signal: NodeJS.Signals): void => {
      abortRequested = true;
      process.stderr.write(`ycsb: ${signal}: stopping the servers started\n`);
      void Promise.allSettled([...stops].map((s) => s())).then(() => process.exit(130));
    };
    process.once('SIGINT', onSignal);
    process.once('SIGTERM', onSignal);
  }
  return () => stops.delete(stop);
}
