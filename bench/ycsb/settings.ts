// The YCSB run's settings, from the environment: record and operation counts (CI-size
// defaults; BENCH_QUICK=1 for a short run), workers, workloads, systems, the Colonnade layout and
// the seed. Invariant: every count is a positive integer, or the run is refused naming the value.
import { WORKLOADS, RUN_ORDER, type WorkloadId } from './workloads.js';

export const SYSTEM_NAMES = ['colonnade', 'postgres', 'redis'] as const;
export type SystemName = (typeof SYSTEM_NAMES)[number];

/** perf-anchors.md §9 B4: 100 k records for a CI-size run (1 M for a full one), 16 in flight. */
export const RECORDS_DEFAULT = 100_000;
export const OPERATIONS_DEFAULT = 100_000;
export const QUICK_RECORDS = 25_000;
export const QUICK_OPERATIONS = 25_000;
export const THREADS_DEFAULT = 16;
/** Workload E's scans move ~50 records each: it runs this fraction of the operation count. */
export const SCAN_WORKLOAD_OPERATIONS_DIVISOR = 10;
export const REGION_SERVERS_DEFAULT = 1;
export const REGIONS_PER_SERVER_DEFAULT = 4;
export const SEED_DEFAULT = 2010;

export interface YcsbSettings {
  readonly quick: boolean;
  readonly recordcount: number;
  readonly operationcount: number;
  /** Workload E's operation count. */
  readonly scanOperationcount: number;
  readonly threads: number;
  readonly workloads: readonly WorkloadId[];
  readonly systems: readonly SystemName[];
  readonly regionServers: number;
  readonly regions: number;
  readonly seed: number;
  readonly profileDir: string | undefined;
}

type Env = Readonly<Record<string, string | undefined>>;

function positiveInteger(env: Env, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isSafeInteger(value) || value < 1) {
    throw new Error(`${name} is ${raw}; it must be a positive integer`);
  }
  return value;
}

function list<T extends string>(
  env: Env,
  name: string,
  allowed: readonly T[],
  fallback: readonly T[],
): T[] {
  const raw = env[name];
  if (raw === undefined || raw === '') return [...fallback];
  const items = raw.split(',').map((s) => s.trim().toLowerCase());
  for (const item of items) {
    if (!(allowed as readonly string[]).includes(item)) {
      throw new Error(`${name} names ${item}; it must be among ${allowed.join(',')}`);
    }
  }
  return items as T[];
}

export function settingsFromEnv(env: Env): YcsbSettings {
  const quick = env['BENCH_QUICK'] === '1';
  const recordcount = positiveInteger(
    env,
    'BENCH_YCSB_RECORDS',
    quick ? QUICK_RECORDS : RECORDS_DEFAULT,
  );
  const operationcount = positiveInteger(
    env,
    'BENCH_YCSB_OPERATIONS',
    quick ? QUICK_OPERATIONS : OPERATIONS_DEFAULT,
  );
  const regionServers = positiveInteger(env, 'BENCH_YCSB_REGIONSERVERS', REGION_SERVERS_DEFAULT);
  const workloadIds = Object.keys(WORKLOADS) as WorkloadId[];
  const chosen = list(env, 'BENCH_YCSB_WORKLOADS', workloadIds, RUN_ORDER);
  return {
    quick,
    recordcount,
    operationcount,
    scanOperationcount: positiveInteger(
      env,
      'BENCH_YCSB_OPERATIONS_E',
      Math.max(1, Math.floor(operationcount / SCAN_WORKLOAD_OPERATIONS_DIVISOR)),
    ),
    threads: positiveInteger(env, 'BENCH_YCSB_THREADS', THREADS_DEFAULT),
    // Always YCSB's order (D before E), whatever order they were named in.
    workloads: RUN_ORDER.filter((id) => chosen.includes(id)),
    systems: list(env, 'BENCH_YCSB_SYSTEMS', SYSTEM_NAMES, SYSTEM_NAMES),
    regionServers,
    regions: positiveInteger(env, 'BENCH_YCSB_REGIONS', regionServers * REGIONS_PER_SERVER_DEFAULT),
    seed: positiveInteger(env, 'BENCH_SEED', SEED_DEFAULT),
    profileDir: env['BENCH_YCSB_PROFILE'] === '' ? undefined : env['BENCH_YCSB_PROFILE'],
  };
}

export function operationsFor(settings: YcsbSettings, workload: WorkloadId): number {
  return workload === 'e' ? settings.scanOperationcount : settings.operationcount;
}
