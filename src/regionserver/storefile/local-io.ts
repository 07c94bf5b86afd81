// Store files on local disk (tools, tests, single-node use): a sink appending to a new file and
// fsyncing it on close, and a positional source reading at offsets. Invariant: the sink's close()
// resolves only once the file's bytes are on disk.
import { type FileHandle, open } from 'node:fs/promises';
import type { FileSink, PositionalSource } from './types.js';

/** Creates (or truncates) `path` for writing. */
export async function localFileSink(path: string): Promise<FileSink> {
  const handle = await open(path, 'w');
  let closed = false;
  return {
    async write(data: Uint8Array): Promise<void> {
      for (let done = 0; done < data.length;) {
        const { bytesWritten } = await handle.write(data, done, data.length - done);
        done += bytesWritten;
      }
    },
    async close(): Promise<void> {
      if (closed) return;
      closed = true;
      try {
        await handle.sync();
      } finally {
        await handle.close();
      }
    },
    abort(): void {
      if (closed) return;
      closed = true;
      handle.close().catch(() => undefined);
    },
  };
}

export async function openLocalSource(path: string): Promise<PositionalSource> {
  const handle = await open(path, 'r');
  try {
    const { size } = await handle.stat();
    return localSource(handle, size);
  } catch (error) {
    await handle.close();
    throw error;
  }
}

function localSource(handle: FileHandle, length: number): PositionalSource {
  let closed = false;
  return {
    length,
    /** Up to `bytes` bytes at `position` (fewer only at the end of the file). */
    async pread(position: number, bytes: number): Promise<Buffer> {
      const want = Math.max(0, Math.min(bytes, length - position));
      const buf = Buffer.allocUnsafe(want);
      let filled = 0;
      while (filled < want) {
        const { bytesRead } = await handle.read(buf, filled, want - filled, position + filled);
        if (bytesRead === 0) break;
        filled += bytesRead;
      }
      return filled === want ? buf : buf.subarray(0, filled);
    },
    async close(): Promise<void> {
      if (closed) return;
      closed = true;
      await handle.close();
    },
  };
}
