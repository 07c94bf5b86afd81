// FlushSlots: at most `max` flushes at once, the rest in arrival order, a slot given back however
// a flush ends.
import { describe, expect, it } from 'vitest';
import { FlushSlots } from '../../src/regionserver/flush-slots.js';

function deferred(): { promise: Promise<void>; resolve: () => void; reject: (e: Error) => void } {
  let resolve: () => void = () => undefined;
  let reject: (e: Error) => void = () => undefined;
  const promise = new Promise<void>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

describe('FlushSlots', () => {
  it('runs at most max at once and starts the waiting ones in arrival order', async () => {
    const slots = new FlushSlots(2);
    const started: number[] = [];
    const gates = [0, 1, 2, 3].map(() => deferred());
    const runs = gates.map((gate, i) =>
      slots.run(async () => {
        started.push(i);
        await gate.promise;
        return i;
      }),
    );
    await Promise.resolve();
    expect(started).toEqual([0, 1]);
    expect(slots.running).toBe(2);
    expect(slots.waiting).toBe(2);
    gates[1]?.resolve();
    await runs[1];
    await Promise.resolve();
    expect(started).toEqual([0, 1, 2]);
    gates[0]?.reject(new Error('flush failed'));
    await expect(runs[0]).rejects.toThrow('flush failed');
    await Promise.resolve();
    expect(started).toEqual([0, 1, 2, 3]);
    gates[2]?.resolve();
    gates[3]?.resolve();
    expect(await Promise.all([runs[2], runs[3]])).toEqual([2, 3]);
    expect(slots.running).toBe(0);
    expect(slots.waiting).toBe(0);
  });
});
