// The edit log: random edits survive a reopen exactly (canonical dumps equal), with and without
// checkpoints (small CHECKPOINT_EDITS, multi-record images), and a truncated or garbage last edit
// is dropped with a warning, the namespace standing at the last good edit.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ClassicLevel } from 'classic-level';
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { silentLogger, type LogFn, type Logger } from '../../../src/common/log.js';
import { seedFromEnv } from '../../../src/common/rng.js';
import { EditLog, editKey } from '../../../src/dfs/namenode/edit-log.js';
import { dumpNamespace, type Edit, type Namespace } from '../../../src/dfs/namenode/index.js';
import { namespaceToImage } from '../../../src/dfs/namenode/namespace-image.js';
import { editOf, opArb, type LastBlockLookup } from './namespace-ops.js';

const dirs: string[] = [];
afterEach(async () => {
  await Promise.all(dirs.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
});

async function newLocation(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'colonnade-edit-log-'));
  dirs.push(dir);
  return join(dir, 'edits');
}

function open(location: string, checkpointEdits = 1_000_000, logger = silentLogger) {
  return EditLog.open({ location, checkpointEdits, logger });
}

function lookupIn(ns: Namespace): LastBlockLookup {
  return (path) => {
    try {
      return ns.fileAt(path).blocks.at(-1);
    } catch {
      return undefined;
    }
  };
}

/** Applies random edits, appending those that apply (checkpointing when due). */
async function applyRandom(
  log: EditLog,
  ns: Namespace,
  count: number,
  seed: number,
  onApplied: (txid: number) => void = () => undefined,
): Promise<void> {
  const [ops] = fc.sample(fc.array(opArb, { minLength: count, maxLength: count }), {
    seed,
    numRuns: 1,
  });
  const writes: Promise<void>[] = [];
  (ops ?? []).forEach((op, i) => {
    const edit = editOf(op, ns, lookupIn(ns), 10_000 + i);
    try {
      ns.apply(edit);
    } catch {
      return;
    }
    writes.push(log.append(edit));
    onApplied(log.lastTxid);
    if (log.checkpointDue) writes.push(log.checkpoint(namespaceToImage(ns)));
  });
  await Promise.all(writes);
}

async function editKeys(location: string): Promise<number> {
  const db = new ClassicLevel<string, Uint8Array>(location, { valueEncoding: 'view' });
  await db.open();
  let count = 0;
  for await (const _ of db.keys({ gte: 'e', lt: 'f' })) count++;
  await db.close();
  return count;
}

function capturingLogger(warnings: string[]): Logger {
  const drop: LogFn = () => undefined;
  const warn: LogFn = (fields: unknown, msg?: string) => {
    warnings.push(typeof fields === 'string' ? fields : (msg ?? ''));
  };
  const logger: Logger = {
    ...silentLogger,
    trace: drop,
    warn,
    child: () => logger,
  };
  return logger;
}

describe('edit log', () => {
  it('reopens to the same namespace after random edits (group commit)', async () => {
    const seed = seedFromEnv();
    console.log(`edit log test seed: ${seed} (replay with COLONNADE_SEED=${seed})`);
    const location = await newLocation();
    const { log, namespace } = await open(location);
    await applyRandom(log, namespace, 400, seed);
    expect(log.lastTxid).toBeGreaterThan(20);
    const dump = dumpNamespace(namespace);
    await log.close();
    const reopened = await open(location);
    expect(dumpNamespace(reopened.namespace)).toBe(dump);
    expect(reopened.log.lastTxid).toBe(log.lastTxid);
    await reopened.log.close();
  });

  it('checkpoints every CHECKPOINT_EDITS edits and deletes the edits covered', async () => {
    const seed = seedFromEnv();
    console.log(`edit log checkpoint seed: ${seed} (replay with COLONNADE_SEED=${seed})`);
    const location = await newLocation();
    const checkpointEdits = 7;
    const first = await open(location, checkpointEdits);
    await applyRandom(first.log, first.namespace, 300, seed);
    expect(first.log.checkpointTxid).toBeGreaterThan(0);
    const dump = dumpNamespace(first.namespace);
    await first.log.close();
    expect(await editKeys(location)).toBeLessThan(checkpointEdits);
    const second = await open(location, checkpointEdits);
    expect(dumpNamespace(second.namespace)).toBe(dump);
    await applyRandom(second.log, second.namespace, 100, seed + 1);
    const dump2 = dumpNamespace(second.namespace);
    await second.log.close();
    const third = await open(location, checkpointEdits);
    expect(dumpNamespace(third.namespace)).toBe(dump2);
    await third.log.close();
  });

  it('writes a namespace bigger than one checkpoint record', async () => {
    const location = await newLocation();
    const { log, namespace } = await open(location, 1_000);
    const writes: Promise<void>[] = [];
    for (let i = 0; i < 2_500; i++) {
      const edit: Edit = { kind: 'mkdirs', path: `/d${i}/e`, timeMs: i };
      namespace.apply(edit);
      writes.push(log.append(edit));
      if (log.checkpointDue) writes.push(log.checkpoint(namespaceToImage(namespace)));
    }
    await Promise.all(writes);
    expect(log.checkpointTxid).toBe(2_000);
    const dump = dumpNamespace(namespace);
    await log.close();
    const reopened = await open(location, 1_000);
    expect(dumpNamespace(reopened.namespace)).toBe(dump);
    await reopened.log.close();
  });

  for (const damage of ['truncated', 'garbage'] as const) {
    it(`drops a ${damage} last edit and stands at the last good one`, async () => {
      const location = await newLocation();
      const { log, namespace } = await open(location);
      const dumps = new Map<number, string>();
      await applyRandom(log, namespace, 200, 42, (txid) =>
        dumps.set(txid, dumpNamespace(namespace)),
      );
      const last = log.lastTxid;
      await log.close();
      const db = new ClassicLevel<string, Uint8Array>(location, { valueEncoding: 'view' });
      await db.open();
      const record = (await db.get(editKey(last))) as Uint8Array;
      const bad =
        damage === 'truncated'
          ? record.subarray(0, Math.floor(record.length / 2))
          : new Uint8Array([0xde, 0xad, 0xbe, 0xef, 1, 2, 3]);
      await db.put(editKey(last), bad);
      await db.close();

      const warnings: string[] = [];
      const reopened = await open(location, 1_000_000, capturingLogger(warnings));
      expect(reopened.log.lastTxid).toBe(last - 1);
      expect(dumpNamespace(reopened.namespace)).toBe(dumps.get(last - 1));
      expect(warnings.some((w) => w.includes('bad edit'))).toBe(true);
      // The log goes on from the last good edit.
      const edit: Edit = { kind: 'mkdirs', path: '/after/damage', timeMs: 1 };
      reopened.namespace.apply(edit);
      await reopened.log.append(edit);
      expect(reopened.log.lastTxid).toBe(last);
      const dump = dumpNamespace(reopened.namespace);
      await reopened.log.close();
      const again = await open(location);
      expect(dumpNamespace(again.namespace)).toBe(dump);
      await again.log.close();
    });
  }
});
