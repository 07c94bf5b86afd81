// What the balancer plans from, taken from the assignment records, pure: nothing when a region is
// in transition or a dead server is being recovered (as HBase, it waits for a quiet cluster);
// else every live server with its OPEN regions, of which only those that may move are movable.
import type { RegionRecord } from '../assignment/index.js';
import type { ServerRegions } from './plan.js';

/** Why a region may not move, or undefined when it may. */
export type Pinned = 'meta' | 'table not enabled' | 'busy' | 'unknown region';

export interface BalancerInputSource {
  readonly records: readonly RegionRecord[];
  readonly liveServers: readonly string[];
  /** Dead servers whose WALs are not split yet. */
  readonly recoveringServers: readonly string[];
  /** Why the region may not move now, or undefined when it may. */
  pinned(region: string): Pinned | undefined;
}

export type BalancerInput =
  | { readonly kind: 'plan'; readonly servers: readonly ServerRegions[] }
  | { readonly kind: 'skip'; readonly reason: string };

const SETTLED_STATES: ReadonlySet<string> = new Set(['OPEN', 'CLOSED', 'OFFLINE']);

export function balancerInput(source: BalancerInputSource): BalancerInput {
  const moving = source.records.filter((r) => !SETTLED_STATES.has(r.state));
  if (moving.length > 0) {
    const first = moving[0];
    return {
      kind: 'skip',
      reason: `${moving.length} region(s) in transition (${first?.region} is ${first?.state})`,
    };
  }
  if (source.recoveringServers.length > 0) {
    return {
      kind: 'skip',
      reason: `servers being recovered: ${source.recoveringServers.join(' ')}`,
    };
  }
  const servers = new Map(
    source.liveServers.map((s) => [s, { server: s, movable: [] as string[], pinned: 0 }]),
  );
  for (const record of source.records) {
    const server = record.server === undefined ? undefined : servers.get(record.server);
    if (record.state !== 'OPEN' || server === undefined) continue;
    if (source.pinned(record.region) === undefined) server.movable.push(record.region);
    else server.pinned++;
  }
  return { kind: 'plan', servers: [...servers.values()] };
}
