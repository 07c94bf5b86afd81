// Colonnade's coordinator for the benchmark: `colonnade coord` daemons, one process per member,
// on free loopback ports with their data in a temporary directory; stopped by pid.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { childGroup } from '../child.js';
import { freePorts } from '../ports.js';

const BIN = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'bin', 'colonnade');
const READY_TIMEOUT_MS = 20_000;

export interface RunningEnsemble {
  readonly connectString: string;
  stop(): Promise<void>;
}

function waitReady(child: ChildProcess, id: number): Promise<void> {
  return new Promise((resolve, reject) => {
    let output = '';
    const timer = setTimeout(() => reject(new Error(`coord ${id} not ready`)), READY_TIMEOUT_MS);
    child.once('exit', (code) => reject(new Error(`coord ${id} exited with ${code}`)));
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('colonnade ready coord')) {
        clearTimeout(timer);
        resolve();
      }
    });
  });
}

export async function startColonnade(size: number): Promise<RunningEnsemble> {
  const dir = mkdtempSync(join(tmpdir(), 'colonnade-bench-coord-'));
  const ports = await freePorts(size * 2);
  const peers = Array.from(
    { length: size },
    (_, i) => `${i + 1}=127.0.0.1:${ports[2 * i] ?? 0}:${ports[2 * i + 1] ?? 0}`,
  ).join(',');
  const env = { ...process.env, COLONNADE_LOG_LEVEL: 'warn' };
  const { children, stop } = childGroup(dir);
  children.push(
    ...Array.from({ length: size }, (_, i) =>
      spawn(
        process.execPath,
        [BIN, 'coord', '--id', String(i + 1), '--data', dir, '--peers', peers],
        {
          stdio: ['ignore', 'pipe', 'inherit'],
          env,
        },
      ),
    ),
  );
  try {
    await Promise.all(children.map((child, i) => waitReady(child, i + 1)));
  } catch (error) {
    await stop();
    throw error;
  }
  const connectString = Array.from(
    { length: size },
    (_, i) => `127.0.0.1:${ports[2 * i] ?? 0}`,
  ).join(',');
  return { connectString, stop };
}
