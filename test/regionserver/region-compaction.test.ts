// INTEGRATION TEST: a major compaction runs while readers and writers go on. A scanner opened before
// it, gets during it, and reads after it all see what a reader should: the compaction changes files,
// never answers. Compaction works in bounded slices, so the writes keep being served. Each flush
// and compaction logs its one INFO line.
import { afterEach, describe, expect, it } from 'vitest';
import { type LogFn, type Logger, silentLogger } from '../../src/common/log.js';
import { familyDescriptor, type TableDescriptor } from '../../src/common/operations.js';
import type { Put } from '../../src/common/mutations.js';
import { show } from './query/scenario.js';
import { type RegionHarness, startRegionHarness } from './support/region-harness.js';

const F = Buffer.from('f');
const ROWS = 600;
const FILES = 4;
const table: TableDescriptor = {
  name: 'busy-compaction',
  families: [familyDescriptor('f', { maxVersions: 2, blockSizeBytes: 1024 })],
  durability: 'USE_DEFAULT',
};
const rowKey = (i: number): Buffer => Buffer.from(`row${String(i).padStart(5, '0')}`);
const put = (row: Buffer, version: number): Put => ({
  type: 'put',
  row,
  cells: [
    {
      family: F,
      qualifier: Buffer.from('q'),
      value: Buffer.from(`v${version}`.repeat(20)),
      timestamp: 1000 + version,
    },
  ],
});

/** A logger that keeps each INFO line's message and fields. */
function infoLines(lines: { msg: string; fields: Record<string, unknown> }[]): Logger {
  const info: LogFn = (fields: unknown, msg?: string) => {
    if (typeof fields === 'string') lines.push({ msg: fields, fields: {} });
    else lines.push({ msg: msg ?? '', fields: fields as Record<string, unknown> });
  };
  const logger: Logger = { ...silentLogger, info, child: () => logger };
  return logger;
}

let harness: RegionHarness | undefined;
afterEach(async () => {
  await harness?.shutdown();
  harness = undefined;
});

describe('flush and compaction log lines', () => {
  it('logs one line per flush and per compaction, with their sizes', async () => {
    const lines: { msg: string; fields: Record<string, unknown> }[] = [];
    harness = await startRegionHarness({
      table,
      datanodes: 1,
      settings: { autoFlush: false, autoCompact: false },
      logger: infoLines(lines),
    });
    const region = harness.region;
    for (let file = 0; file < 3; file++) {
      await region.batchMutate([put(rowKey(file), file), put(rowKey(file + 10), file)]);
      await region.flush();
    }
    await region.compact(true);
    const flushes = lines.filter((l) => l.msg === 'flush finished');
    expect(flushes.map((l) => [l.fields['stores'], l.fields['cells']])).toEqual([
      [1, 2],
      [1, 2],
      [1, 2],
    ]);
    for (const l of flushes) expect(l.fields['bytes']).toBeGreaterThan(0);
    const compactions = lines.filter((l) => l.msg === 'compaction finished');
    expect(compactions).toHaveLength(1);
    expect(compactions[0]?.fields).toMatchObject({
      family: 'f',
      major: true,
      files: 3,
      inputCells: 6,
      outputCells: 6,
    });
  });
});

describe('compaction under load', () => {
  it('changes no answer for readers before, during and after it', async () => {
    harness = await startRegionHarness({
      table,
      datanodes: 1,
      settings: { autoFlush: false, autoCompact: false },
    });
    const region = harness.region;
    for (let file = 0; file < FILES; file++) {
      const batch = [];
      for (let i = file; i < ROWS; i += 2) batch.push(put(rowKey(i), file));
      await region.batchMutate(batch);
      await region.flush();
    }
    const before = (await region.scanAll({ maxVersions: 2 })).map((cells) => cells.map(show));
    const early = region.scanner({ maxVersions: 2 });
    const firstRows = [await early.next(), await early.next()].map((cells) =>
      (cells ?? []).map(show),
    );

    const compaction = region.compact(true);
    let writes = 0;
    let reads = 0;
    let compacting = true;
    void compaction.finally(() => (compacting = false));
    while (compacting) {
      // Writes to rows the readers do not look at, and gets of rows they do.
      await region.put(put(Buffer.from(`zzz${writes}`), 9));
      writes++;
      const i = (reads * 37) % ROWS;
      const got = (await region.get({ row: rowKey(i), maxVersions: 2 })).map(show);
      expect(got).toEqual(before[i]);
      reads++;
    }
    await compaction;
    expect(region.stats().storeFiles).toEqual({ f: 1 });
    expect(writes).toBeGreaterThan(0);

    const rest: string[][] = [];
    for (let cells = await early.next(); cells !== undefined; cells = await early.next()) {
      rest.push(cells.map(show));
    }
    const seenByEarly = [...firstRows, ...rest].filter((cells) => !cells[0]?.startsWith('zzz'));
    expect(seenByEarly).toEqual(before);
    const after = (await region.scanAll({ maxVersions: 2, stopRow: Buffer.from('zzz') })).map((c) =>
      c.map(show),
    );
    expect(after).toEqual(before);
  });
});
