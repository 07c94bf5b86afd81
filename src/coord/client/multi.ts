// Building a multi's ops (strings as UTF-8) and reading its failure: a failed multi throws the
// failing op's error class with every op's result attached (ops after it: RuntimeInconsistency).
import { fromWire, InternalError, type ColonnadeError } from '../../common/errors.js';
import { RuntimeInconsistencyError } from '../errors.js';
import { CreateMode, type MultiOpResult, type TreeOp } from '../tree/types.js';
import { toBytes } from './paths.js';

/** The error a failed multi throws: the failing op's class, with the results of all ops. */
export type MultiFailure = ColonnadeError & {
  readonly results: readonly MultiOpResult[];
  /** The index of the op that failed, or -1 if the member named none. */
  readonly failedOpIndex: number;
};

/** The error for a multi that was not applied. */
export function multiFailure(results: readonly MultiOpResult[]): MultiFailure {
  const failedOpIndex = results.findIndex(
    (result) => result.kind === 'error' && result.error.code !== RuntimeInconsistencyError.code,
  );
  const failed = results[failedOpIndex];
  const error =
    failed?.kind === 'error'
      ? fromWire(failed.error)
      : new InternalError('the multi failed but no op result says why');
  return Object.assign(error, { results, failedOpIndex });
}

/** The per-op results carried by a multi's failure, if `error` is one. */
export function multiResultsOf(error: unknown): readonly MultiOpResult[] | undefined {
  if (typeof error !== 'object' || error === null || !('results' in error)) return undefined;
  const results: unknown = error.results;
  return Array.isArray(results) ? (results as MultiOpResult[]) : undefined;
}

/** Builders for multi ops. */
export const op = {
  create(
    path: string,
    data?: Uint8Array | string,
    mode: CreateMode = CreateMode.Persistent,
  ): TreeOp {
    return { kind: 'create', path, data: toBytes(data), mode };
  },
  delete(path: string, version = -1): TreeOp {
    return { kind: 'delete', path, version };
  },
  setData(path: string, data: Uint8Array | string, version = -1): TreeOp {
    return { kind: 'setData', path, data: toBytes(data), version };
  },
  check(path: string, version: number): TreeOp {
    return { kind: 'check', path, version };
  },
} as const;

export function isSequential(mode: CreateMode): boolean {
  return mode === CreateMode.PersistentSequential || mode === CreateMode.EphemeralSequential;
}
