// HBase's CheckAndMutateResult: whether the condition held (and so the action ran), and the
// action's Result when it returns one (Increment, Append). Plain and immutable.
import { Result } from './result.js';

export class CheckAndMutateResult {
  readonly #success: boolean;
  readonly #result: Result;

  constructor(success: boolean, result: Result = Result.EMPTY) {
    this.#success = success;
    this.#result = result;
  }

  isSuccess(): boolean {
    return this.#success;
  }

  /** The action's Result; empty for Put, Delete and RowMutations, or when the check failed. */
  getResult(): Result {
    return this.#result;
  }
}
