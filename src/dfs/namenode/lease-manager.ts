// Leases, soft state rebuilt at start-up from files under construction: one lease per client (its
// renewal time) covering the files it writes, by file id so renames need no change. Invariant:
// `holders[fileId] === h` exactly when `leases[h].fileIds` has fileId; empty leases are dropped.

export interface Lease {
  readonly holder: string;
  /** Monotonic time of the last renewal. */
  lastRenewedMs: number;
  readonly fileIds: Set<number>;
}

export class LeaseManager {
  readonly #leases = new Map<string, Lease>();
  readonly #holders = new Map<number, string>();

  /** Gives `holder` the lease on a file (renewing its lease). */
  add(holder: string, fileId: number, nowMs: number): void {
    this.remove(fileId);
    let lease = this.#leases.get(holder);
    if (lease === undefined) {
      lease = { holder, lastRenewedMs: nowMs, fileIds: new Set() };
      this.#leases.set(holder, lease);
    }
    lease.lastRenewedMs = nowMs;
    lease.fileIds.add(fileId);
    this.#holders.set(fileId, holder);
  }

  /** Releases the lease on a file (closed, deleted or taken over). */
  remove(fileId: number): void {
    const holder = this.#holders.get(fileId);
    if (holder === undefined) return;
    this.#holders.delete(fileId);
    const lease = this.#leases.get(holder);
    lease?.fileIds.delete(fileId);
    if (lease?.fileIds.size === 0) this.#leases.delete(holder);
  }

  /** Renews every file of `holder`; false when it holds none. */
  renew(holder: string, nowMs: number): boolean {
    const lease = this.#leases.get(holder);
    if (lease === undefined) return false;
    lease.lastRenewedMs = nowMs;
    return true;
  }

  holderOf(fileId: number): string | undefined {
    return this.#holders.get(fileId);
  }

  lease(holder: string): Lease | undefined {
    return this.#leases.get(holder);
  }

  /** True when `holder` has not renewed for `limitMs`. */
  expired(holder: string, nowMs: number, limitMs: number): boolean {
    const lease = this.#leases.get(holder);
    return lease === undefined || nowMs - lease.lastRenewedMs >= limitMs;
  }

  leases(): IterableIterator<Lease> {
    return this.#leases.values();
  }

  get size(): number {
    return this.#holders.size;
  }
}
