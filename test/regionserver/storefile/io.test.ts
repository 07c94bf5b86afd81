// Store files through the real I/O: the block filesystem (a one-datanode mini cluster) and local
// files, written with the sinks and read back with the positional sources.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  BlockCache,
  dfsFileSink,
  localFileSink,
  openDfsSource,
  openLocalSource,
  openStoreFile,
  StoreFileWriter,
  type FileSink,
} from '../../../src/regionserver/storefile/index.js';
import { DfsMiniCluster } from '../../support/dfs-mini-cluster.js';
import { sameCell, scanAll, simpleCells } from './support.js';

const cells = simpleCells(3000, 3, 100);

async function write(sink: FileSink): Promise<void> {
  const writer = new StoreFileWriter(sink, {
    blockSizeBytes: 4096,
    bloomType: 'ROW',
    expectedKeys: 3000,
    majorCompacted: true,
  });
  for (const cell of cells) await writer.append(cell);
  const info = await writer.finish();
  expect(info.entryCount).toBe(cells.length);
}

describe('store files on the block filesystem', () => {
  let cluster: DfsMiniCluster;
  beforeAll(async () => {
    cluster = await DfsMiniCluster.start(1);
  });
  afterAll(async () => {
    await cluster.shutdown();
  });

  it('writes through a DFS output stream and reads with pread', async () => {
    const fs = cluster.client();
    const path = '/storefiles/f/one';
    await write(dfsFileSink(await fs.create(path, { replication: 1 })));
    const reader = await openStoreFile(await openDfsSource(fs, path), path, new BlockCache());
    expect(reader.info.majorCompacted).toBe(true);
    const read = await scanAll(reader);
    expect(read.length).toBe(cells.length);
    read.forEach((c, i) => expect(sameCell(c, cells[i])).toBe(true));
    const s = reader.scanner({ cacheBlocks: true });
    await s.seek(cells[4321]!);
    expect(sameCell(s.peek(), cells[4321])).toBe(true);
    s.close();
    await reader.close();
  });
});

describe('store files on local disk', () => {
  const dir = mkdtempSync(join(tmpdir(), 'colonnade-storefile-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('writes with localFileSink and reads with openLocalSource', async () => {
    const path = join(dir, 'one');
    await write(await localFileSink(path));
    const reader = await openStoreFile(await openLocalSource(path), path, new BlockCache());
    const read = await scanAll(reader);
    expect(read.length).toBe(cells.length);
    read.forEach((c, i) => expect(sameCell(c, cells[i])).toBe(true));
    expect(await reader.midKey()).toBeDefined();
    await reader.close();
  });
});
