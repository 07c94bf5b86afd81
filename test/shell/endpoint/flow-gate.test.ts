// Backpressure on the injected clock: producers pause above the high mark and go on at the low
// one; too much unread output, or a pause too long, overflows once; scanners wait on the gate.
import { describe, expect, it } from 'vitest';
import type { Result } from '../../../src/client/index.js';
import { ManualClock } from '../../../src/common/clock.js';
import { FlowGate } from '../../../src/shell/endpoint/index.js';
import { gatedBackend } from '../../../src/shell/endpoint/gated-backend.js';
import type { ShellBackend, ShellTable } from '../../../src/shell/index.js';

function gate(clock = new ManualClock()) {
  const overflows: string[] = [];
  const flow = new FlowGate({
    clock,
    highBytes: 100,
    lowBytes: 20,
    maxBytes: 1_000,
    stallMaxMs: 5_000,
    onOverflow: (reason) => overflows.push(reason),
  });
  return { flow, overflows, clock };
}

async function settled(promise: Promise<unknown>): Promise<boolean> {
  let done = false;
  void promise.then(() => (done = true));
  await new Promise((resolve) => setImmediate(resolve));
  return done;
}

describe('FlowGate', () => {
  it('pauses above the high mark and releases at the low mark', async () => {
    const { flow } = gate();
    flow.sent(100);
    expect(flow.paused).toBe(false);
    expect(await settled(flow.whenWritable())).toBe(true);
    flow.sent(1);
    expect(flow.paused).toBe(true);
    const waiting = flow.whenWritable();
    flow.written(50);
    expect(await settled(waiting)).toBe(false);
    flow.written(31);
    expect(flow.pendingBytes).toBe(20);
    expect(await settled(waiting)).toBe(true);
    expect(flow.paused).toBe(false);
  });

  it('overflows once past the hard mark, naming the bytes and the limit', () => {
    const { flow, overflows } = gate();
    flow.sent(1_001);
    flow.sent(500);
    expect(overflows).toEqual([
      'the client has not read 1001 bytes of output; the limit is 1000 bytes',
    ]);
    flow.written(1_500);
    flow.sent(1_001);
    expect(overflows).toHaveLength(2);
  });

  it('overflows when a producer waits too long, and lets it go', async () => {
    const { flow, overflows, clock } = gate();
    flow.sent(200);
    const waiting = flow.whenWritable();
    clock.advance(4_999);
    expect(overflows).toEqual([]);
    clock.advance(1);
    expect(overflows).toEqual([
      'the client read no output for 5000 ms (200 bytes waiting); the limit is 5000 ms',
    ]);
    expect(await settled(waiting)).toBe(true);
    expect(clock.pendingTimers).toBe(0);
  });

  it('releases every waiter when it closes', async () => {
    const { flow, clock } = gate();
    flow.sent(200);
    const waiting = [flow.whenWritable(), flow.whenWritable()];
    flow.close();
    expect(await settled(Promise.all(waiting))).toBe(true);
    expect(await settled(flow.whenWritable())).toBe(true);
    expect(clock.pendingTimers).toBe(0);
  });
});

describe('gatedBackend', () => {
  it('makes each scanner row wait on the gate', async () => {
    const { flow } = gate();
    const rows = ['a', 'b'].map((row) => ({ row }) as unknown as Result);
    let closed = 0;
    const table = {
      getScanner: () => ({
        async *[Symbol.asyncIterator]() {
          yield* rows;
        },
        close: async () => void closed++,
      }),
    } as unknown as ShellTable;
    const backend = { table: () => table } as unknown as ShellBackend;
    const scanner = gatedBackend(() => backend, flow)
      .table('t')
      .getScanner({} as never);
    const iterator = scanner[Symbol.asyncIterator]();
    expect(await iterator.next()).toEqual({ done: false, value: rows[0] });
    flow.sent(101);
    const second = iterator.next();
    expect(await settled(second)).toBe(false);
    flow.written(101);
    expect(await second).toEqual({ done: false, value: rows[1] });
    await scanner.close();
    expect(closed).toBe(1);
  });
});
