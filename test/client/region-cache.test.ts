// The location cache (pure): lookups by row and "just before a key", overlapping regions replaced
// (a stale parent after a split), forgetting a region or a server, and the bound on its size.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RegionCache, type RegionLocation } from '../../src/client/region-cache.js';
import { makeRegionInfo } from '../../src/regionserver/region-info.js';

const b = (s: string): Buffer => Buffer.from(s);
function loc(start: string, end: string, address = 'h:1', id = 1): RegionLocation {
  return {
    info: makeRegionInfo('t', b(start), b(end), id),
    serverName: `${address.replace(':', ',')},1`,
    address,
  };
}
const range = (l: RegionLocation | undefined): string | undefined =>
  l === undefined ? undefined : `${l.info.startKey.toString()}-${l.info.endKey.toString()}`;

describe('RegionCache', () => {
  it('finds the region holding a row, and the region just before a key', () => {
    const cache = new RegionCache();
    for (const l of [loc('', 'g'), loc('g', 'n'), loc('n', '')]) cache.add(l);
    expect(range(cache.find('t', b('a')))).toBe('-g');
    expect(range(cache.find('t', b('g')))).toBe('g-n');
    expect(range(cache.find('t', b('zz')))).toBe('n-');
    expect(range(cache.find('t', b('')))).toBe('-g');
    expect(cache.find('other', b('a'))).toBeUndefined();
    expect(range(cache.findBefore('t', b('')))).toBe('n-');
    expect(range(cache.findBefore('t', b('n')))).toBe('g-n');
    expect(range(cache.findBefore('t', b('g')))).toBe('-g');
    // A key inside a region: that region holds the rows just below it.
    expect(range(cache.findBefore('t', b('k')))).toBe('g-n');
  });

  it('misses where nothing is cached, and never answers across a gap', () => {
    const cache = new RegionCache();
    cache.add(loc('g', 'n'));
    expect(cache.find('t', b('a'))).toBeUndefined();
    expect(cache.find('t', b('n'))).toBeUndefined();
    expect(cache.findBefore('t', b('g'))).toBeUndefined();
    expect(cache.findBefore('t', b(''))).toBeUndefined();
    expect(range(cache.findBefore('t', b('p')))).toBeUndefined();
  });

  it('replaces the regions a new one overlaps (a split parent by its daughters)', () => {
    const cache = new RegionCache();
    cache.add(loc('', 'g'));
    cache.add(loc('g', '', 'a:1'));
    cache.add(loc('g', 'k', 'b:1', 2));
    expect(cache.size).toBe(2);
    expect(cache.find('t', b('m'))).toBeUndefined();
    cache.add(loc('k', '', 'b:1', 2));
    expect(range(cache.find('t', b('m')))).toBe('k-');
    expect(cache.size).toBe(3);
  });

  it('forgets a region (only the very one cached) and every region of a server', () => {
    const cache = new RegionCache();
    const a = loc('', 'g', 'a:1');
    cache.add(a);
    cache.add(loc('g', 'n', 'b:1'));
    cache.add(loc('n', '', 'a:1'));
    cache.remove({ ...a, serverName: 'elsewhere,1,1' });
    expect(cache.size).toBe(3);
    cache.remove(a);
    expect(cache.find('t', b('a'))).toBeUndefined();
    expect(cache.removeServer('a:1')).toBe(1);
    expect(range(cache.find('t', b('h')))).toBe('g-n');
    expect(cache.size).toBe(1);
    cache.clearTable('t');
    expect(cache.size).toBe(0);
  });

  it('stays within its capacity', () => {
    const cache = new RegionCache(2);
    cache.add(loc('', 'b'));
    cache.add(loc('b', 'c'));
    cache.add(loc('c', ''));
    expect(cache.size).toBeLessThanOrEqual(2);
    expect(range(cache.find('t', b('x')))).toBe('c-');
  });

  it('agrees with a linear search over random layouts (property)', () => {
    const keys = fc.uniqueArray(fc.stringMatching(/^[a-e]{1,2}$/), { maxLength: 6 });
    fc.assert(
      fc.property(keys, fc.stringMatching(/^[a-f]{0,3}$/), (splits, row) => {
        const sorted = [...splits].sort((x, y) => Buffer.compare(b(x), b(y)));
        const bounds = ['', ...sorted, ''];
        const cache = new RegionCache();
        const all: RegionLocation[] = [];
        for (let i = 0; i + 1 < bounds.length; i++) {
          const l = loc(bounds[i] ?? '', bounds[i + 1] ?? '');
          all.push(l);
        }
        for (const l of [...all].reverse()) cache.add(l);
        const r = b(row);
        const holder = all.find(
          (l) =>
            Buffer.compare(l.info.startKey, r) <= 0 &&
            (l.info.endKey.length === 0 || Buffer.compare(r, l.info.endKey) < 0),
        );
        expect(range(cache.find('t', r))).toBe(range(holder));
      }),
      { seed: 6, numRuns: 200 },
    );
  });
});
