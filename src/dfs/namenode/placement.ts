// Replica placement, pure: the favored datanodes first (the writer's own), then the rest at random
// with the less loaded of two random picks preferred. Invariant: no datanode twice, none excluded,
// at most `count`, and fewer only when the candidates run out.
import type { Rng } from '../../common/rng.js';
import type { DatanodeInfo } from '../types.js';

export interface PlacementCandidate {
  readonly info: DatanodeInfo;
  /** Pipelines and transfers in progress there. */
  readonly load: number;
  readonly remainingBytes: number;
}

export interface PlacementRequest {
  readonly count: number;
  /** Datanodes that may be chosen (live, not stale, with room): the caller filters. */
  readonly candidates: readonly PlacementCandidate[];
  /** Datanode ids to take first, in order, when they are candidates. */
  readonly favored: readonly string[];
  /** Datanode ids never to choose (the client's exclusions, the block's current holders). */
  readonly excluded: ReadonlySet<string>;
}

/** True when `a` should take a replica before `b`. */
function lessLoaded(a: PlacementCandidate, b: PlacementCandidate): boolean {
  if (a.load !== b.load) return a.load < b.load;
  return a.remainingBytes >= b.remainingBytes;
}

export function chooseTargets(request: PlacementRequest, rng: Rng): DatanodeInfo[] {
  const pool = new Map<string, PlacementCandidate>();
  for (const c of request.candidates) {
    if (!request.excluded.has(c.info.datanodeId)) pool.set(c.info.datanodeId, c);
  }
  const chosen: DatanodeInfo[] = [];
  for (const id of request.favored) {
    if (chosen.length >= request.count) break;
    const candidate = pool.get(id);
    if (candidate === undefined) continue;
    chosen.push(candidate.info);
    pool.delete(id);
  }
  const rest = [...pool.values()];
  while (chosen.length < request.count && rest.length > 0) {
    let index = rng.nextInt(rest.length);
    if (rest.length > 1) {
      const other = (index + 1 + rng.nextInt(rest.length - 1)) % rest.length;
      if (!lessLoaded(rest[index] as PlacementCandidate, rest[other] as PlacementCandidate)) {
        index = other;
      }
    }
    const [picked] = rest.splice(index, 1);
    chosen.push((picked as PlacementCandidate).info);
  }
  return chosen;
}
