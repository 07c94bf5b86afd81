// Get and Scan against the engine's GetSpec and ScanSpec: HBase's column merging rules, versions,
// time ranges, filters, per-family paging, the scan-only options, clones, and bad input.
import { describe, expect, it } from 'vitest';
import { InvalidArgumentError } from '../../../src/common/errors.js';
import { LATEST_TIMESTAMP } from '../../../src/common/cell.js';
import {
  ALL_VERSIONS,
  Get,
  SCAN_CACHING_ROWS_DEFAULT,
  SCAN_CACHING_ROWS_MAX,
  SCAN_RESULT_BYTES_DEFAULT,
  SCAN_RESULT_BYTES_MAX,
  Scan,
} from '../../../src/client/ops/index.js';

const b = (s: string): Buffer => Buffer.from(s);

describe('Get', () => {
  it('is just the row by default', () => {
    expect(new Get('ada').toSpec()).toEqual({ row: b('ada') });
  });

  it('carries every option that was set', () => {
    const filter = { type: 'FirstKeyOnlyFilter' } as const;
    const get = new Get('ada')
      .addColumn('info', 'name')
      .addFamily('stats')
      .readVersions(3)
      .setTimeRange(5, 50)
      .setFilter(filter)
      .setMaxResultsPerColumnFamily(10)
      .setRowOffsetPerColumnFamily(2)
      .setCacheBlocks(false)
      .setCheckExistenceOnly(true);
    expect(get.toSpec()).toEqual({
      row: b('ada'),
      columns: [{ family: b('info'), qualifiers: [b('name')] }, { family: b('stats') }],
      maxVersions: 3,
      timeRange: { minTs: 5, maxTs: 50 },
      filter,
      maxResultsPerFamily: 10,
      rowOffsetPerFamily: 2,
      cacheBlocks: false,
      existenceOnly: true,
    });
    expect(get.getMaxVersions()).toBe(3);
    expect(get.isCheckExistenceOnly()).toBe(true);
  });

  it("merges columns as HBase's Get does", () => {
    // Families sorted, qualifiers sorted and unique.
    const get = new Get('r').addColumn('g', 'z').addColumn('f', 'b').addColumn('f', 'a');
    get.addColumn('f', 'b');
    expect(get.toSpec().columns).toEqual([
      { family: b('f'), qualifiers: [b('a'), b('b')] },
      { family: b('g'), qualifiers: [b('z')] },
    ]);
    // addFamily takes the whole family; a later addColumn narrows it again, as in HBase.
    expect(new Get('r').addColumn('f', 'a').addFamily('f').toSpec().columns).toEqual([
      { family: b('f') },
    ]);
    expect(new Get('r').addFamily('f').addColumn('f', 'a').toSpec().columns).toEqual([
      { family: b('f'), qualifiers: [b('a')] },
    ]);
  });

  it('reads all versions, or one timestamp as [ts, ts + 1)', () => {
    expect(new Get('r').readAllVersions().toSpec().maxVersions).toBe(ALL_VERSIONS);
    expect(new Get('r').setTimestamp(7).toSpec().timeRange).toEqual({ minTs: 7, maxTs: 8 });
    expect(() => new Get('r').setTimestamp(LATEST_TIMESTAMP)).toThrow(/LATEST_TIMESTAMP/);
  });

  it('clones independently', () => {
    const get = new Get('r').addColumn('f', 'a');
    const copy = get.clone().addColumn('f', 'b').readVersions(2);
    expect(get.toSpec()).toEqual({
      row: b('r'),
      columns: [{ family: b('f'), qualifiers: [b('a')] }],
    });
    expect(copy.toSpec().columns).toEqual([{ family: b('f'), qualifiers: [b('a'), b('b')] }]);
  });

  it('refuses bad input, naming it', () => {
    const bad: [() => unknown, RegExp][] = [
      [() => new Get(''), /row is empty/],
      [
        () => new Get({} as unknown as string),
        /row must be a string or a Uint8Array; it is an object/,
      ],
      [
        () => new Get('r').readVersions(0),
        /versions is the number 0; it must be an integer from 1/,
      ],
      [() => new Get('r').readVersions(1.5), /versions is the number 1.5/],
      [() => new Get('r').setTimeRange(9, 3), /time range \[9, 3\)/],
      [() => new Get('r').setTimeRange(-1, 3), /time range min/],
      [() => new Get('r').setMaxResultsPerColumnFamily(-1), /max results per column family/],
      [() => new Get('r').setFilter({ type: 'PageFilter' } as unknown as never), /filter.pageSize/],
      [() => new Get('r').setCacheBlocks('no' as unknown as boolean), /cacheBlocks must be true/],
      [() => new Get('r').addColumn('f', 7 as unknown as string), /qualifier must be/],
    ];
    for (const [call, message] of bad) {
      expect(call).toThrow(InvalidArgumentError);
      expect(call).toThrow(message);
    }
  });
});

describe('Scan', () => {
  it('is the whole table by default, with the client defaults', () => {
    const scan = new Scan();
    expect(scan.toSpec()).toEqual({});
    expect(scan.getCaching()).toBe(SCAN_CACHING_ROWS_DEFAULT);
    expect(scan.getMaxResultSize()).toBe(SCAN_RESULT_BYTES_DEFAULT);
    expect(scan.getStartRow()).toEqual(Buffer.alloc(0));
    expect(scan.includeStartRow()).toBe(true);
    expect(scan.includeStopRow()).toBe(false);
  });

  it('carries bounds and every scan option; caching and result size stay client-side', () => {
    const scan = new Scan()
      .withStartRow('a')
      .withStopRow('c', true)
      .addFamily('f')
      .setReversed(false)
      .setCaching(50)
      .setMaxResultSize(1024)
      .setBatch(4)
      .setLimit(9)
      .setRaw(true)
      .readAllVersions()
      .setTimestamp(3)
      .setCacheBlocks(false);
    expect(scan.toSpec()).toEqual({
      startRow: b('a'),
      startRowInclusive: true,
      stopRow: b('c'),
      stopRowInclusive: true,
      columns: [{ family: b('f') }],
      batch: 4,
      limit: 9,
      raw: true,
      maxVersions: ALL_VERSIONS,
      timeRange: { minTs: 3, maxTs: 4 },
      cacheBlocks: false,
    });
    expect([scan.getCaching(), scan.getMaxResultSize()]).toEqual([50, 1024]);
  });

  it('marks reversed scans and setOneRowLimit', () => {
    const spec = new Scan().setReversed(true).withStartRow('z', false).setOneRowLimit().toSpec();
    expect(spec).toEqual({ startRow: b('z'), startRowInclusive: false, reversed: true, limit: 1 });
  });

  it('resumeAfter and withLimit return copies', () => {
    const scan = new Scan().withStartRow('a').withStopRow('m').setLimit(10).setCaching(7);
    const resumed = scan.resumeAfter(b('c')).withLimit(4);
    expect(resumed.toSpec()).toEqual({
      startRow: b('c'),
      startRowInclusive: false,
      stopRow: b('m'),
      stopRowInclusive: false,
      limit: 4,
    });
    expect(resumed.getCaching()).toBe(7);
    expect(scan.toSpec().limit).toBe(10);
    expect(scan.withLimit(undefined).getLimit()).toBeUndefined();
    expect(() => scan.withLimit(0)).toThrow(InvalidArgumentError);
    expect(() => scan.resumeAfter(Buffer.alloc(0))).toThrow(/last row is empty/);
  });

  it('refuses bad input, naming it', () => {
    const bad: [() => unknown, RegExp][] = [
      [() => new Scan().setCaching(0), /caching is the number 0/],
      [() => new Scan().setCaching(SCAN_CACHING_ROWS_MAX + 1), /caching/],
      [() => new Scan().setMaxResultSize(SCAN_RESULT_BYTES_MAX + 1), /max result size/],
      [() => new Scan().setLimit(0), /limit is the number 0/],
      [() => new Scan().setBatch(-2), /batch/],
      [() => new Scan().withStartRow(Buffer.alloc(40_000)), /start row .* 40000 bytes/],
      [() => new Scan().withStopRow(1 as unknown as string), /stop row must be/],
      [() => new Scan().setReversed(1 as unknown as boolean), /reversed must be true or false/],
    ];
    for (const [call, message] of bad) {
      expect(call).toThrow(InvalidArgumentError);
      expect(call).toThrow(message);
    }
  });
});
