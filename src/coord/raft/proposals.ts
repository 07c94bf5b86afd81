// The leader's proposals waiting to be applied, by log index. One settles when its index is
// applied: resolved if the entry there is still the one proposed (same term), else rejected.
import { ConnectionLossError } from '../errors.js';
import type { Entry } from './types.js';

interface Proposal {
  readonly term: number;
  readonly resolve: (index: number) => void;
  readonly reject: (error: Error) => void;
}

export class Proposals {
  readonly #byIndex = new Map<number, Proposal>();

  get size(): number {
    return this.#byIndex.size;
  }

  /** Waits for the entry proposed at (index, term). The node bounds how many are outstanding. */
  track(index: number, term: number): Promise<number> {
    return new Promise((resolve, reject) => this.#byIndex.set(index, { term, resolve, reject }));
  }

  applied(entry: Entry): void {
    const proposal = this.#byIndex.get(entry.index);
    if (proposal === undefined) return;
    this.#byIndex.delete(entry.index);
    if (entry.term === proposal.term) {
      proposal.resolve(entry.index);
    } else {
      proposal.reject(
        new ConnectionLossError(
          `the entry proposed at ${entry.index} in term ${proposal.term} was replaced by one of term ${entry.term}`,
        ),
      );
    }
  }

  /** Rejects the proposals whose index matches `which`: their fate is unknown. */
  reject(which: (index: number) => boolean, reason: string): void {
    for (const [at, proposal] of this.#byIndex) {
      if (!which(at)) continue;
      this.#byIndex.delete(at);
      proposal.reject(new ConnectionLossError(`${reason}; the outcome of entry ${at} is unknown`));
    }
  }
}
