// The master's assignment state machine (HBase AMv2's TransitRegionStateProcedure and the region
// part of ServerCrashProcedure), pure: events in, commands out, no I/O and no clock. The I/O shell
// writes each `persist` before it sends the commands after it, so a master that dies at any point
// leaves records from which the next one resumes with `resume`.
// Invariants: a region is sent to at most one server at a time (OPENING, OPEN and CLOSING name
// one server, and a new open is sent only from OFFLINE, CLOSED or FAILED_OPEN); the regions of a
// dead server open elsewhere only after its WALs are split; a server that reports a region open
// that the records do not place there is told to close it.
import { pickServer } from './placement.js';
import type { AssignmentCommand, AssignmentEvent, RegionRecord } from './types.js';

/**
 * Failed opens in a row before a region is left FAILED_OPEN (HBase's
 * hbase.assignment.maximum.attempts is larger; its retries back off for minutes).
 */
export const ASSIGN_ATTEMPTS_MAX = 3;

/** A region as it is first known: closed, nowhere. */
export function newRecord(region: string): RegionRecord {
  return {
    region,
    state: 'OFFLINE',
    target: 'offline',
    server: undefined,
    preferred: undefined,
    attempts: 0,
    openSeqNum: 0,
  };
}

export class AssignmentMachine {
  readonly #records = new Map<string, RegionRecord>();
  readonly #live = new Set<string>();
  /** Dead servers whose WALs are not split yet: their regions stay where the records put them. */
  readonly #recovering = new Set<string>();

  /** A master starting from persisted records; send it `resume` before anything else. */
  constructor(records: Iterable<RegionRecord> = []) {
    for (const record of records) this.#records.set(record.region, record);
  }

  record(region: string): RegionRecord | undefined {
    return this.#records.get(region);
  }

  records(): RegionRecord[] {
    return [...this.#records.values()];
  }

  /**
   * Drops a region that is closed for good (its table deleted); false, and nothing changes, while
   * it should serve or is placed on a server.
   */
  forget(region: string): boolean {
    const record = this.#records.get(region);
    if (record === undefined) return true;
    const closed =
      record.state === 'CLOSED' || record.state === 'OFFLINE' || record.state === 'FAILED_OPEN';
    if (record.target !== 'offline' || !closed) return false;
    this.#records.delete(region);
    return true;
  }

  get liveServers(): string[] {
    return [...this.#live].sort();
  }

  get recoveringServers(): string[] {
    return [...this.#recovering].sort();
  }

  apply(event: AssignmentEvent): AssignmentCommand[] {
    const out: AssignmentCommand[] = [];
    switch (event.kind) {
      case 'assign':
        this.#want(event.region, 'online', undefined, out);
        break;
      case 'unassign':
        this.#want(event.region, 'offline', undefined, out);
        break;
      case 'move':
        this.#move(event.region, event.to, out);
        break;
      case 'opened':
        this.#opened(event.region, event.server, event.openSeqNum, out);
        break;
      case 'openFailed':
        this.#openFailed(event.region, event.server, out);
        break;
      case 'closed':
        this.#closed(event.region, event.server, out);
        break;
      case 'serverOnline':
        if (!this.#recovering.has(event.server)) this.#live.add(event.server);
        this.#assignPending(out);
        break;
      case 'serverDead':
        this.#serverDead(event.server, out);
        break;
      case 'walsSplit':
        this.#walsSplit(event.server, out);
        break;
      case 'resume':
        this.#resume(event.live, out);
        break;
    }
    return out;
  }

  #want(
    region: string,
    target: 'online' | 'offline',
    preferred: string | undefined,
    out: AssignmentCommand[],
  ): void {
    const record = this.#records.get(region) ?? newRecord(region);
    const next: RegionRecord = { ...record, target, preferred, attempts: 0 };
    if (target === 'offline') {
      if (record.state === 'OPEN' || record.state === 'OPENING') {
        this.#close(next, record.server as string, out);
      } else if (record.state !== 'CLOSING') {
        this.#persist({ ...next, state: 'CLOSED', server: undefined }, out);
      } else {
        this.#persist(next, out);
      }
      return;
    }
    if (record.state === 'OPEN' || record.state === 'OPENING' || record.state === 'CLOSING') {
      // Already placed or on its way; a CLOSING region reopens once it is closed.
      this.#persist(next, out);
      return;
    }
    this.#assign(next, out);
  }

  #move(region: string, to: string, out: AssignmentCommand[]): void {
    const record = this.#records.get(region);
    if (record === undefined || record.target !== 'online') return;
    if (record.state === 'OPEN' && record.server !== to) {
      this.#close({ ...record, preferred: to }, record.server as string, out);
      return;
    }
    if (record.state === 'OFFLINE' || record.state === 'CLOSED' || record.state === 'FAILED_OPEN') {
      this.#assign({ ...record, preferred: to, attempts: 0 }, out);
    }
  }

  #opened(region: string, server: string, openSeqNum: number, out: AssignmentCommand[]): void {
    const record = this.#records.get(region);
    if (record?.state === 'OPENING' && record.server === server) {
      this.#persist({ ...record, state: 'OPEN', attempts: 0, openSeqNum }, out);
      return;
    }
    if (record?.state === 'OPEN' && record.server === server) return; // a repeated report
    // Not where the records put it (a stale open, or a server that missed a close): the master's
    // view wins, and a live server is told to close it. A dead one serves nothing any more.
    if (this.#live.has(server)) out.push({ kind: 'close', region, server });
  }

  #openFailed(region: string, server: string, out: AssignmentCommand[]): void {
    const record = this.#records.get(region);
    if (record?.state !== 'OPENING' || record.server !== server) return;
    const attempts = record.attempts + 1;
    const failed: RegionRecord = { ...record, state: 'OFFLINE', server: undefined, attempts };
    if (attempts >= ASSIGN_ATTEMPTS_MAX) {
      this.#persist({ ...failed, state: 'FAILED_OPEN' }, out);
      return;
    }
    this.#assign(failed, out, server);
  }

  #closed(region: string, server: string, out: AssignmentCommand[]): void {
    const record = this.#records.get(region);
    if (record?.state !== 'CLOSING' || record.server !== server) return;
    const closed: RegionRecord = { ...record, state: 'CLOSED', server: undefined };
    if (record.target === 'online') this.#assign(closed, out, server);
    else this.#persist(closed, out);
  }

  #serverDead(server: string, out: AssignmentCommand[]): void {
    this.#live.delete(server);
    if (this.#recovering.has(server)) return;
    this.#recovering.add(server);
    out.push({ kind: 'splitWals', server });
  }

  #walsSplit(server: string, out: AssignmentCommand[]): void {
    if (!this.#recovering.delete(server)) return;
    for (const record of this.#sortedRecords()) {
      if (record.server !== server) continue;
      // OPENING, OPEN or CLOSING on a server that is gone: closed, with its edits recovered.
      const closed: RegionRecord = { ...record, state: 'CLOSED', server: undefined };
      if (record.target === 'online') this.#assign(closed, out);
      else this.#persist(closed, out);
    }
  }

  #resume(live: readonly string[], out: AssignmentCommand[]): void {
    this.#live.clear();
    for (const server of live) this.#live.add(server);
    const dead = new Set<string>();
    for (const record of this.#sortedRecords()) {
      const server = record.server;
      if (server === undefined) continue;
      if (!this.#live.has(server)) {
        dead.add(server);
        continue;
      }
      // Sent again: a server that already did it reports the same outcome again.
      if (record.state === 'OPENING') out.push({ kind: 'open', region: record.region, server });
      if (record.state === 'CLOSING') out.push({ kind: 'close', region: record.region, server });
    }
    for (const server of [...dead].sort()) this.#serverDead(server, out);
    this.#assignPending(out);
  }

  /** Every region that should serve and sits closed, placed now that a server may be free. */
  #assignPending(out: AssignmentCommand[]): void {
    for (const record of this.#sortedRecords()) {
      if (record.target !== 'online') continue;
      if (record.state === 'OFFLINE' || record.state === 'CLOSED') this.#assign(record, out);
    }
  }

  /** Sends a closed region to a server (OPENING, persisted first); stays closed if none is live. */
  #assign(record: RegionRecord, out: AssignmentCommand[], avoid?: string): void {
    const server = pickServer(this.#load(), record.preferred, avoid);
    if (server === undefined) {
      this.#persist(record, out);
      return;
    }
    this.#persist({ ...record, state: 'OPENING', server, preferred: undefined }, out);
    out.push({ kind: 'open', region: record.region, server });
  }

  #close(record: RegionRecord, server: string, out: AssignmentCommand[]): void {
    this.#persist({ ...record, state: 'CLOSING', server }, out);
    out.push({ kind: 'close', region: record.region, server });
  }

  #persist(record: RegionRecord, out: AssignmentCommand[]): void {
    this.#records.set(record.region, record);
    out.push({ kind: 'persist', record });
  }

  /** Regions placed on each live server (OPENING, OPEN or CLOSING there). */
  #load(): Map<string, number> {
    const load = new Map<string, number>();
    for (const server of this.#live) load.set(server, 0);
    for (const record of this.#records.values()) {
      const server = record.server;
      if (server !== undefined && load.has(server)) load.set(server, (load.get(server) ?? 0) + 1);
    }
    return load;
  }

  /** In region order, so that the commands of one event do not depend on insertion history. */
  #sortedRecords(): RegionRecord[] {
    return [...this.#records.values()].sort((a, b) =>
      a.region < b.region ? -1 : a.region > b.region ? 1 : 0,
    );
  }
}
