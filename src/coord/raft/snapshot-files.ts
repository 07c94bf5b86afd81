// Raft snapshots as files beside the LevelDB log (as ZooKeeper keeps snapshot.N files): a large
// value in LevelDB would force a memtable flush and compaction in the path of synced log writes.
// A file is durable (written under a temporary name, fsynced, renamed, directory fsynced) before
// the log records its name.
import { mkdir, open, readFile, readdir, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';

const PREFIX = 'snapshot-';
const TEMP_SUFFIX = '.tmp';

export function snapshotFileName(index: number, term: number): string {
  return `${PREFIX}${index.toString(16).padStart(16, '0')}-${term}`;
}

async function fsyncPath(path: string, flags: string): Promise<void> {
  const handle = await open(path, flags);
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

export async function writeSnapshotFile(
  dir: string,
  name: string,
  data: Uint8Array,
): Promise<void> {
  await mkdir(dir, { recursive: true });
  const temp = join(dir, name + TEMP_SUFFIX);
  const handle = await open(temp, 'w');
  try {
    await handle.writeFile(data);
    await handle.sync();
  } finally {
    await handle.close();
  }
  await rename(temp, join(dir, name));
  await fsyncPath(dir, 'r');
}

export async function readSnapshotFile(dir: string, name: string): Promise<Uint8Array> {
  return new Uint8Array(await readFile(join(dir, name)));
}

/** Removes every snapshot file (and leftover temporary file) but `keep`. */
export async function removeSnapshotFiles(dir: string, keep: string): Promise<void> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch {
    return;
  }
  await Promise.all(
    names
      .filter((name) => name.startsWith(PREFIX) && name !== keep)
      .map((name) => rm(join(dir, name), { force: true })),
  );
}
