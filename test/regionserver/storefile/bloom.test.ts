// Bloom filters: never a false negative, and a measured false-positive rate near the 1% design
// point at the expected key count, for ROW and ROWCOL; files without one always say "maybe".
import { describe, expect, it } from 'vitest';
import { CellType, type Cell } from '../../../src/common/index.js';
import { openBytes, sortCells, writeFile } from './support.js';

const KEYS = 5000;
const PROBES = 50_000;
/** The design point is ~0.8% (10 bits per key, 7 hashes); allow for the hash's imperfection. */
const FALSE_POSITIVE_RATE_MAX = 0.02;

function cellsOf(rows: number, columns: number): Cell[] {
  const cells: Cell[] = [];
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < columns; j++) {
      cells.push({
        row: Buffer.from(`user${i * 7919}`),
        family: Buffer.from('f'),
        qualifier: Buffer.from(`c${j}`),
        timestamp: 1,
        type: CellType.Put,
        value: Buffer.from('v'),
        sequenceId: 1,
      });
    }
  }
  return sortCells(cells);
}

describe('Bloom filters', () => {
  it('ROW: no false negatives, false positives within bound', async () => {
    const cells = cellsOf(KEYS, 2);
    const { bytes } = await writeFile(cells, { bloomType: 'ROW', expectedKeys: KEYS });
    const reader = await openBytes(bytes);
    for (const c of cells) {
      expect(reader.mayContainRow(c.row)).toBe(true);
      expect(reader.mayContainColumn(c.row, c.family, Buffer.from('absent'))).toBe(true);
    }
    let positives = 0;
    for (let i = 0; i < PROBES; i++) {
      if (reader.mayContainRow(Buffer.from(`absent${i}`))) positives++;
    }
    expect(positives / PROBES).toBeLessThan(FALSE_POSITIVE_RATE_MAX);
    await reader.close();
  });

  it('ROWCOL: no false negatives per column, false positives within bound', async () => {
    const cells = cellsOf(KEYS / 5, 5);
    const { bytes } = await writeFile(cells, { bloomType: 'ROWCOL', expectedKeys: KEYS });
    const reader = await openBytes(bytes);
    for (const c of cells) {
      expect(reader.mayContainColumn(c.row, c.family, c.qualifier)).toBe(true);
      expect(reader.mayContainRow(c.row)).toBe(true); // ROWCOL cannot answer for rows
    }
    let positives = 0;
    for (let i = 0; i < PROBES; i++) {
      const present = cells[i % cells.length] as Cell;
      if (reader.mayContainColumn(present.row, present.family, Buffer.from(`x${i}`))) positives++;
    }
    expect(positives / PROBES).toBeLessThan(FALSE_POSITIVE_RATE_MAX);
    await reader.close();
  });

  it('keeps no false negatives when more keys come than expected', async () => {
    const cells = cellsOf(3000, 1);
    const { bytes } = await writeFile(cells, { bloomType: 'ROW', expectedKeys: 10 });
    const reader = await openBytes(bytes);
    for (const c of cells) expect(reader.mayContainRow(c.row)).toBe(true);
    await reader.close();
  });

  it('NONE: every row and column may be present', async () => {
    const { bytes } = await writeFile(cellsOf(10, 1), { bloomType: 'NONE' });
    const reader = await openBytes(bytes);
    expect(reader.mayContainRow(Buffer.from('nope'))).toBe(true);
    expect(reader.mayContainColumn(Buffer.from('nope'), Buffer.from('f'), Buffer.from('q'))).toBe(
      true,
    );
    await reader.close();
  });
});
