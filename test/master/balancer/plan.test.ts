// The balancer's planner against its promises (fast-check, seeded): within one region of each
// other after the plan, the fewest moves (checked by brute force), each region moved once, meta
// never moved, no moves within the slop, the same plan for the same input.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { RegionRecord } from '../../../src/master/assignment/index.js';
import {
  balancerInput,
  needsBalance,
  planMoves,
  type RegionMove,
  type ServerRegions,
} from '../../../src/master/balancer/index.js';
import { META_REGION_INFO } from '../../../src/master/meta/index.js';

const seed = Number(process.env['COLONNADE_SEED'] ?? 20_240_606);
const params = { seed, numRuns: 300 };
console.log(`balancer plan seed ${seed} (COLONNADE_SEED=${seed} replays)`);

/** Servers `s0..` with region counts; region names unique across servers. */
const clusters = fc
  .array(fc.nat(24), { minLength: 1, maxLength: 7 })
  .chain((counts) =>
    fc.tuple(
      fc.constant(counts),
      fc.array(fc.nat(1), { minLength: counts.length, maxLength: counts.length }),
    ),
  )
  .map(([counts, pins]) =>
    counts.map((n, i): ServerRegions => ({
      server: `s${i}`,
      movable: Array.from({ length: n }, (_, j) => `r${i}-${j}`),
      // At most one pinned region in all (meta), on the first server given one.
      pinned: i === pins.indexOf(1) ? 1 : 0,
    })),
  );

function after(servers: readonly ServerRegions[], moves: readonly RegionMove[]): number[] {
  const counts = new Map(servers.map((s) => [s.server, s.movable.length + s.pinned]));
  for (const m of moves) {
    counts.set(m.from, (counts.get(m.from) ?? 0) - 1);
    counts.set(m.to, (counts.get(m.to) ?? 0) + 1);
  }
  return [...counts.values()];
}

/** The least number of moves to [floor, ceil], by trying every choice of ceil servers. */
function fewestMoves(counts: readonly number[]): number {
  const total = counts.reduce((a, b) => a + b, 0);
  const floor = Math.floor(total / counts.length);
  const extra = total % counts.length;
  let best = Infinity;
  for (let mask = 0; mask < 1 << counts.length; mask++) {
    let bits = 0;
    for (let i = 0; i < counts.length; i++) bits += (mask >> i) & 1;
    if (bits !== extra) continue;
    const moves = counts.reduce(
      (sum, n, i) => sum + Math.max(0, n - (floor + ((mask >> i) & 1))),
      0,
    );
    best = Math.min(best, moves);
  }
  return best;
}

describe('planMoves', () => {
  it('balances to within one region with the fewest moves, each region once', () => {
    fc.assert(
      fc.property(clusters, (servers) => {
        const counts = servers.map((s) => s.movable.length + s.pinned);
        const moves = planMoves(servers);
        if (!needsBalance(counts)) {
          expect(moves).toEqual([]);
          return;
        }
        const final = after(servers, moves);
        expect(Math.max(...final) - Math.min(...final)).toBeLessThanOrEqual(1);
        expect(moves.length).toBe(fewestMoves(counts));
        expect(new Set(moves.map((m) => m.region)).size).toBe(moves.length);
        const owner = new Map(servers.flatMap((s) => s.movable.map((r) => [r, s.server])));
        for (const m of moves) {
          expect(owner.get(m.region)).toBe(m.from);
          expect(m.to).not.toBe(m.from);
        }
      }),
      params,
    );
  });

  it('gives the same plan for the same input, in any order', () => {
    fc.assert(
      fc.property(clusters, (servers) => {
        const reversed = [...servers].reverse().map((s) => ({
          ...s,
          movable: [...s.movable].reverse(),
        }));
        expect(planMoves(reversed)).toEqual(planMoves(servers));
      }),
      params,
    );
  });

  it('moves nothing when the servers are within one region of each other', () => {
    fc.assert(
      fc.property(fc.nat(30), fc.array(fc.boolean(), { minLength: 1, maxLength: 8 }), (n, up) => {
        const servers = up.map((plus, i) => ({
          server: `s${i}`,
          movable: Array.from({ length: n + Number(plus) }, (_, j) => `r${i}-${j}`),
          pinned: 0,
        }));
        expect(planMoves(servers)).toEqual([]);
      }),
      params,
    );
  });

  it('moves nothing within the slop (20%), and balances past it', () => {
    const of = (counts: number[]): ServerRegions[] =>
      counts.map((n, i) => ({
        server: `s${i}`,
        movable: Array.from({ length: n }, (_, j) => `r${i}-${j}`),
        pinned: 0,
      }));
    // avg 10: within [floor(8), ceil(12)].
    expect(planMoves(of([12, 8, 10]))).toEqual([]);
    expect(planMoves(of([13, 7, 10])).length).toBe(3);
    expect(planMoves(of([9, 0, 0]))).toEqual([
      { region: 'r0-0', from: 's0', to: 's1' },
      { region: 'r0-1', from: 's0', to: 's2' },
      { region: 'r0-2', from: 's0', to: 's1' },
      { region: 'r0-3', from: 's0', to: 's2' },
      { region: 'r0-4', from: 's0', to: 's1' },
      { region: 'r0-5', from: 's0', to: 's2' },
    ]);
    expect(planMoves(of([30]))).toEqual([]);
  });
});

describe('balancerInput', () => {
  const meta = META_REGION_INFO.encodedName;
  const record = (region: string, server: string, state: RegionRecord['state']): RegionRecord => ({
    region,
    state,
    target: 'online',
    server,
    preferred: undefined,
    attempts: 0,
    openSeqNum: 1,
  });

  it('never lets meta or a pinned region move, and counts them', () => {
    fc.assert(
      fc.property(
        fc.array(fc.nat(3), { minLength: 1, maxLength: 40 }),
        fc.nat(3),
        fc.array(fc.boolean(), { minLength: 40, maxLength: 40 }),
        (placement, metaAt, pinned) => {
          const live = ['a', 'b', 'c', 'd'];
          const records = [
            record(meta, live[metaAt] ?? 'a', 'OPEN'),
            ...placement.map((at, i) => record(`r${i}`, live[at] ?? 'a', 'OPEN')),
          ];
          const pins = new Set(placement.flatMap((_, i) => (pinned[i] ? [`r${i}`] : [])));
          const input = balancerInput({
            records,
            liveServers: live,
            recoveringServers: [],
            pinned: (r) => (r === meta ? 'meta' : pins.has(r) ? 'busy' : undefined),
          });
          expect(input.kind).toBe('plan');
          if (input.kind !== 'plan') return;
          const counted = input.servers.reduce((sum, s) => sum + s.movable.length + s.pinned, 0);
          expect(counted).toBe(records.length);
          const moved = new Set(planMoves(input.servers).map((m) => m.region));
          expect(moved.has(meta)).toBe(false);
          for (const r of pins) expect(moved.has(r)).toBe(false);
        },
      ),
      params,
    );
  });

  it('skips while a region is in transition or a dead server is recovered', () => {
    const base = { liveServers: ['a', 'b'], pinned: () => undefined };
    const opening = [record('x', 'a', 'OPEN'), record('y', 'a', 'OPENING')];
    expect(balancerInput({ ...base, records: opening, recoveringServers: [] }).kind).toBe('skip');
    const open = [record('x', 'a', 'OPEN'), record('y', 'c', 'OPEN')];
    expect(balancerInput({ ...base, records: open, recoveringServers: ['c'] }).kind).toBe('skip');
    const settled = [...open, record('z', 'a', 'CLOSED')];
    const input = balancerInput({ ...base, records: settled, recoveringServers: [] });
    expect(input).toEqual({
      kind: 'plan',
      servers: [
        { server: 'a', movable: ['x'], pinned: 0 },
        { server: 'b', movable: [], pinned: 0 },
      ],
    });
  });
});
