// Scanner leases on a manual clock: idle scanners expire, a scanner being read does not, a
// region's scanners close with it, ids are never reused, and the count is bounded.
import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../../src/common/clock.js';
import { UnknownScannerError } from '../../../src/regionserver/errors.js';
import { ScannerLeases } from '../../../src/regionserver/service/scanner-leases.js';

class FakeScanner {
  closed = false;
  close(): void {
    this.closed = true;
  }
}

describe('scanner leases', () => {
  it('expires idle scanners only, and renews a lease on every use', async () => {
    const clock = new ManualClock();
    const leases = new ScannerLeases<FakeScanner>(clock, 100);
    const a = new FakeScanner();
    const b = new FakeScanner();
    const idA = leases.add('r1', a);
    const idB = leases.add('r1', b);
    clock.advance(60);
    await leases.use(idB, async () => undefined);
    clock.advance(60);
    expect(leases.expire()).toEqual([idA]);
    expect(a.closed).toBe(true);
    expect(b.closed).toBe(false);
    await expect(leases.use(idA, async () => undefined)).rejects.toBeInstanceOf(
      UnknownScannerError,
    );
  });

  it('never expires a scanner while a call reads it', async () => {
    const clock = new ManualClock();
    const leases = new ScannerLeases<FakeScanner>(clock, 100);
    const id = leases.add('r1', new FakeScanner());
    let release: () => void = () => undefined;
    const reading = leases.use(id, () => new Promise<void>((resolve) => (release = resolve)));
    clock.advance(500);
    expect(leases.expire()).toEqual([]);
    release();
    await reading;
    expect(leases.size).toBe(1);
  });

  it('closes a region’s scanners with it and never reuses an id', () => {
    const leases = new ScannerLeases<FakeScanner>(new ManualClock(), 100);
    const first = leases.add('r1', new FakeScanner());
    leases.add('r2', new FakeScanner());
    expect(leases.closeRegion('r1')).toBe(1);
    expect(leases.size).toBe(1);
    expect(leases.add('r1', new FakeScanner())).toBeGreaterThan(first + 1);
  });
});
