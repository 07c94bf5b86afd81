// UNIT TESTS of the pure pieces of the writer: which files may be archived (never the current one,
// only once every region in them flushed past its highest id there) against a simple model, and
// the bounded, ordered wait for room in a full queue (on a manual clock).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../../src/common/clock.js';
import { WalFileTracker } from '../../../src/regionserver/wal/file-tracker.js';
import {
  WAL_APPEND_WAIT_TIMEOUT_MS,
  WalQueueFullError,
} from '../../../src/regionserver/wal/index.js';
import { RoomQueue } from '../../../src/regionserver/wal/room-queue.js';
import { entry } from './helpers.js';

describe('WalFileTracker', () => {
  it('archives a closed file once every region in it is flushed past its highest id', () => {
    const t = new WalFileTracker();
    t.startFile('f1');
    t.record(
      'f1',
      new Map([
        ['a', 5],
        ['b', 3],
      ]),
    );
    t.markFlushed('a', 10);
    t.markFlushed('b', 10);
    expect(t.archivable()).toEqual([]); // still the current file
    t.closeFile('f1');
    t.startFile('f2');
    t.record('f2', new Map([['a', 12]]));
    expect(t.archivable()).toEqual(['f1']);
    t.removeFile('f1');
    expect(t.filesCount).toBe(1);
    expect(t.unflushedRegions()).toEqual([]); // the oldest file is the current one
  });

  it('names the regions pinning the oldest file', () => {
    const t = new WalFileTracker();
    t.startFile('f1');
    t.record(
      'f1',
      new Map([
        ['c', 4],
        ['a', 7],
        ['b', 2],
      ]),
    );
    t.closeFile('f1');
    t.startFile('f2');
    t.markFlushed('b', 2);
    expect(t.unflushedRegions()).toEqual(['a', 'c']);
    t.markFlushed('a', 6);
    expect(t.unflushedRegions()).toEqual(['a', 'c']);
    t.markFlushed('a', 7);
    t.markFlushed('c', 4);
    expect(t.unflushedRegions()).toEqual([]);
    expect(t.archivable()).toEqual(['f1']);
  });

  it('agrees with a model over random histories', () => {
    type Op =
      { kind: 'append'; region: number } | { kind: 'roll' } | { kind: 'flush'; region: number };
    const op: fc.Arbitrary<Op> = fc.oneof(
      fc.record({ kind: fc.constant('append' as const), region: fc.nat(3) }),
      fc.record({ kind: fc.constant('roll' as const) }),
      fc.record({ kind: fc.constant('flush' as const), region: fc.nat(3) }),
    );
    fc.assert(
      fc.property(fc.array(op, { maxLength: 60 }), (ops) => {
        const t = new WalFileTracker();
        const files: { name: string; max: Map<string, number> }[] = [
          { name: 'f0', max: new Map() },
        ];
        const lastId = new Map<string, number>();
        const flushed = new Map<string, number>();
        t.startFile('f0');
        for (const o of ops) {
          const current = files[files.length - 1]!;
          if (o.kind === 'append') {
            const region = `r${o.region}`;
            const id = (lastId.get(region) ?? 0) + 1;
            lastId.set(region, id);
            current.max.set(region, id);
            t.record(current.name, new Map([[region, id]]));
          } else if (o.kind === 'roll') {
            t.closeFile(current.name);
            const name = `f${files.length}`;
            files.push({ name, max: new Map() });
            t.startFile(name);
          } else {
            const region = `r${o.region}`;
            const id = lastId.get(region) ?? 0;
            flushed.set(region, id);
            t.markFlushed(region, id);
          }
        }
        const expected = files
          .slice(0, -1)
          .filter((f) => [...f.max].every(([r, id]) => (flushed.get(r) ?? -1) >= id))
          .map((f) => f.name);
        expect(t.archivable()).toEqual(expected);
      }),
      { numRuns: 200 },
    );
  });
});

describe('RoomQueue', () => {
  it('admits waiters in call order and fails the ones that wait too long', async () => {
    const clock = new ManualClock();
    const queue = new RoomQueue(clock);
    const first = queue.wait({ entry: entry('a', 1), durability: 'SYNC_WAL', recordBytes: 10 });
    const second = queue.wait({ entry: entry('a', 2), durability: 'SYNC_WAL', recordBytes: 10 });
    const admitted: number[] = [];
    queue.admit(
      (w) => (w.entry?.sequenceId ?? 0) === 1,
      (w) => {
        admitted.push(w.entry?.sequenceId ?? 0);
        return Promise.resolve();
      },
    );
    await first;
    expect(admitted).toEqual([1]);
    expect(queue.length).toBe(1);
    clock.advance(WAL_APPEND_WAIT_TIMEOUT_MS);
    await expect(second).rejects.toBeInstanceOf(WalQueueFullError);
    expect(queue.length).toBe(0);
    expect(clock.pendingTimers).toBe(0);
  });

  it('fails every waiter with the log', async () => {
    const clock = new ManualClock();
    const queue = new RoomQueue(clock);
    const waiting = queue.wait({ entry: null, durability: 'SYNC_WAL', recordBytes: 0 });
    queue.failAll(new Error('sync failed'));
    await expect(waiting).rejects.toThrow('sync failed');
    expect(clock.pendingTimers).toBe(0);
  });
});
