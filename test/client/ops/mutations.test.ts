// The write builders against the engine's operation types: Put, Delete (HBase's marker kinds),
// Increment, Append, RowMutations and CheckAndMutate, and how each refuses bad input.
import { describe, expect, it } from 'vitest';
import { CellTooLargeError, InvalidArgumentError } from '../../../src/common/errors.js';
import { CELL_BYTES_MAX, ROW_KEY_BYTES_MAX } from '../../../src/common/limits.js';
import {
  Append,
  CheckAndMutate,
  Delete,
  Increment,
  Put,
  RowMutations,
} from '../../../src/client/ops/index.js';

const b = (s: string): Buffer => Buffer.from(s);

describe('Put', () => {
  it('becomes the engine Put, with and without timestamps', () => {
    const put = new Put('ada')
      .addColumn('info', 'name', 'Ada')
      .addColumn('info', Uint8Array.of(0, 1), 42, Uint8Array.of(0xff))
      .setDurability('ASYNC_WAL');
    expect(put.toMutation()).toEqual({
      type: 'put',
      row: b('ada'),
      cells: [
        { family: b('info'), qualifier: b('name'), value: b('Ada') },
        {
          family: b('info'),
          qualifier: Buffer.from([0, 1]),
          timestamp: 42,
          value: Buffer.from([0xff]),
        },
      ],
      durability: 'ASYNC_WAL',
    });
    expect(put.toOperation()).toEqual(put.toMutation());
    expect(put.size()).toBe(2);
    expect(put.getDurability()).toBe('ASYNC_WAL');
  });

  it('uses the constructor timestamp for cells given none', () => {
    const put = new Put('r', 7).addColumn('f', 'a', 'x').addColumn('f', 'b', 9, 'y');
    expect(put.toMutation().cells.map((c) => c.timestamp)).toEqual([7, 9]);
    expect('durability' in put.toMutation()).toBe(false);
  });

  it('copies caller buffers, so reusing one changes nothing', () => {
    const key = Buffer.from('row1');
    const value = Buffer.from('v1');
    const put = new Put(key).addColumn('f', 'q', value);
    key.write('XXXX');
    value.write('ZZ');
    expect(put.toMutation()).toMatchObject({ row: b('row1'), cells: [{ value: b('v1') }] });
  });

  it('refuses an empty Put at toMutation, naming the row', () => {
    const put = new Put('lonely');
    expect(() => put.toMutation()).toThrow(InvalidArgumentError);
    expect(() => put.toMutation()).toThrow(/"lonely".*no columns/);
  });

  it('refuses bad rows, families, qualifiers, values, timestamps and durabilities', () => {
    expect(() => new Put('')).toThrow(/row is empty/);
    expect(() => new Put(Buffer.alloc(ROW_KEY_BYTES_MAX + 1, 0x61))).toThrow(
      new RegExp(`${ROW_KEY_BYTES_MAX + 1} bytes; ROW_KEY_BYTES_MAX is ${ROW_KEY_BYTES_MAX}`),
    );
    expect(() => new Put(Buffer.alloc(ROW_KEY_BYTES_MAX, 0x61))).not.toThrow();
    const bad: [() => unknown, RegExp][] = [
      [
        () => new Put(5 as unknown as string),
        /row must be a string or a Uint8Array; it is the number 5/,
      ],
      [
        () => new Put('r').addColumn(3 as unknown as string, 'q', 'v'),
        /family must be .* number 3/,
      ],
      [() => new Put('r').addColumn('', 'q', 'v'), /family name is empty/],
      [() => new Put('r').addColumn('a:b', 'q', 'v'), /family name "a:b"/],
      [
        () => new Put('r').addColumn('f', null as unknown as string, 'v'),
        /qualifier must be .* null/,
      ],
      [
        () => new Put('r').addColumn('f', 'q', 12 as unknown as string),
        /value must be .* number 12/,
      ],
      [() => new Put('r').addColumn('f', 'q', -1, 'v'), /timestamp is -1/],
      [() => new Put('r').addColumn('f', 'q', 1.5, 'v'), /timestamp is 1.5/],
      [() => new Put('r', -3), /timestamp is -3/],
      [() => new Put('r').setDurability('NOPE' as 'SYNC_WAL'), /durability is the string "NOPE"/],
    ];
    for (const [call, message] of bad) {
      expect(call).toThrow(InvalidArgumentError);
      expect(call).toThrow(message);
    }
  });

  it('refuses a cell over CELL_BYTES_MAX', () => {
    const big = Buffer.alloc(CELL_BYTES_MAX);
    expect(() => new Put('r').addColumn('f', 'q', big)).toThrow(CellTooLargeError);
  });
});

describe('Delete', () => {
  it('maps each call to the marker kind HBase writes', () => {
    const del = new Delete('r')
      .addColumn('f', 'a')
      .addColumn('f', 'b', 5)
      .addColumns('f', 'c')
      .addColumns('f', 'd', 6)
      .addFamily('g')
      .addFamily('h', 7)
      .addFamilyVersion('i', 8)
      .setDurability('SKIP_WAL');
    expect(del.toMutation()).toEqual({
      type: 'delete',
      row: b('r'),
      targets: [
        { kind: 'version', family: b('f'), qualifier: b('a') },
        { kind: 'version', family: b('f'), qualifier: b('b'), timestamp: 5 },
        { kind: 'column', family: b('f'), qualifier: b('c') },
        { kind: 'column', family: b('f'), qualifier: b('d'), timestamp: 6 },
        { kind: 'family', family: b('g') },
        { kind: 'family', family: b('h'), timestamp: 7 },
        { kind: 'familyVersion', family: b('i'), timestamp: 8 },
      ],
      durability: 'SKIP_WAL',
    });
  });

  it('is a whole-row delete when empty, at the constructor timestamp if given', () => {
    expect(new Delete('r').toMutation()).toEqual({ type: 'delete', row: b('r'), targets: [] });
    expect(new Delete('r', 9).toMutation()).toEqual({
      type: 'delete',
      row: b('r'),
      targets: [],
      timestamp: 9,
    });
    expect(new Delete('r').isEmpty()).toBe(true);
  });

  it("uses the constructor timestamp as HBase's code does for calls given none", () => {
    const del = new Delete('r', 9).addColumn('f', 'a').addColumns('f', 'b').addFamily('g');
    expect(del.toMutation()).toEqual({
      type: 'delete',
      row: b('r'),
      targets: [
        { kind: 'version', family: b('f'), qualifier: b('a'), timestamp: 9 },
        { kind: 'column', family: b('f'), qualifier: b('b'), timestamp: 9 },
        { kind: 'family', family: b('g'), timestamp: 9 },
      ],
    });
  });

  it('lets addFamily replace earlier targets of that family only', () => {
    const del = new Delete('r')
      .addColumn('f', 'a')
      .addFamilyVersion('f', 3)
      .addColumns('g', 'x')
      .addFamily('f', 4)
      .addColumn('f', 'z', 2);
    expect(del.toMutation().targets).toEqual([
      { kind: 'column', family: b('g'), qualifier: b('x') },
      { kind: 'family', family: b('f'), timestamp: 4 },
      { kind: 'version', family: b('f'), qualifier: b('z'), timestamp: 2 },
    ]);
  });

  it('refuses bad input', () => {
    expect(() => new Delete('')).toThrow(InvalidArgumentError);
    expect(() => new Delete('r', -1)).toThrow(/timestamp is -1/);
    expect(() => new Delete('r').addFamilyVersion('f', undefined as unknown as number)).toThrow(
      /timestamp must be a number/,
    );
    expect(() => new Delete('r').addColumns('f/x', 'q')).toThrow(InvalidArgumentError);
  });
});

describe('Increment and Append', () => {
  it('Increment becomes the engine Increment with bigint deltas', () => {
    const inc = new Increment('ada')
      .addColumn('info', 'visits', 1n)
      .addColumn('info', 'score', -5n)
      .setDurability('FSYNC_WAL')
      .setReturnResults(false);
    expect(inc.toOperation()).toEqual({
      type: 'increment',
      row: b('ada'),
      columns: [
        { family: b('info'), qualifier: b('visits'), amount: 1n },
        { family: b('info'), qualifier: b('score'), amount: -5n },
      ],
      durability: 'FSYNC_WAL',
    });
    expect(inc.isReturnResults()).toBe(false);
  });

  it('Increment refuses number deltas, deltas past 64 bits and no columns', () => {
    expect(() => new Increment('r').addColumn('f', 'q', 1 as unknown as bigint)).toThrow(
      /delta must be a bigint \(1n\); it is the number 1/,
    );
    expect(() => new Increment('r').addColumn('f', 'q', 2n ** 63n)).toThrow(/64-bit/);
    expect(() => new Increment('r').addColumn('f', 'q', -(2n ** 63n))).not.toThrow();
    expect(() => new Increment('r').toOperation()).toThrow(/no columns/);
  });

  it('Append becomes the engine Append', () => {
    const app = new Append('r').addColumn('f', 'log', ',x');
    expect(app.toOperation()).toEqual({
      type: 'append',
      row: b('r'),
      columns: [{ family: b('f'), qualifier: b('log'), value: b(',x') }],
    });
    expect(app.isReturnResults()).toBe(true);
    expect(() => new Append('r').toOperation()).toThrow(InvalidArgumentError);
  });
});

describe('RowMutations', () => {
  it('holds Puts and Deletes of its row, converted in order', () => {
    const rm = new RowMutations('r')
      .add(new Put('r').addColumn('f', 'a', '1'))
      .add([new Delete('r').addColumns('f', 'b')]);
    expect(rm.toOperation()).toEqual({
      type: 'rowMutations',
      row: b('r'),
      mutations: [
        { type: 'put', row: b('r'), cells: [{ family: b('f'), qualifier: b('a'), value: b('1') }] },
        {
          type: 'delete',
          row: b('r'),
          targets: [{ kind: 'column', family: b('f'), qualifier: b('b') }],
        },
      ],
    });
  });

  it('refuses another row, other operations, and being empty', () => {
    expect(() => new RowMutations('r').add(new Put('s').addColumn('f', 'q', 'v'))).toThrow(
      /row "s" cannot join RowMutations for row "r"/,
    );
    const inc = new Increment('r') as unknown as Put;
    expect(() => new RowMutations('r').add(inc)).toThrow(InvalidArgumentError);
    expect(() => new RowMutations('r').toOperation()).toThrow(/holds no mutations/);
    expect(() => new RowMutations('r').add(new Put('r')).toOperation()).toThrow(/no columns/);
  });
});

describe('CheckAndMutate', () => {
  const put = new Put('r').addColumn('f', 'q', 'new');

  it('builds each condition as the engine expects', () => {
    const ifEquals = CheckAndMutate.newBuilder('r').ifEquals('f', 'q', 'old').build(put);
    expect(ifEquals.toOperation()).toEqual({
      row: b('r'),
      condition: {
        kind: 'column',
        family: b('f'),
        qualifier: b('q'),
        op: 'EQUAL',
        value: b('old'),
      },
      action: put.toMutation(),
    });
    const missing = CheckAndMutate.newBuilder('r').ifNotExists('f', 'q').build(put);
    expect(missing.toOperation().condition).toEqual({
      kind: 'column',
      family: b('f'),
      qualifier: b('q'),
      op: 'EQUAL',
      value: null,
    });
  });

  it("keeps HBase's `value op stored` reading and passes time ranges and filters", () => {
    const cam = CheckAndMutate.newBuilder('r')
      .ifMatches('f', 'q', 'LESS', 'm')
      .timeRange(10, 20)
      .build(new Increment('r').addColumn('f', 'n', 1n));
    expect(cam.toOperation().condition).toEqual({
      kind: 'column',
      family: b('f'),
      qualifier: b('q'),
      op: 'LESS',
      value: b('m'),
      timeRange: { minTs: 10, maxTs: 20 },
    });
    const filter = { type: 'PrefixFilter', prefix: b('r') } as const;
    const byFilter = CheckAndMutate.newBuilder('r').ifMatches(filter).build(new Delete('r'));
    expect(byFilter.toOperation()).toEqual({
      row: b('r'),
      condition: { kind: 'filter', filter },
      action: { type: 'delete', row: b('r'), targets: [] },
    });
  });

  it('refuses a missing or second condition, another row, a bad op or filter', () => {
    expect(() => CheckAndMutate.newBuilder('r').build(put)).toThrow(/has no condition/);
    expect(() =>
      CheckAndMutate.newBuilder('r').ifNotExists('f', 'q').ifEquals('f', 'q', 'v'),
    ).toThrow(/already has a condition/);
    expect(() => CheckAndMutate.newBuilder('x').ifNotExists('f', 'q').build(put)).toThrow(
      /the action's row "r" is not the checked row "x"/,
    );
    expect(() =>
      CheckAndMutate.newBuilder('r').ifMatches('f', 'q', 'SMALLER' as 'LESS', 'v'),
    ).toThrow(/compare op is SMALLER/);
    expect(() =>
      CheckAndMutate.newBuilder('r').ifMatches({ type: 'Nope' } as unknown as never),
    ).toThrow(InvalidArgumentError);
    expect(() => CheckAndMutate.newBuilder('r').timeRange(5, 4)).toThrow(/max below its min/);
  });
});
