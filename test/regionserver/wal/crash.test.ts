// CRASH TEST with real processes: a child process appends SYNC_WAL entries to a Wal on a mini
// cluster (3 datanodes in this process) and is killed with SIGKILL mid-stream; after lease
// recovery every sequence id it acknowledged is in the log, in order. The child runs the
// TypeScript sources through ts-register.mjs (no build needed).
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { listWalFiles, recoverWalLease, replayWal } from '../../../src/regionserver/wal/index.js';
import { DfsMiniCluster } from '../../support/dfs-mini-cluster.js';

const here = dirname(fileURLToPath(import.meta.url));
const REGISTER = join(here, 'ts-register.mjs');
const WRITER = join(here, 'crash-writer.ts');
const ACKS_BEFORE_KILL = 400;
const ACKS_TIMEOUT_MS = 20_000;
const LEASE_RECOVERY_TIMEOUT_MS = 15_000;

let child: ChildProcess | undefined;
let cluster: DfsMiniCluster | undefined;

afterEach(async () => {
  const running = child;
  child = undefined;
  if (running !== undefined && running.exitCode === null && running.signalCode === null) {
    const exited = once(running, 'exit');
    running.kill('SIGKILL');
    await exited;
  }
  await cluster?.shutdown();
  cluster = undefined;
});

/** Spawns the writer; `acks` fills with acknowledged ids; resolves after `count` of them. */
function startWriter(
  namenode: string,
  dir: string,
  acks: number[],
): { process: ChildProcess; acked: (count: number) => Promise<void>; closed: Promise<void> } {
  const proc = spawn(
    process.execPath,
    ['--import', REGISTER, WRITER, namenode, dir, `${dir}-archive`],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let partial = '';
  let stderr = '';
  const listeners: (() => void)[] = [];
  proc.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  proc.stdout?.on('data', (chunk: Buffer) => {
    const lines = (partial + chunk.toString('utf8')).split('\n');
    partial = lines.pop() ?? '';
    for (const line of lines) {
      const match = /^ack (\d+)$/.exec(line);
      if (match?.[1] !== undefined) acks.push(Number(match[1]));
    }
    for (const listener of listeners) listener();
  });
  const closed = once(proc.stdout!, 'close').then(() => undefined);
  const acked = (count: number) =>
    new Promise<void>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`${acks.length} acks after ${ACKS_TIMEOUT_MS} ms; ${stderr}`)),
        ACKS_TIMEOUT_MS,
      );
      const check = () => {
        if (acks.length < count) return;
        clearTimeout(timer);
        resolve();
      };
      listeners.push(check);
      proc.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`the writer exited with ${code} after ${acks.length} acks: ${stderr}`));
      });
      check();
    });
  return { process: proc, acked, closed };
}

describe('WAL writer killed with SIGKILL', () => {
  it('loses no acknowledged entry', async () => {
    cluster = await DfsMiniCluster.start(3);
    const dir = '/hbase/WALs/crash-host,16020,1';
    const acks: number[] = [];
    const writer = startWriter(cluster.namenodeAddress, dir, acks);
    child = writer.process;
    await writer.acked(ACKS_BEFORE_KILL);
    const exited = once(writer.process, 'exit');
    writer.process.kill('SIGKILL');
    await exited;
    await writer.closed; // every ack the child printed before it died is read
    expect(acks.length).toBeGreaterThanOrEqual(ACKS_BEFORE_KILL);

    const fs = cluster.client();
    const files = await listWalFiles(fs, dir);
    expect(files.length).toBeGreaterThan(1); // the writer rolled at 32 KiB
    for (const file of files) await recoverWalLease(fs, file, LEASE_RECOVERY_TIMEOUT_MS);
    const logged: number[] = [];
    for await (const entry of replayWal(fs, files)) logged.push(entry.sequenceId);

    for (let i = 1; i < logged.length; i++) {
      expect(logged[i], `entry ${i} of the log`).toBeGreaterThan(logged[i - 1] ?? 0);
    }
    console.log(`${acks.length} acks; ${logged.length} entries in ${files.length} files`);
    const present = new Set(logged);
    expect(acks.filter((id) => !present.has(id))).toEqual([]);
  }, 40_000);
});
