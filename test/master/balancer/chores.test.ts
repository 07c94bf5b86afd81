// The balancer's and the load tracker's shells against fakes on a manual clock: moves bounded in
// flight, failures logged and not counted, one run at a time, periodic runs until stopped, pinned
// regions left in place; requests per second from the last two status reports.
import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../../src/common/clock.js';
import { silentLogger } from '../../../src/common/log.js';
import { familyDescriptor, type TableDescriptor } from '../../../src/common/operations.js';
import type { RegionRecord } from '../../../src/master/assignment/index.js';
import {
  Balancer,
  BALANCER_MOVES_IN_FLIGHT_MAX,
  BALANCER_PERIOD_MS,
  LOAD_POLL_MS,
  LoadTracker,
  type AssignmentView,
} from '../../../src/master/balancer/index.js';
import { Catalog } from '../../../src/master/catalog.js';
import { META_REGION_INFO } from '../../../src/master/meta/index.js';
import { makeRegionInfo } from '../../../src/regionserver/region-info.js';
import type { RegionServerStatus } from '../../../src/regionserver/service/protocol.js';

const table = (name: string): TableDescriptor => ({
  name,
  families: [familyDescriptor('f')],
  durability: 'USE_DEFAULT',
});

/** A cluster of `live` servers, every region of table `t` (and meta) open on the first. */
function cluster(regions: number, live: string[]) {
  const catalog = new Catalog();
  const records = new Map<string, RegionRecord>();
  const open = (region: string, server: string): void => {
    records.set(region, {
      region,
      state: 'OPEN',
      target: 'online',
      server,
      preferred: undefined,
      attempts: 0,
      openSeqNum: 1,
    });
  };
  for (const [name, state] of [
    ['t', 'ENABLED'],
    ['e', 'ENABLING'],
  ] as const) {
    catalog.tables.set(name, table(name));
    catalog.tableStates.set(name, state);
  }
  const names: string[] = [];
  for (let i = 0; i < regions; i++) {
    const info = makeRegionInfo('t', Buffer.from([i]), Buffer.from([i + 1]), 1);
    catalog.addRegion(info, table('t'));
    open(info.encodedName, live[0] ?? '');
    names.push(info.encodedName);
  }
  open(META_REGION_INFO.encodedName, live[0] ?? '');
  const machine: AssignmentView = {
    records: () => [...records.values()],
    liveServers: live,
    recoveringServers: [],
  };
  return { catalog, records, open, machine, names };
}

function counts(records: Map<string, RegionRecord>): Map<string, number> {
  const out = new Map<string, number>();
  for (const r of records.values()) out.set(r.server ?? '', (out.get(r.server ?? '') ?? 0) + 1);
  return out;
}

const tick = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

describe('Balancer', () => {
  it('balances with bounded moves in flight, one run at a time, skipping busy regions', async () => {
    const c = cluster(20, ['a', 'b', 'c']);
    const busy = c.names[19] ?? '';
    let inFlight = 0;
    let maxInFlight = 0;
    const failing = new Set<string>();
    const moved: string[] = [];
    const balancer = new Balancer(
      {
        catalog: c.catalog,
        clock: new ManualClock(),
        logger: silentLogger,
        requireActive: () => ({ driver: { machine: c.machine } }),
        isBusy: (r) => r === busy,
        move: async (region, to) => {
          inFlight++;
          maxInFlight = Math.max(maxInFlight, inFlight);
          await tick();
          inFlight--;
          if (failing.has(region)) throw new Error(`cannot move ${region}`);
          c.open(region, to);
          moved.push(region);
        },
      },
      { slopFraction: 0 },
    );
    failing.add(balancer.plan()[0]?.region ?? '');
    const first = balancer.balance();
    expect(balancer.balance()).toBe(first);
    // 21 regions on 3 servers: 7 each, so 14 moves, one of which fails.
    expect(await first).toBe(13);
    expect(maxInFlight).toBe(BALANCER_MOVES_IN_FLIGHT_MAX);
    expect(moved).not.toContain(busy);
    expect(moved).not.toContain(META_REGION_INFO.encodedName);
    failing.clear();
    expect(await balancer.balance()).toBe(1);
    expect([...counts(c.records).values()].sort()).toEqual([7, 7, 7]);
    expect(await balancer.balance()).toBe(0);
  });

  it('runs every period through the clock until stopped, and waits out transitions', async () => {
    const c = cluster(6, ['a', 'b']);
    const clock = new ManualClock();
    let runs = 0;
    const balancer = new Balancer({
      catalog: c.catalog,
      clock,
      logger: silentLogger,
      requireActive: () => {
        runs++;
        return { driver: { machine: c.machine } };
      },
      isBusy: () => false,
      move: async (region, to) => {
        await tick();
        c.open(region, to);
      },
    });
    const [first] = c.names;
    const record = c.records.get(first ?? '');
    if (record !== undefined) c.records.set(record.region, { ...record, state: 'OPENING' });
    balancer.start();
    clock.advance(BALANCER_PERIOD_MS - 1);
    expect(runs).toBe(0);
    clock.advance(1);
    for (let i = 0; i < 10; i++) await tick();
    expect(runs).toBe(1);
    expect(counts(c.records).get('a')).toBe(7); // in transition: skipped
    if (record !== undefined) c.records.set(record.region, record);
    clock.advance(BALANCER_PERIOD_MS);
    for (let i = 0; i < 20; i++) await tick();
    expect(runs).toBe(2);
    expect(counts(c.records).get('a')).toBe(4);
    expect(counts(c.records).get('b')).toBe(3);
    balancer.stop();
    expect(clock.pendingTimers).toBe(0);
    clock.advance(BALANCER_PERIOD_MS * 3);
    expect(runs).toBe(2);
  });

  it('leaves regions of tables not enabled where they are', async () => {
    const c = cluster(0, ['a', 'b']);
    const enabling = makeRegionInfo('e', Buffer.alloc(0), Buffer.alloc(0), 1);
    c.catalog.addRegion(enabling, table('e'));
    for (let i = 0; i < 3; i++) c.open(`unknown-${i}`, 'a');
    c.open(enabling.encodedName, 'a');
    const balancer = new Balancer({
      catalog: c.catalog,
      clock: new ManualClock(),
      logger: silentLogger,
      requireActive: () => ({ driver: { machine: c.machine } }),
      isBusy: () => false,
      move: () => Promise.reject(new Error('nothing may move')),
    });
    expect(balancer.plan()).toEqual([]);
  });
});

describe('LoadTracker', () => {
  it('reports requests per second from the last two reports and forgets dead servers', async () => {
    const clock = new ManualClock();
    let live = ['a', 'b'];
    const requests = new Map([
      ['a', 100],
      ['b', 0],
    ]);
    const status = (server: string): RegionServerStatus => ({
      serverName: server,
      openScanners: 0,
      requests: requests.get(server) ?? 0,
      regions: [
        {
          region: `${server}-r`,
          table: 't',
          startKey: Buffer.alloc(0),
          endKey: Buffer.alloc(0),
          memstoreBytes: 10,
          storeFileBytes: 1000,
        },
      ],
    });
    const tracker = new LoadTracker({
      clock,
      logger: silentLogger,
      liveServers: () => live,
      fetchStatus: async (server) => {
        await tick();
        return status(server);
      },
    });
    tracker.start();
    await tracker.idle();
    expect(tracker.loads().map((l) => l.requestsPerSecond)).toEqual([0, 0]);
    requests.set('a', 100 + 3 * LOAD_POLL_MS); // 3 per ms: 3000 per second
    clock.advance(LOAD_POLL_MS);
    await tracker.idle();
    expect(tracker.loads()).toEqual([
      { server: 'a', regions: 1, requestsPerSecond: 3000, memstoreBytes: 10, storeFileBytes: 1000 },
      { server: 'b', regions: 1, requestsPerSecond: 0, memstoreBytes: 10, storeFileBytes: 1000 },
    ]);
    live = ['a'];
    expect(tracker.loads().map((l) => l.server)).toEqual(['a']);
    clock.advance(LOAD_POLL_MS);
    await tracker.idle();
    expect(tracker.loads()[0]?.requestsPerSecond).toBe(0);
    tracker.stop();
    expect(clock.pendingTimers).toBe(0);
  });
});
