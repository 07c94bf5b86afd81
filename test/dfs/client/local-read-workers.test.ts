// UNIT TESTS of the short-circuit read workers on a temporary file: bytes and CRCs, reusable slots
// lent and given back exactly once, fresh memory once the slots are out, the bound on queued reads,
// errors that give their slot back, and close failing what is pending.
import { closeSync, mkdtempSync, openSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { crc32c } from '@node-rs/crc32';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../../../src/common/log.js';
import { SeededRng, seedFromEnv } from '../../../src/common/rng.js';
import {
  LOCAL_READ_SLOT_BYTES,
  LOCAL_READ_SLOTS_PER_WORKER,
  LOCAL_READ_WORKERS,
  LOCAL_READS_PENDING_PER_WORKER_MAX,
  LocalReadWorkers,
  type LocalRead,
} from '../../../src/dfs/client/local-read-workers.js';
import { randomBytes } from './helpers.js';

const MiB = 1024 * 1024;
const SLOTS = LOCAL_READ_WORKERS * LOCAL_READ_SLOTS_PER_WORKER;
const dir = mkdtempSync(join(tmpdir(), 'colonnade-local-reads-'));
const data = randomBytes(new SeededRng(seedFromEnv()), 5 * MiB + 100);
let fd: number;
let workers: LocalReadWorkers;

beforeAll(() => {
  writeFileSync(join(dir, 'data'), data);
  fd = openSync(join(dir, 'data'), 'r');
});

afterAll(() => {
  closeSync(fd);
  rmSync(dir, { recursive: true, force: true });
});

afterEach(async () => {
  await workers?.close();
});

function read(position: number, length: number): Promise<LocalRead> {
  const reading = workers.read(fd, position, length);
  if (reading === undefined) throw new Error('the workers are saturated');
  return reading;
}

describe('local read workers', () => {
  it('reads bytes into a slot with the CRCs of the whole chunks and the tail', async () => {
    workers = new LocalReadWorkers(silentLogger);
    const whole = await read(0, LOCAL_READ_SLOT_BYTES);
    expect(whole.lent).toBe(true);
    expect(whole.data.equals(data.subarray(0, LOCAL_READ_SLOT_BYTES))).toBe(true);
    expect(whole.wholeCrc).toBe(crc32c(whole.data) >>> 0);
    expect(whole.tailCrc).toBe(0);
    const tail = await read(1024, 1000);
    expect(tail.data.equals(data.subarray(1024, 2024))).toBe(true);
    expect(tail.wholeCrc).toBe(crc32c(data.subarray(1024, 1024 + 512)) >>> 0);
    expect(tail.tailCrc).toBe(crc32c(data.subarray(1024 + 512, 2024)) >>> 0);
    expect(workers.slotsInUse).toBe(2);
    whole.release();
    whole.release();
    tail.release();
    expect(workers.slotsInUse).toBe(0);
  });

  it('lends every slot, then reads into fresh memory, and reuses the slots given back', async () => {
    workers = new LocalReadWorkers(silentLogger);
    const lent = await Promise.all(Array.from({ length: SLOTS }, (_, i) => read(i * 512, MiB)));
    expect(lent.every((r) => r.lent)).toBe(true);
    expect(workers.slotsInUse).toBe(SLOTS);
    const fresh = await read(3 * MiB, 2 * MiB);
    expect(fresh.lent).toBe(false);
    expect(fresh.data.equals(data.subarray(3 * MiB, 5 * MiB))).toBe(true);
    for (const [i, r] of lent.entries()) {
      expect(r.data.equals(data.subarray(i * 512, i * 512 + MiB))).toBe(true);
      r.release();
    }
    expect(workers.slotsInUse).toBe(0);
    const again = await read(MiB, MiB);
    expect(again.lent).toBe(true);
    expect(again.data.equals(data.subarray(MiB, 2 * MiB))).toBe(true);
    again.release();
  });

  it(`queues at most ${LOCAL_READS_PENDING_PER_WORKER_MAX} reads per worker`, async () => {
    workers = new LocalReadWorkers(silentLogger);
    const queued = Array.from(
      { length: LOCAL_READ_WORKERS * LOCAL_READS_PENDING_PER_WORKER_MAX },
      () => read(0, 4096),
    );
    expect(workers.read(fd, 0, 4096)).toBeUndefined();
    for (const r of await Promise.all(queued)) r.release();
    expect(workers.pending).toBe(0);
    expect(workers.slotsInUse).toBe(0);
    (await read(0, 10)).release();
  });

  it('fails a read past the end of the file and gives its slot back', async () => {
    workers = new LocalReadWorkers(silentLogger);
    await expect(read(data.length - 10, 100)).rejects.toThrow(/file ends/);
    expect(workers.slotsInUse).toBe(0);
  });

  it('fails the pending reads when it closes, and every read after', async () => {
    workers = new LocalReadWorkers(silentLogger);
    const pending = [read(0, MiB), read(MiB, MiB), read(2 * MiB, MiB)];
    const failing = pending.map((p) => expect(p).rejects.toThrow(/closed/));
    await workers.close();
    await Promise.all(failing);
    await expect(read(0, 10)).rejects.toThrow(/closed/);
    expect(workers.pending).toBe(0);
  });
});
