// Splits and merges whose active master is killed with -9 part way: real coordinator,
// filesystem, region server and master processes. At each step the kill lands on, the backup
// undoes or finishes the procedure it finds recorded: the table's regions tile its key space,
// each open on one live server, no procedure is left, and every row reads back exactly once.
import { afterEach, describe, expect, it, onTestFailed } from 'vitest';
import { type Admin, connect, Put, Scan, type Table } from '../../src/client/index.js';
import { PROCEDURES_PATH } from '../../src/common/znodes.js';
import { CoordClient } from '../../src/coord/client/index.js';
import { CoordCluster } from '../support/coord-cluster.js';
import { waitFor } from '../support/dfs-mini-cluster.js';
import { DfsProcessCluster } from '../support/dfs-processes.js';
import { masterStderr, startMasterProcess } from '../support/master-process.js';
import { killProcess, startRegionServerProcess } from '../support/region-server-process.js';

const ROWS = 400;
const rowKey = (i: number): string => `r${String(i).padStart(4, '0')}`;
const KEYS = Array.from({ length: ROWS }, (_, i) => rowKey(i));

describe('splits and merges across a master failover', () => {
  const cleanups: (() => Promise<unknown>)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup().catch(() => undefined);
  }, 60_000);

  /** A cluster of processes, two masters, and table `t` of three regions holding KEYS. */
  async function setUp() {
    const coord = await CoordCluster.start(1);
    cleanups.push(() => coord.stop());
    const dfs = await DfsProcessCluster.start(1);
    cleanups.push(() => dfs.stop());
    for (let i = 0; i < 2; i++) {
      const rs = await startRegionServerProcess(coord.ensemble, dfs.namenode.address, [
        '--replication',
        '1',
      ]);
      cleanups.push(() => killProcess(rs.child));
    }
    const first = await startMasterProcess(coord.ensemble, dfs.namenode.address);
    cleanups.push(() => killProcess(first));
    const second = await startMasterProcess(coord.ensemble, dfs.namenode.address);
    cleanups.push(() => killProcess(second));
    onTestFailed(() => {
      console.error(`the killed master's stderr:\n${masterStderr(first)}`);
      console.error(`the backup master's stderr:\n${masterStderr(second)}`);
    });
    const conn = await connect({ coord: coord.ensemble, operationTimeoutMs: 30_000 });
    cleanups.push(() => conn.close());
    const watcher = await CoordClient.connect({ ensemble: coord.ensemble });
    cleanups.push(() => watcher.close());
    const admin = conn.getAdmin();
    await admin.createTable({
      name: 't',
      families: [{ name: 'f' }],
      splitKeys: ['r0100', 'r0200'],
    });
    const table = conn.getTable('t');
    await table.put(KEYS.map((k) => new Put(k).addColumn('f', 'q', k)));
    await admin.flush('t');
    const procedures = async (): Promise<string[]> => {
      const names = await watcher.getChildren(PROCEDURES_PATH).catch(() => [] as string[]);
      const data = await Promise.all(
        names.map((n) => watcher.getData(`${PROCEDURES_PATH}/${n}`).catch(() => undefined)),
      );
      return data.map((d) => d?.data.toString('utf8') ?? '');
    };
    /** Kills the active master once a procedure has reached `step` (or one of `orLater`). */
    const killAt = async (step: string, orLater: readonly string[] = []): Promise<void> => {
      const steps = [step, ...orLater];
      await waitFor(
        async () => (await procedures()).some((p) => steps.some((s) => p.includes(`"${s}"`))),
        20_000,
        `a procedure at ${steps.join(' or ')}`,
      );
      await killProcess(first);
    };
    return { admin, table, procedures, killAt };
  }

  /** After the takeover: no procedure left, regions tiling the table, every row once. */
  async function expectConsistent(
    admin: Admin,
    table: Table,
    procedures: () => Promise<string[]>,
  ): Promise<number> {
    await waitFor(async () => (await procedures()).length === 0, 40_000, 'procedures to end');
    await waitFor(
      async () => {
        const regions = await admin.getRegions('t').catch(() => []);
        return regions.length > 0 && regions.every((r) => r.state === 'OPEN');
      },
      30_000,
      'every region of the table to open',
    );
    const regions = await admin.getRegions('t');
    expect(regions[0]?.startKey.length).toBe(0);
    expect(regions.at(-1)?.endKey.length).toBe(0);
    for (let i = 1; i < regions.length; i++) {
      expect(regions[i]?.startKey.equals(regions[i - 1]?.endKey ?? Buffer.alloc(0))).toBe(true);
    }
    const status = await admin.clusterStatus();
    for (const region of regions) {
      expect(status.servers).toContain(region.server);
      expect(status.regions.filter((r) => r.region === region.region)).toHaveLength(1);
    }
    const seen: string[] = [];
    for await (const row of table.getScanner(new Scan())) seen.push(row.getRow()?.toString() ?? '');
    expect(seen).toEqual(KEYS);
    return regions.length;
  }

  const outcome = (p: Promise<unknown>): Promise<string> =>
    p.then(
      () => 'done',
      (error: unknown) => (error as { code?: string }).code ?? 'error',
    );

  // SPLITTING: the backup undoes the split; UPDATING_META and META_UPDATED: it finishes it. The
  // three regions split at once, so a kill at one step can find the others at any step (a split
  // found at SPLITTING with its meta write done is what UPDATING_META is for). UPDATING_META
  // lasts one meta write: the poll may see the split only at META_UPDATED.
  it.each(['SPLITTING', 'UPDATING_META', 'META_UPDATED'])(
    'a split killed at %s is resumed by the backup',
    async (step) => {
      const { admin, table, procedures, killAt } = await setUp();
      const splitting = outcome(admin.split('t'));
      await killAt(step, step === 'UPDATING_META' ? ['META_UPDATED'] : []);
      await splitting;
      const regions = await expectConsistent(admin, table, procedures);
      // Undone, the split at the kill is not there; finished, it is.
      if (step !== 'SPLITTING') expect(regions).toBeGreaterThan(3);
    },
    150_000,
  );

  // CLOSING: the backup undoes the merge; META_UPDATED: it finishes it.
  it.each(['CLOSING', 'META_UPDATED'])(
    'a merge killed at %s is resumed by the backup',
    async (step) => {
      const { admin, table, procedures, killAt } = await setUp();
      const [a, b] = await admin.getRegions('t');
      const merging = outcome(admin.mergeRegions(a?.region ?? '', b?.region ?? ''));
      await killAt(step);
      await merging;
      const regions = await expectConsistent(admin, table, procedures);
      expect(regions).toBe(step === 'CLOSING' ? 3 : 2);
    },
    150_000,
  );
});
