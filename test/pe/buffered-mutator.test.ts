// PE's BufferedMutator against a fake table: mutations gather until the buffer fills, a batch goes
// while the caller keeps buffering, mutate waits only when a batch is already in flight, flush
// sends the rest, and a failed batch's error comes back on the next call.
import { describe, expect, it } from 'vitest';
import { Put, type Table } from '../../src/client/index.js';
import { BufferedMutator } from '../../src/pe/index.js';

interface Sent {
  readonly rows: string[];
  release(): void;
  fail(error: Error): void;
}

function fakeTable(): { table: Table; sent: Sent[] } {
  const sent: Sent[] = [];
  const table = {
    put: (puts: readonly Put[]) =>
      new Promise<void>((resolve, reject) => {
        sent.push({
          rows: puts.map((p) => p.getRow().toString()),
          release: resolve,
          fail: reject,
        });
      }),
  } as unknown as Table;
  return { table, sent };
}

const put = (row: string): Put => new Put(row).addColumn('info0', '0', 'v');
const tick = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

describe('BufferedMutator', () => {
  it('sends a batch when the buffer fills, one batch in flight', async () => {
    const { table, sent } = fakeTable();
    const mutator = new BufferedMutator(table, 100);
    for (const row of ['a', 'b', 'c']) await mutator.mutate(put(row), 40);
    expect(sent.map((s) => s.rows)).toEqual([['a', 'b', 'c']]);
    expect(mutator.bufferedBytes).toBe(0);
    // The next batch fills while the first is in flight; its send waits for the first.
    for (const row of ['d', 'e']) await mutator.mutate(put(row), 40);
    let third = false;
    const waiting = mutator.mutate(put('f'), 40).then(() => (third = true));
    await tick();
    expect(third).toBe(false);
    expect(sent).toHaveLength(1);
    sent[0]?.release();
    await waiting;
    expect(sent.map((s) => s.rows)).toEqual([
      ['a', 'b', 'c'],
      ['d', 'e', 'f'],
    ]);
    await mutator.mutate(put('g'), 10);
    const flushed = mutator.flush();
    await tick();
    sent[1]?.release();
    await tick();
    sent[2]?.release();
    await flushed;
    expect(sent.map((s) => s.rows).at(-1)).toEqual(['g']);
    await mutator.close();
  });

  it('raises a failed batch on the next call', async () => {
    const { table, sent } = fakeTable();
    const mutator = new BufferedMutator(table, 10);
    await mutator.mutate(put('a'), 10);
    sent[0]?.fail(new Error('region server down'));
    await tick();
    await expect(mutator.mutate(put('b'), 1)).rejects.toThrow('region server down');
    await expect(mutator.flush()).resolves.toBeUndefined();
    await mutator.close();
  });
});
