// Assignment records kept in the coordinator: one persistent node per region under
// /colonnade/assignment holding the record as JSON. The coordinator replicates each write through
// Raft before it answers, so a record the master persisted survives the master and any minority
// of coordinator members.
import { ASSIGNMENT_PATH } from '../../common/znodes.js';
import { type CoordClient, joinPath } from '../../coord/client/index.js';
import { NoNodeError } from '../../coord/errors.js';
import { ensurePath } from '../../coord/client/recipes/support.js';
import type { RegionRecord, RegionState, RegionTarget } from './types.js';
import { CorruptAssignmentError } from './errors.js';

/** Where assignment records are written; the driver awaits each write before the next command. */
export interface AssignmentStore {
  persist(record: RegionRecord): Promise<void>;
  load(): Promise<RegionRecord[]>;
  /** Forgets a region's record (its table was deleted). */
  remove(region: string): Promise<void>;
}

const STATES: readonly RegionState[] = [
  'OFFLINE',
  'OPENING',
  'OPEN',
  'FAILED_OPEN',
  'CLOSING',
  'CLOSED',
];

export class CoordAssignmentStore implements AssignmentStore {
  readonly #client: CoordClient;
  #ready = false;

  constructor(client: CoordClient) {
    this.#client = client;
  }

  async persist(record: RegionRecord): Promise<void> {
    await this.#ensure();
    const path = joinPath(ASSIGNMENT_PATH, record.region);
    const data = JSON.stringify(record);
    try {
      await this.#client.setData(path, data);
    } catch (error) {
      if (!(error instanceof NoNodeError)) throw error;
      await this.#client.create(path, data);
    }
  }

  async remove(region: string): Promise<void> {
    try {
      await this.#client.delete(joinPath(ASSIGNMENT_PATH, region));
    } catch (error) {
      if (!(error instanceof NoNodeError)) throw error;
    }
  }

  async load(): Promise<RegionRecord[]> {
    await this.#ensure();
    const records: RegionRecord[] = [];
    for (const name of (await this.#client.getChildren(ASSIGNMENT_PATH)).sort()) {
      const { data } = await this.#client.getData(joinPath(ASSIGNMENT_PATH, name));
      records.push(parseRecord(name, data.toString('utf8')));
    }
    return records;
  }

  async #ensure(): Promise<void> {
    if (this.#ready) return;
    await ensurePath(this.#client, ASSIGNMENT_PATH);
    this.#ready = true;
  }
}

/** A stored record, checked field by field. */
export function parseRecord(region: string, text: string): RegionRecord {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new CorruptAssignmentError(`the record of ${region} is not JSON`);
  }
  const fields = (typeof value === 'object' && value !== null ? value : {}) as Record<
    string,
    unknown
  >;
  const bad = (field: string): never => {
    throw new CorruptAssignmentError(`the record of ${region} has a bad ${field}`);
  };
  const state = fields['state'];
  if (typeof state !== 'string' || !(STATES as readonly string[]).includes(state)) bad('state');
  const target = fields['target'];
  if (target !== 'online' && target !== 'offline') bad('target');
  const optionalString = (name: string): string | undefined => {
    const v = fields[name];
    if (v === undefined || typeof v === 'string') return v;
    return bad(name);
  };
  const count = (name: string): number => {
    const v = fields[name];
    return Number.isSafeInteger(v) && (v as number) >= 0 ? (v as number) : bad(name);
  };
  if (fields['region'] !== region) bad('region');
  return {
    region,
    state: state as RegionState,
    target: target as RegionTarget,
    server: optionalString('server'),
    preferred: optionalString('preferred'),
    attempts: count('attempts'),
    openSeqNum: count('openSeqNum'),
  };
}
