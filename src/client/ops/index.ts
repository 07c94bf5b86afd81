// The client SDK's operations, pure (no networking): the builders users write (Put, Get, Scan...)
// that turn into the engine's plain-data operations, and Result for what reads return.
export { Append } from './append.js';
export {
  CheckAndMutate,
  type CheckAndMutateAction,
  CheckAndMutateBuilder,
} from './check-and-mutate.js';
export { CheckAndMutateResult } from './check-and-mutate-result.js';
export type { BytesLike } from './checks.js';
export { Delete } from './delete.js';
export { Get } from './get.js';
export { Increment } from './increment.js';
export * from './limits.js';
export { Mutation, type Row } from './mutation.js';
export { Put } from './put.js';
export { Query } from './query.js';
export { Result, type ResultOptions } from './result.js';
export { RowMutations } from './row-mutations.js';
export { type RowBounds, Scan } from './scan.js';
