// Unfinished splits and merges, kept in the coordinator (one persistent node per procedure, named
// by its first region, holding JSON): a master taking over reads them and finishes or undoes each.
// A record is written before the step it names begins, and removed once the procedure is done.
import { PROCEDURES_PATH } from '../common/znodes.js';
import { type CoordClient, joinPath } from '../coord/client/index.js';
import { ensurePath } from '../coord/client/recipes/support.js';
import { NoNodeError } from '../coord/errors.js';
import {
  type RegionInfo,
  regionInfoFromJson,
  regionInfoToJson,
} from '../regionserver/region-info.js';
import { CorruptAssignmentError } from './assignment/errors.js';

/**
 * A split: SPLITTING while the parent's server splits it and the records close it (undone on
 * takeover: the parent reopens); UPDATING_META once that is done, before meta is written (HBase's
 * point of no return: finished on takeover, meta written again); then META_UPDATED (finished on
 * takeover: the daughters are assigned).
 */
export interface SplitProcedure {
  readonly kind: 'split';
  readonly step: 'SPLITTING' | 'UPDATING_META' | 'META_UPDATED';
  readonly parent: RegionInfo;
  readonly daughters: readonly [RegionInfo, RegionInfo];
  /** The server that held the parent. */
  readonly server: string;
}

/**
 * A merge: CLOSING while the parents close (undone on takeover), MOVING_FILES once their files
 * start moving into the merged region, then META_UPDATED (both finished on takeover).
 */
export interface MergeProcedure {
  readonly kind: 'merge';
  readonly step: 'CLOSING' | 'MOVING_FILES' | 'META_UPDATED';
  readonly parents: readonly [RegionInfo, RegionInfo];
  readonly merged: RegionInfo;
}

export type RegionProcedure = SplitProcedure | MergeProcedure;

/** The node name of a procedure: its first region's encoded name. */
export function procedureName(procedure: RegionProcedure): string {
  return procedure.kind === 'split'
    ? procedure.parent.encodedName
    : procedure.parents[0].encodedName;
}

export class ProcedureStore {
  readonly #client: CoordClient;
  #ready = false;

  constructor(client: CoordClient) {
    this.#client = client;
  }

  async save(procedure: RegionProcedure): Promise<void> {
    await this.#ensure();
    const path = joinPath(PROCEDURES_PATH, procedureName(procedure));
    const data = encodeProcedure(procedure);
    try {
      await this.#client.setData(path, data);
    } catch (error) {
      if (!(error instanceof NoNodeError)) throw error;
      await this.#client.create(path, data);
    }
  }

  async remove(procedure: RegionProcedure): Promise<void> {
    try {
      await this.#client.delete(joinPath(PROCEDURES_PATH, procedureName(procedure)));
    } catch (error) {
      if (!(error instanceof NoNodeError)) throw error;
    }
  }

  async load(): Promise<RegionProcedure[]> {
    await this.#ensure();
    const out: RegionProcedure[] = [];
    for (const name of (await this.#client.getChildren(PROCEDURES_PATH)).sort()) {
      const { data } = await this.#client.getData(joinPath(PROCEDURES_PATH, name));
      out.push(decodeProcedure(name, data.toString('utf8')));
    }
    return out;
  }

  async #ensure(): Promise<void> {
    if (this.#ready) return;
    await ensurePath(this.#client, PROCEDURES_PATH);
    this.#ready = true;
  }
}

export function encodeProcedure(procedure: RegionProcedure): string {
  const info = (r: RegionInfo): unknown => JSON.parse(regionInfoToJson(r));
  if (procedure.kind === 'split') {
    return JSON.stringify({
      ...procedure,
      parent: info(procedure.parent),
      daughters: procedure.daughters.map(info),
    });
  }
  return JSON.stringify({
    ...procedure,
    parents: procedure.parents.map(info),
    merged: info(procedure.merged),
  });
}

/** A stored procedure, checked; CorruptAssignment when it is not one this master wrote. */
export function decodeProcedure(name: string, text: string): RegionProcedure {
  const bad = (what: string): never => {
    throw new CorruptAssignmentError(`procedure ${name}: ${what}`);
  };
  let raw: Record<string, unknown>;
  try {
    raw = JSON.parse(text) as Record<string, unknown>;
  } catch {
    return bad('not JSON');
  }
  const info = (value: unknown): RegionInfo => {
    try {
      return regionInfoFromJson(JSON.stringify(value));
    } catch {
      return bad('a bad region');
    }
  };
  const pair = (value: unknown): [RegionInfo, RegionInfo] => {
    if (!Array.isArray(value) || value.length !== 2) return bad('a bad region pair');
    return [info(value[0]), info(value[1])];
  };
  if (raw['kind'] === 'split') {
    const step = raw['step'];
    if (step !== 'SPLITTING' && step !== 'UPDATING_META' && step !== 'META_UPDATED') {
      return bad('a bad step');
    }
    const server = raw['server'];
    if (typeof server !== 'string') return bad('a bad server');
    return {
      kind: 'split',
      step,
      parent: info(raw['parent']),
      daughters: pair(raw['daughters']),
      server,
    };
  }
  if (raw['kind'] === 'merge') {
    const step = raw['step'];
    if (step !== 'CLOSING' && step !== 'MOVING_FILES' && step !== 'META_UPDATED') {
      return bad('a bad step');
    }
    return { kind: 'merge', step, parents: pair(raw['parents']), merged: info(raw['merged']) };
  }
  return bad('an unknown kind');
}
