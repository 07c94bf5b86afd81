// The block map and datanode liveness on a manual clock: stale at staleMs and dead at deadMs (not
// before); a silenced datanode's blocks are re-replicated to datanodes that lack them; surplus,
// corrupt (once replaced) and stale-stamp replicas are deleted; safe mode's threshold and extension.
import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../../src/common/clock.js';
import { SeededRng, seedFromEnv } from '../../../src/common/rng.js';
import type { Block, DatanodeCommand, DatanodeUsage } from '../../../src/dfs/index.js';
import { BlockManager } from '../../../src/dfs/namenode/block-manager.js';
import { DatanodeManager } from '../../../src/dfs/namenode/datanode-manager.js';
import { runReplicationMonitor } from '../../../src/dfs/namenode/replication-monitor.js';
import { SafeMode } from '../../../src/dfs/namenode/safe-mode.js';

const STALE_MS = 4_000;
const DEAD_MS = 10_000;
const PENDING_TIMEOUT_MS = 15_000;
const USAGE: DatanodeUsage = {
  capacityBytes: 1 << 30,
  usedBytes: 0,
  remainingBytes: 1 << 30,
  activeTransfers: 0,
};

function setup(datanodes: number) {
  const seed = seedFromEnv();
  console.log(`block manager test seed: ${seed} (replay with COLONNADE_SEED=${seed})`);
  const clock = new ManualClock();
  const dm = new DatanodeManager(clock, { staleMs: STALE_MS, deadMs: DEAD_MS });
  const bm = new BlockManager(dm, clock);
  const ids = Array.from({ length: datanodes }, (_, i) => `dn${i}`);
  for (const id of ids)
    dm.register({ datanodeId: id, address: `127.0.0.1:${9000 + ids.indexOf(id)}` }, USAGE);
  return { clock, dm, bm, ids, rng: new SeededRng(seed) };
}

function finalized(block: Block) {
  return { ...block, state: 'finalized' as const };
}

function commandsOf(dm: DatanodeManager, ids: readonly string[]): Map<string, DatanodeCommand[]> {
  return new Map(ids.map((id) => [id, dm.drain(id, true)]));
}

describe('datanode liveness', () => {
  it('is stale at staleMs and dead at deadMs, not before', () => {
    const { clock, dm } = setup(1);
    clock.advance(STALE_MS - 1);
    expect(dm.state('dn0')).toBe('live');
    clock.advance(1);
    expect(dm.state('dn0')).toBe('stale');
    clock.advance(DEAD_MS - STALE_MS - 1);
    expect(dm.state('dn0')).toBe('stale');
    expect(dm.declareDead()).toEqual([]);
    clock.advance(1);
    expect(dm.state('dn0')).toBe('dead');
    expect(dm.declareDead()).toEqual(['dn0']);
    // A heartbeat from a datanode declared dead is told to register again.
    expect(dm.heartbeat('dn0', USAGE)).toBe(false);
    expect(dm.heartbeat('unknown', USAGE)).toBe(false);
  });

  it('a heartbeat keeps a datanode live', () => {
    const { clock, dm } = setup(1);
    for (let i = 0; i < 10; i++) {
      clock.advance(STALE_MS - 1);
      expect(dm.heartbeat('dn0', USAGE)).toBe(true);
    }
    expect(dm.state('dn0')).toBe('live');
  });
});

describe('block manager', () => {
  it('re-replicates the blocks of a silenced datanode, never two replicas on one node', () => {
    const { clock, dm, bm, ids, rng } = setup(4);
    const blocks: Block[] = [];
    for (let i = 0; i < 12; i++) {
      const block = { blockId: 1_073_741_825 + i, genStamp: 1001, numBytes: 100 + i };
      blocks.push(block);
      bm.addBlock(block, 3, 'complete');
      for (let r = 0; r < 3; r++) {
        bm.processReplica(ids[(i + r) % 4] as string, finalized(block));
      }
    }
    // dn3 falls silent; the others heartbeat.
    for (let t = 0; t < DEAD_MS; t += 1_000) {
      clock.advance(1_000);
      for (const id of ids.slice(0, 3)) dm.heartbeat(id, USAGE);
    }
    for (const dead of dm.declareDead()) bm.removeDatanode(dead);
    expect(dm.state('dn3')).toBe('dead');
    const lost = blocks.filter((_, i) => [0, 1, 2].some((r) => (i + r) % 4 === 3));
    const pass = runReplicationMonitor(bm, rng, PENDING_TIMEOUT_MS);
    expect(pass.scheduled).toBe(lost.length);
    const transfers = [...commandsOf(dm, ids)].flatMap(([source, commands]) =>
      commands.flatMap((c) => (c.kind === 'transfer' ? [{ source, ...c }] : [])),
    );
    expect(transfers.map((t) => t.block.blockId).sort()).toEqual(lost.map((b) => b.blockId).sort());
    for (const transfer of transfers) {
      const info = bm.blocks.get(transfer.block.blockId);
      expect(info?.replicas.has(transfer.source)).toBe(true);
      expect(transfer.targets).toHaveLength(1);
      for (const target of transfer.targets) {
        expect(target.datanodeId).not.toBe('dn3');
        expect(info?.replicas.has(target.datanodeId)).toBe(false);
      }
    }
    // Nothing is scheduled twice while the transfers are pending.
    expect(runReplicationMonitor(bm, rng, PENDING_TIMEOUT_MS).scheduled).toBe(0);
    // The targets report their copies: every block is back to three distinct replicas.
    for (const transfer of transfers) {
      for (const target of transfer.targets) {
        bm.processReplica(target.datanodeId, finalized(transfer.block));
      }
    }
    for (const block of blocks) {
      const info = bm.blocks.get(block.blockId);
      expect(info === undefined ? [] : bm.goodHolders(info)).toHaveLength(3);
    }
    expect(bm.pending.size).toBe(0);
  });

  it('schedules a transfer again after the pending timeout', () => {
    const { clock, dm, bm, ids, rng } = setup(3);
    const block = { blockId: 1_073_741_825, genStamp: 1001, numBytes: 10 };
    bm.addBlock(block, 2, 'complete');
    bm.processReplica('dn0', finalized(block));
    expect(runReplicationMonitor(bm, rng, PENDING_TIMEOUT_MS).scheduled).toBe(1);
    clock.advance(PENDING_TIMEOUT_MS - 1);
    for (const id of ids) dm.heartbeat(id, USAGE);
    expect(runReplicationMonitor(bm, rng, PENDING_TIMEOUT_MS).scheduled).toBe(0);
    clock.advance(1);
    expect(runReplicationMonitor(bm, rng, PENDING_TIMEOUT_MS).scheduled).toBe(1);
  });

  it('deletes a surplus replica', () => {
    const { dm, bm, ids, rng } = setup(4);
    const block = { blockId: 1_073_741_825, genStamp: 1001, numBytes: 10 };
    bm.addBlock(block, 3, 'complete');
    for (const id of ids) bm.processReplica(id, finalized(block));
    expect(runReplicationMonitor(bm, rng, PENDING_TIMEOUT_MS).surplusDeleted).toBe(1);
    const invalidated = [...commandsOf(dm, ids)].filter(([, cs]) =>
      cs.some((c) => c.kind === 'invalidate' && c.blocks.some((b) => b.blockId === block.blockId)),
    );
    expect(invalidated).toHaveLength(1);
    const info = bm.blocks.get(block.blockId);
    expect(info === undefined ? 0 : bm.goodHolders(info).length).toBe(3);
    // A block report still listing the doomed replica does not bring it back.
    const [victim] = invalidated[0] ?? [];
    bm.processReport(victim as string, [finalized(block)]);
    expect(info?.replicas.has(victim as string)).toBe(false);
  });

  it('re-replicates a block with a corrupt replica, then deletes the corrupt one', () => {
    const { dm, bm, ids, rng } = setup(4);
    const block = { blockId: 1_073_741_825, genStamp: 1001, numBytes: 10 };
    bm.addBlock(block, 3, 'complete');
    for (const id of ids.slice(0, 3)) bm.processReplica(id, finalized(block));
    bm.markCorrupt('dn1', block);
    const first = runReplicationMonitor(bm, rng, PENDING_TIMEOUT_MS);
    expect(first).toEqual({ scheduled: 1, surplusDeleted: 0, corruptDeleted: 0 });
    const transfer = [...commandsOf(dm, ids).values()].flat().find((c) => c.kind === 'transfer');
    expect(transfer?.kind === 'transfer' && transfer.targets.map((t) => t.datanodeId)).toEqual([
      'dn3',
    ]);
    bm.processReplica('dn3', finalized(block));
    const second = runReplicationMonitor(bm, rng, PENDING_TIMEOUT_MS);
    expect(second.corruptDeleted).toBe(1);
    const commands = dm.drain('dn1', true);
    expect(commands).toEqual([{ kind: 'invalidate', blocks: [block] }]);
  });

  it('deletes a replica with a stale stamp and one of an unknown block', () => {
    const { dm, bm } = setup(2);
    const block = { blockId: 1_073_741_825, genStamp: 1005, numBytes: 10 };
    bm.addBlock(block, 2, 'complete');
    bm.processReport('dn0', [finalized({ ...block, genStamp: 1003 })]);
    bm.processReport('dn1', [finalized({ blockId: 5, genStamp: 1001, numBytes: 1 })]);
    expect(dm.drain('dn0', true)).toEqual([
      { kind: 'invalidate', blocks: [{ ...block, genStamp: 1003 }] },
    ]);
    expect(dm.drain('dn1', true)).toEqual([
      { kind: 'invalidate', blocks: [{ blockId: 5, genStamp: 1001, numBytes: 1 }] },
    ]);
    expect(bm.blocks.get(block.blockId)?.replicas.size).toBe(0);
  });

  it('marks a finalized replica of the wrong length corrupt; completes a committed block', () => {
    const { bm } = setup(2);
    const block = { blockId: 1_073_741_825, genStamp: 1001, numBytes: 0 };
    const info = bm.addBlock(block, 2, 'underConstruction');
    bm.processReplica('dn0', finalized({ ...block, numBytes: 100 }));
    bm.processReplica('dn1', finalized({ ...block, numBytes: 99 }));
    expect(info.state).toBe('underConstruction');
    bm.commit(block.blockId, 100);
    expect(info.state).toBe('complete');
    expect(bm.goodHolders(info)).toEqual(['dn0']);
    expect(bm.corruptHolders(info)).toEqual(['dn1']);
  });
});

describe('safe mode', () => {
  it('stays on until the threshold, then for the extension', () => {
    const safeMode = new SafeMode(0.999, 3_000);
    expect(safeMode.update(0, 2, 0, true)).toBe(false);
    expect(safeMode.update(1, 2, 100)).toBe(false);
    expect(safeMode.update(2, 2, 200)).toBe(false);
    expect(safeMode.state).toEqual({ kind: 'extension', untilMs: 3_200 });
    expect(safeMode.update(2, 2, 3_199)).toBe(false);
    expect(safeMode.on).toBe(true);
    expect(safeMode.update(2, 2, 3_200)).toBe(true);
    expect(safeMode.on).toBe(false);
  });

  it('leaves at once for a namespace without blocks', () => {
    const safeMode = new SafeMode(0.999, 3_000);
    expect(safeMode.update(0, 0, 0, true)).toBe(true);
    expect(safeMode.on).toBe(false);
  });
});
