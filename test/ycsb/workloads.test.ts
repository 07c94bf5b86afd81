// The six core workloads as YCSB's workload files define them, and the operation mix each
// produces from CoreWorkload: proportions, distributions, scan lengths, fields and values.
import { describe, expect, it } from 'vitest';
import { CoreWorkload, type Operation } from '../../bench/ycsb/core-workload.js';
import { buildKeyName } from '../../bench/ycsb/fnv.js';
import { YcsbRandom } from '../../bench/ycsb/random.js';
import { ValueSource } from '../../bench/ycsb/values.js';
import { RUN_ORDER, WORKLOADS, fieldNames, type WorkloadId } from '../../bench/ycsb/workloads.js';

const RECORDS = 1000;
const OPS = 10_000;

function mix(id: WorkloadId, seed = 1): { ops: Operation[]; workload: CoreWorkload } {
  const random = new YcsbRandom(seed);
  const workload = new CoreWorkload(
    WORKLOADS[id],
    { recordcount: RECORDS, operationcount: OPS },
    random,
    new ValueSource(random, 4096),
  );
  const ops: Operation[] = [];
  for (let i = 0; i < OPS; i += 1) {
    const op = workload.nextTransaction();
    if (op.kind === 'INSERT') workload.acknowledgeInsert(op.keynum);
    ops.push(op);
  }
  return { ops, workload };
}

const share = (ops: readonly Operation[], kind: Operation['kind']): number =>
  ops.filter((o) => o.kind === kind).length / ops.length;

describe('YCSB core workloads', () => {
  it("sets the files' proportions and distributions", () => {
    const table = Object.values(WORKLOADS).map((w) => [
      w.id,
      w.readproportion,
      w.updateproportion,
      w.scanproportion,
      w.insertproportion,
      w.readmodifywriteproportion,
      w.requestdistribution,
    ]);
    expect(table).toEqual([
      ['a', 0.5, 0.5, 0, 0, 0, 'zipfian'],
      ['b', 0.95, 0.05, 0, 0, 0, 'zipfian'],
      ['c', 1, 0, 0, 0, 0, 'zipfian'],
      ['d', 0.95, 0, 0, 0.05, 0, 'latest'],
      ['e', 0, 0, 0.95, 0.05, 0, 'zipfian'],
      ['f', 0.5, 0, 0, 0, 0.5, 'zipfian'],
    ]);
    for (const w of Object.values(WORKLOADS)) {
      expect([w.table, w.fieldcount, w.fieldlength, w.readallfields, w.writeallfields]).toEqual([
        'usertable',
        10,
        100,
        true,
        false,
      ]);
      expect(w.insertorder).toBe('hashed');
    }
    expect([
      WORKLOADS.e.maxscanlength,
      WORKLOADS.e.minscanlength,
      WORKLOADS.e.scanlengthdistribution,
    ]).toEqual([100, 1, 'uniform']);
    expect(RUN_ORDER).toEqual(['a', 'b', 'c', 'f', 'd', 'e']);
    expect(fieldNames(WORKLOADS.a)).toEqual(Array.from({ length: 10 }, (_, i) => `field${i}`));
  });

  it('mixes A as half reads of every field, half one-field updates of loaded keys', () => {
    const { ops } = mix('a');
    expect(share(ops, 'READ')).toBeCloseTo(0.5, 1);
    expect(share(ops, 'UPDATE')).toBeCloseTo(0.5, 1);
    const loaded = new Set(Array.from({ length: RECORDS }, (_, i) => buildKeyName(i)));
    for (const op of ops) {
      if (op.kind === 'READ') {
        expect(op.fields).toBeNull();
        expect(loaded.has(op.key)).toBe(true);
      }
      if (op.kind === 'UPDATE') {
        const values = Object.entries(op.values);
        expect(values).toHaveLength(1);
        expect(values[0]?.[0]).toMatch(/^field\d$/);
        expect(values[0]?.[1]).toHaveLength(100);
        expect(loaded.has(op.key)).toBe(true);
      }
    }
  });

  it('skews C towards a few hot keys (scrambled zipfian 0.99)', () => {
    const { ops } = mix('c');
    const counts = new Map<string, number>();
    for (const op of ops) if (op.kind === 'READ') counts.set(op.key, (counts.get(op.key) ?? 0) + 1);
    const sorted = [...counts.values()].sort((a, b) => b - a);
    const top10 = sorted.slice(0, 10).reduce((s, c) => s + c, 0);
    expect(share(ops, 'READ')).toBe(1);
    // Item i of the 10^16-item Zipfian has probability 1/(i^0.99 × 26.47): the ten hottest
    // draw ~11% (uniform over 1000 keys: 1%).
    expect(top10 / OPS).toBeGreaterThan(0.08);
  });

  it('inserts new keys after the loaded ones in D and reads mostly the latest', () => {
    const { ops, workload } = mix('d');
    expect(share(ops, 'INSERT')).toBeCloseTo(0.05, 1);
    const inserts = ops.filter((o) => o.kind === 'INSERT');
    expect(inserts[0]).toMatchObject({ keynum: RECORDS, key: buildKeyName(RECORDS) });
    expect(workload.lastInsertedKeynum()).toBe(RECORDS + inserts.length - 1);
    for (const op of inserts)
      if (op.kind === 'INSERT') expect(Object.keys(op.values)).toHaveLength(10);
  });

  it('scans 1..100 records in E, uniformly', () => {
    const { ops } = mix('e');
    const lengths = ops.flatMap((o) => (o.kind === 'SCAN' ? [o.count] : []));
    expect(lengths.length / OPS).toBeCloseTo(0.95, 1);
    expect(Math.min(...lengths)).toBe(1);
    expect(Math.max(...lengths)).toBe(100);
    const mean = lengths.reduce((s, n) => s + n, 0) / lengths.length;
    expect(mean).toBeCloseTo(50.5, -1);
  });

  it('mixes F as reads and read-modify-writes of one field', () => {
    const { ops } = mix('f');
    expect(share(ops, 'READ-MODIFY-WRITE')).toBeCloseTo(0.5, 1);
    for (const op of ops) {
      if (op.kind === 'READ-MODIFY-WRITE') {
        expect(op.fields).toBeNull();
        expect(Object.keys(op.values)).toHaveLength(1);
      }
    }
  });

  it('loads keys 0..recordcount-1 with ten 100-byte printable fields', () => {
    const random = new YcsbRandom(4);
    const workload = new CoreWorkload(
      WORKLOADS.a,
      { recordcount: 10, operationcount: 10 },
      random,
      new ValueSource(random, 4096),
    );
    for (let i = 0; i < 10; i += 1) {
      const op = workload.nextLoadInsert();
      expect(op.key).toBe(buildKeyName(i));
      const values = Object.values(op.values);
      expect(values).toHaveLength(10);
      for (const v of values) expect(v).toMatch(/^[\x20-\x7f]{100}$/);
    }
  });

  it('replays the same operations from the same seed', () => {
    expect(mix('b', 77).ops).toEqual(mix('b', 77).ops);
  });
});
