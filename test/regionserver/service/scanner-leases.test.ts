// Scanner leases on a manual clock: idle scanners expire, a scanner being read does not, a
// region's scanners close with it (one being read when its call ends), ids are never reused, and
// the count is bounded.
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

  it("closes a region's scanner that a call is reading only when the call ends", async () => {
    const clock = new ManualClock();
    const leases = new ScannerLeases<FakeScanner>(clock, 100);
    const busy = new FakeScanner();
    const idle = new FakeScanner();
    const busyId = leases.add('r1', busy);
    leases.add('r1', idle);
    let release: () => void = () => undefined;
    const reading = leases.use(busyId, () => new Promise<void>((resolve) => (release = resolve)));
    expect(leases.closeRegion('r1')).toBe(2);
    expect(idle.closed).toBe(true);
    // Forgotten at once (no new call reaches it), closed once the running call is done.
    expect(busy.closed).toBe(false);
    await expect(leases.use(busyId, async () => undefined)).rejects.toBeInstanceOf(
      UnknownScannerError,
    );
    release();
    await reading;
    expect(busy.closed).toBe(true);
    expect(leases.size).toBe(0);
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
