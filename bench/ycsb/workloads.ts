// YCSB's core workloads A–F as brianfrankcooper/YCSB's workloads/workload{a..f} set them, over
// CoreWorkload's defaults (table usertable, 10 fields of 100 bytes, hashed inserts, scans of
// 1..maxscanlength rows, uniform). recordcount and operationcount are the run's own.

export type RequestDistribution = 'zipfian' | 'latest' | 'uniform';

export interface WorkloadSpec {
  /** `a` … `f`. */
  readonly id: string;
  readonly title: string;
  readonly table: string;
  readonly fieldcount: number;
  readonly fieldlength: number;
  readonly fieldnameprefix: string;
  readonly readallfields: boolean;
  readonly writeallfields: boolean;
  readonly readproportion: number;
  readonly updateproportion: number;
  readonly insertproportion: number;
  readonly scanproportion: number;
  readonly readmodifywriteproportion: number;
  readonly requestdistribution: RequestDistribution;
  readonly minscanlength: number;
  readonly maxscanlength: number;
  readonly scanlengthdistribution: 'uniform';
  readonly insertorder: 'hashed' | 'ordered';
  readonly zeropadding: number;
}

/** CoreWorkload's defaults (the values a workload file does not set). */
export const CORE_DEFAULTS: Omit<WorkloadSpec, 'id' | 'title'> = {
  table: 'usertable',
  fieldcount: 10,
  fieldlength: 100,
  fieldnameprefix: 'field',
  readallfields: true,
  writeallfields: false,
  readproportion: 0.95,
  updateproportion: 0.05,
  insertproportion: 0,
  scanproportion: 0,
  readmodifywriteproportion: 0,
  requestdistribution: 'uniform',
  minscanlength: 1,
  maxscanlength: 1000,
  scanlengthdistribution: 'uniform',
  insertorder: 'hashed',
  zeropadding: 1,
};

type Overrides = Partial<Omit<WorkloadSpec, 'id' | 'title'>>;

function workload(id: string, title: string, overrides: Overrides): WorkloadSpec {
  return { ...CORE_DEFAULTS, id, title, ...overrides };
}

const NO_OPS = { readproportion: 0, updateproportion: 0, scanproportion: 0, insertproportion: 0 };

export const WORKLOADS: Readonly<Record<'a' | 'b' | 'c' | 'd' | 'e' | 'f', WorkloadSpec>> = {
  a: workload('a', 'Update heavy', {
    ...NO_OPS,
    readproportion: 0.5,
    updateproportion: 0.5,
    requestdistribution: 'zipfian',
  }),
  b: workload('b', 'Read mostly', {
    ...NO_OPS,
    readproportion: 0.95,
    updateproportion: 0.05,
    requestdistribution: 'zipfian',
  }),
  c: workload('c', 'Read only', { ...NO_OPS, readproportion: 1, requestdistribution: 'zipfian' }),
  d: workload('d', 'Read latest', {
    ...NO_OPS,
    readproportion: 0.95,
    insertproportion: 0.05,
    requestdistribution: 'latest',
  }),
  e: workload('e', 'Short ranges', {
    ...NO_OPS,
    scanproportion: 0.95,
    insertproportion: 0.05,
    requestdistribution: 'zipfian',
    maxscanlength: 100,
    scanlengthdistribution: 'uniform',
  }),
  f: workload('f', 'Read-modify-write', {
    ...NO_OPS,
    readproportion: 0.5,
    readmodifywriteproportion: 0.5,
    requestdistribution: 'zipfian',
  }),
};

export type WorkloadId = keyof typeof WORKLOADS;

/**
 * The order YCSB's wiki runs them in: load, A, B, C, F, D — then E on a database holding only the
 * loaded records (YCSB reloads; this driver deletes the records D inserted instead).
 */
export const RUN_ORDER: readonly WorkloadId[] = ['a', 'b', 'c', 'f', 'd', 'e'];

export function fieldNames(spec: WorkloadSpec): string[] {
  return Array.from({ length: spec.fieldcount }, (_, i) => `${spec.fieldnameprefix}${i}`);
}
