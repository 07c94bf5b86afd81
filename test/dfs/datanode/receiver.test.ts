// One pipeline's receiving end without the network: a replica store in a temporary directory, a
// manual clock, no downstream. Covers the seqno window, a gap that never fills, fencing, and
// finalization with syncOnClose.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../../src/common/clock.js';
import { silentLogger } from '../../../src/common/log.js';
import { RpcClient } from '../../../src/rpc/index.js';
import { StorageLayout } from '../../../src/dfs/datanode/index.js';
import { PacketReceiver } from '../../../src/dfs/datanode/packet-receiver.js';
import { DatanodePeers } from '../../../src/dfs/datanode/peers.js';
import { ReplicaStore } from '../../../src/dfs/datanode/replica-store.js';
import { FencedError } from '../../../src/dfs/errors.js';
import { PACKETS_IN_FLIGHT_MAX } from '../../../src/dfs/limits.js';
import type { ReplicaReport } from '../../../src/dfs/types.js';
import { bytes, packet } from './harness.js';

const dirs: string[] = [];
const clients: RpcClient[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  for (const client of clients.splice(0)) client.destroy();
});

const HOLD_MS = 1_000;

async function setUp(syncOnClose = false) {
  const dir = mkdtempSync(join(tmpdir(), 'colonnade-dn-rx-'));
  dirs.push(dir);
  const layout = new StorageLayout(dir);
  layout.prepare();
  const received: ReplicaReport[] = [];
  const store = new ReplicaStore({
    layout,
    logger: silentLogger,
    syncOnClose,
    events: { received: (r) => received.push(r), deleted: () => undefined },
  });
  const clock = new ManualClock();
  const client = new RpcClient();
  clients.push(client);
  const peers = new DatanodePeers(client);
  const block = { blockId: 7, genStamp: 1001, numBytes: 0 };
  let receiver: PacketReceiver | undefined;
  await store.openForWrite(block, 'create', (replica) => {
    receiver = new PacketReceiver(replica, {
      store,
      peers,
      clock,
      downstream: [],
      heldPacketTimeoutMs: HOLD_MS,
    });
    return receiver;
  });
  if (receiver === undefined) throw new Error('no receiver');
  return { dir, store, clock, receiver, received };
}

describe('packet receiver', () => {
  it('holds early packets within the window and writes them in order', async () => {
    const { store, receiver } = await setUp();
    const data = bytes(4096, 1);
    await expect(
      receiver.receive(packet(7, 1001, PACKETS_IN_FLIGHT_MAX, 0, data), 10_000),
    ).rejects.toMatchObject({ code: 'LimitExceeded' });
    const later = receiver.receive(packet(7, 1001, 2, 2048, data.subarray(2048)), 10_000);
    const middle = receiver.receive(packet(7, 1001, 1, 1024, data.subarray(1024, 2048)), 10_000);
    expect(store.get(7)?.bytesOnDisk).toBe(0);
    await expect(
      receiver.receive(packet(7, 1001, 1, 1024, data.subarray(1024, 2048)), 10_000),
    ).rejects.toMatchObject({ code: 'InvalidArgument' });
    const first = await receiver.receive(packet(7, 1001, 0, 0, data.subarray(0, 1024)), 10_000);
    expect(first).toEqual({ ok: true, bytesAcked: 1024 });
    expect(await middle).toEqual({ ok: true, bytesAcked: 2048 });
    expect(await later).toEqual({ ok: true, bytesAcked: 4096 });
    expect(store.get(7)).toMatchObject({ bytesOnDisk: 4096, visibleLength: 4096 });
  });

  it('fails packets waiting behind a gap that never fills, and every later one', async () => {
    const { clock, receiver } = await setUp();
    const data = bytes(2048, 2);
    const waiting = receiver.receive(packet(7, 1001, 1, 1024, data.subarray(1024)), 10_000);
    clock.advance(HOLD_MS);
    await expect(waiting).rejects.toMatchObject({ code: 'ReplicaState' });
    expect(
      await receiver.receive(packet(7, 1001, 0, 0, data.subarray(0, 1024)), 10_000),
    ).toMatchObject({ ok: false, badIndex: 0, code: 'ReplicaState' });
  });

  it('fences waiting and later packets', async () => {
    const { receiver } = await setUp();
    const data = bytes(2048, 3);
    const waiting = receiver.receive(packet(7, 1001, 1, 1024, data.subarray(1024)), 10_000);
    receiver.fence(new FencedError('recovered'));
    await expect(waiting).rejects.toBeInstanceOf(FencedError);
    await expect(receiver.receive(packet(7, 1001, 0, 0, data), 10_000)).rejects.toBeInstanceOf(
      FencedError,
    );
  });

  it('finalizes on the last packet (fsyncing with syncOnClose) and reports it', async () => {
    const { dir, store, receiver, received } = await setUp(true);
    const data = bytes(1500, 4);
    const ack = await receiver.receive(
      packet(7, 1001, 0, 0, data, { last: true, sync: true }),
      10_000,
    );
    expect(ack).toEqual({ ok: true, bytesAcked: 1500 });
    expect(store.get(7)).toMatchObject({ state: 'finalized', writer: undefined, files: undefined });
    expect(received).toEqual([{ blockId: 7, genStamp: 1001, numBytes: 1500, state: 'finalized' }]);
    expect(readFileSync(join(dir, 'current', 'finalized', 'blk_7')).equals(data)).toBe(true);
  });
});
