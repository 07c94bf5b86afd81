// The region server's open scanners, each under a lease renewed by every call (HBase's
// RSRpcServices scanner leases): a scanner idle for SCANNER_LEASE_MS is closed and its id
// forgotten; closing a region closes its scanners. Ids are never reused. Pure bookkeeping on an
// injected clock; the sweep is driven by the shell.
import type { Clock } from '../../common/clock.js';
import { LimitExceededError } from '../../common/errors.js';
import { RenewingMap } from '../../common/renewing-map.js';
import { UnknownScannerError } from '../errors.js';
import { OPEN_SCANNERS_MAX, SCANNER_LEASE_MS } from './limits.js';

/** What a lease holds: anything that can be closed (a RegionScanner). */
export interface Closable {
  close(): void;
}

interface Lease<S> {
  readonly scanner: S;
  readonly region: string;
  lastUsedMs: number;
  /** A call is reading from it now: it cannot expire under that call. */
  busy: boolean;
  /** Forgotten while busy (its region closing): closed when that call ends. */
  closeWhenDone: boolean;
}

export class ScannerLeases<S extends Closable> {
  readonly #clock: Clock;
  readonly #leaseMs: number;
  readonly #leases = new RenewingMap<number, Lease<S>>();
  #nextId = 1;

  constructor(clock: Clock, leaseMs: number = SCANNER_LEASE_MS) {
    this.#clock = clock;
    this.#leaseMs = leaseMs;
  }

  get size(): number {
    return this.#leases.size;
  }

  add(region: string, scanner: S): number {
    if (this.#leases.size >= OPEN_SCANNERS_MAX) {
      scanner.close();
      throw new LimitExceededError(
        `${this.#leases.size} scanners are open on this server; OPEN_SCANNERS_MAX is ` +
          `${OPEN_SCANNERS_MAX}`,
      );
    }
    const id = this.#nextId++;
    this.#leases.set(id, {
      scanner,
      region,
      lastUsedMs: this.#clock.monotonicMs(),
      busy: false,
      closeWhenDone: false,
    });
    return id;
  }

  /** Runs `use` on scanner `id` with its lease held (renewed when it ends). */
  async use<T>(id: number, use: (scanner: S) => Promise<T>): Promise<T> {
    const lease = this.#leases.get(id);
    if (lease === undefined) {
      throw new UnknownScannerError(
        `scanner ${id} is not open here: its lease expired, its region closed, or it never was`,
      );
    }
    if (lease.busy) throw new UnknownScannerError(`scanner ${id} is already being read`);
    lease.busy = true;
    try {
      return await use(lease.scanner);
    } finally {
      lease.busy = false;
      lease.lastUsedMs = this.#clock.monotonicMs();
      if (lease.closeWhenDone) lease.scanner.close();
    }
  }

  close(id: number): boolean {
    const lease = this.#leases.get(id);
    if (lease === undefined) return false;
    this.#leases.delete(id);
    lease.scanner.close();
    return true;
  }

  /**
   * Closes every scanner of a region (it is closing or moving). A scanner a call is reading from
   * is forgotten now and closed when that call ends (the region's close waits for the call), so
   * the call never reads from a closed scanner.
   */
  closeRegion(region: string): number {
    let closed = 0;
    for (const [id, lease] of this.#leases) {
      if (lease.region !== region) continue;
      if (lease.busy) {
        this.#leases.delete(id);
        lease.closeWhenDone = true;
      } else {
        this.close(id);
      }
      closed++;
    }
    return closed;
  }

  /** Closes the scanners idle past the lease; returns their ids. */
  expire(): number[] {
    const now = this.#clock.monotonicMs();
    const expired: number[] = [];
    for (const [id, lease] of this.#leases) {
      if (!lease.busy && now - lease.lastUsedMs >= this.#leaseMs) expired.push(id);
    }
    for (const id of expired) this.close(id);
    return expired;
  }

  closeAll(): void {
    for (const id of [...this.#leases.keys()]) this.close(id);
  }
}
