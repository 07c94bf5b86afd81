// Store files on the block filesystem: a sink over a DfsOutputStream and a positional source over a
// DfsInputStream's pread. Invariant: a source reads an immutable (closed) file of fixed length.
import type { DfsClient, DfsOutputStream } from '../../dfs/client/index.js';
import type { FileSink, PositionalSource } from './types.js';

export function dfsFileSink(stream: DfsOutputStream): FileSink {
  return {
    write: (data) => stream.write(data),
    close: () => stream.close(),
    abort: () => stream.abort(),
  };
}

export async function openDfsSource(client: DfsClient, path: string): Promise<PositionalSource> {
  const input = await client.open(path);
  return {
    length: input.length,
    pread: (position, length) => input.pread(position, length),
    close: () => input.close(),
  };
}
