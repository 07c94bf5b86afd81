// The balancer's pure planner (the idea of HBase's SimpleLoadBalancer, by region count): moves
// that leave every server within [floor(avg), ceil(avg)] regions with the fewest moves possible.
// Deterministic (ties by name); a region is moved at most once; pinned regions never move.
import { assert } from '../../common/assert.js';
import { BALANCER_SLOP_FRACTION } from './limits.js';

/** One live server as the planner sees it. */
export interface ServerRegions {
  readonly server: string;
  /** Its open regions that may move (encoded names). */
  readonly movable: readonly string[];
  /** Regions it serves that count toward its load but never move (meta, busy regions). */
  readonly pinned: number;
}

export interface RegionMove {
  readonly region: string;
  readonly from: string;
  readonly to: string;
}

/**
 * Whether the counts call for balancing: two servers or more, and one of them outside
 * [floor(avg × (1 − slop)), ceil(avg × (1 + slop))] with max − min above 1.
 */
export function needsBalance(
  counts: readonly number[],
  slopFraction: number = BALANCER_SLOP_FRACTION,
): boolean {
  if (counts.length < 2) return false;
  const total = counts.reduce((sum, n) => sum + n, 0);
  const min = Math.min(...counts);
  const max = Math.max(...counts);
  if (max - min <= 1) return false;
  const avg = total / counts.length;
  return min < Math.floor(avg * (1 - slopFraction)) || max > Math.ceil(avg * (1 + slopFraction));
}

/**
 * Each server's target count: `total mod n` servers get ceil(avg), the others floor(avg). The
 * ceil targets go to servers whose pinned regions need them, then to the fullest (which makes the
 * sum of excesses, the number of moves, least), ties by name.
 */
export function targetCounts(servers: readonly ServerRegions[]): Map<string, number> {
  const counts = servers.map((s) => ({ s, count: s.movable.length + s.pinned }));
  const total = counts.reduce((sum, c) => sum + c.count, 0);
  const floor = Math.floor(total / servers.length);
  const extra = total % servers.length;
  const ranked = [...counts].sort(
    (a, b) =>
      Number(b.s.pinned > floor) - Number(a.s.pinned > floor) ||
      b.count - a.count ||
      byName(a.s.server, b.s.server),
  );
  return new Map(ranked.map((c, i) => [c.s.server, i < extra ? floor + 1 : floor]));
}

/**
 * The moves that balance the servers, or none when they are within the slop. Overloaded servers
 * shed their movable regions (by name) down to their target; the shed regions go round-robin to
 * the servers below theirs, the emptiest first.
 */
export function planMoves(
  servers: readonly ServerRegions[],
  slopFraction: number = BALANCER_SLOP_FRACTION,
): RegionMove[] {
  checkInput(servers);
  const sorted = [...servers].sort((a, b) => byName(a.server, b.server));
  if (!needsBalance(sorted.map(countOf), slopFraction)) return [];
  const targets = targetCounts(sorted);
  const shed: { region: string; from: string }[] = [];
  const receivers: { server: string; room: number }[] = [];
  for (const s of sorted) {
    const diff = countOf(s) - (targets.get(s.server) ?? 0);
    if (diff > 0) {
      const regions = [...s.movable].sort(byName).slice(0, diff);
      for (const region of regions) shed.push({ region, from: s.server });
    } else if (diff < 0) {
      receivers.push({ server: s.server, room: -diff });
    }
  }
  receivers.sort((a, b) => b.room - a.room || byName(a.server, b.server));
  const moves: RegionMove[] = [];
  let next = 0;
  for (const { region, from } of shed) {
    const open = receivers.filter((r) => r.room > 0);
    if (open.length === 0) break;
    const receiver = open[next % open.length];
    assert(receiver !== undefined, 'a receiver with room');
    receiver.room--;
    moves.push({ region, from, to: receiver.server });
    next = receiver.room > 0 ? next + 1 : next;
  }
  return moves;
}

function countOf(s: ServerRegions): number {
  return s.movable.length + s.pinned;
}

function byName(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function checkInput(servers: readonly ServerRegions[]): void {
  const names = new Set<string>();
  const regions = new Set<string>();
  for (const s of servers) {
    assert(!names.has(s.server), `server ${s.server} given twice`);
    assert(Number.isInteger(s.pinned) && s.pinned >= 0, `pinned count ${s.pinned} of ${s.server}`);
    names.add(s.server);
    for (const r of s.movable) {
      assert(!regions.has(r), `region ${r} given twice`);
      regions.add(r);
    }
  }
}
