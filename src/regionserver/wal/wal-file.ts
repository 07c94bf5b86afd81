// WAL files on the block filesystem: their names (`<server>.<creation ms>.<counter>`, which sort
// by creation), creating one (preamble and header, hflushed) and closing one with its trailer.
// Invariant: a file Wal writes to exists with a readable header before any entry goes into it.
import { InvalidArgumentError } from '../../common/errors.js';
import type { DfsClient, DfsOutputStream } from '../../dfs/client/index.js';
import { encodeFileStart, encodeTrailer } from './frame.js';
import { WAL_BLOCK_BYTES, WAL_WRITER_NAME_BYTES_MAX } from './limits.js';

const COUNTER_DIGITS = 6;
const NAME_PATTERN = /^(.+)\.(\d+)\.(\d+)$/;

export interface WalFileName {
  readonly serverName: string;
  readonly creationTimeMs: number;
  readonly counter: number;
}

/** A server name must make a single path component (HBase's is `host,port,startcode`). */
export function validateServerName(serverName: string): void {
  const bytes = Buffer.byteLength(serverName, 'utf8');
  if (bytes === 0 || bytes > WAL_WRITER_NAME_BYTES_MAX || /[/\0]/.test(serverName)) {
    throw new InvalidArgumentError(
      `server name "${serverName}" is ${bytes} bytes; it must be 1 to ` +
        `WAL_WRITER_NAME_BYTES_MAX (${WAL_WRITER_NAME_BYTES_MAX}) bytes with no '/'`,
    );
  }
}

export function walFileName(serverName: string, creationTimeMs: number, counter: number): string {
  return `${serverName}.${creationTimeMs}.${String(counter).padStart(COUNTER_DIGITS, '0')}`;
}

/** The parts of a WAL file name, or null for a name Wal does not make. */
export function parseWalFileName(name: string): WalFileName | null {
  const match = NAME_PATTERN.exec(name);
  if (match === null) return null;
  const [, serverName = '', time = '', counter = ''] = match;
  return { serverName, creationTimeMs: Number(time), counter: Number(counter) };
}

/** Creation order: time, then counter, then the name (for names from different servers). */
export function compareWalFileNames(a: string, b: string): number {
  const pa = parseWalFileName(a);
  const pb = parseWalFileName(b);
  if (pa !== null && pb !== null) {
    const d = pa.creationTimeMs - pb.creationTimeMs || pa.counter - pb.counter;
    if (d !== 0) return d;
  }
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Creates `path` (never over an existing file) and makes its header visible before returning. */
export async function createWalFile(
  fs: DfsClient,
  path: string,
  writerName: string,
  creationTimeMs: number,
  replication: number | undefined,
): Promise<DfsOutputStream> {
  const options = replication === undefined ? {} : { replication };
  const stream = await fs.create(path, { ...options, blockBytes: WAL_BLOCK_BYTES });
  try {
    await stream.write(encodeFileStart({ writerName, creationTimeMs }));
    await stream.hflush();
  } catch (error) {
    stream.abort();
    throw error;
  }
  return stream;
}

/** Writes the trailer and closes the file (the caller aborts the stream if this fails). */
export async function closeWalFile(stream: DfsOutputStream, entryCount: number): Promise<void> {
  await stream.write(encodeTrailer({ entryCount }));
  await stream.close();
}
