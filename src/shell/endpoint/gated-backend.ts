// A session's backend whose scanners wait on the socket's FlowGate before each next row: a scan
// whose client reads slowly is slowed to the client's pace instead of piling output in memory.
import type { Result } from '../../client/ops/index.js';
import type { ShellBackend, ShellScanner, ShellTable } from '../backend.js';

export interface WritableGate {
  whenWritable(): Promise<void>;
}

function gatedScanner(scanner: ShellScanner, gate: WritableGate): ShellScanner {
  const inner = scanner[Symbol.asyncIterator]();
  const iterator: AsyncIterator<Result> = {
    next: async () => {
      await gate.whenWritable();
      return inner.next();
    },
  };
  return {
    [Symbol.asyncIterator]: () => iterator,
    close: () => scanner.close(),
  };
}

function gatedTable(table: ShellTable, gate: WritableGate): ShellTable {
  return {
    get: (get) => table.get(get),
    put: (put) => table.put(put),
    delete: (del) => table.delete(del),
    increment: (increment) => table.increment(increment),
    append: (append) => table.append(append),
    getScanner: (scan) => gatedScanner(table.getScanner(scan), gate),
  };
}

/** `backend` with every scanner paced by `gate`; `current` is read at each call. */
export function gatedBackend(current: () => ShellBackend, gate: WritableGate): ShellBackend {
  return {
    admin: () => current().admin(),
    table: (name) => gatedTable(current().table(name), gate),
    clearRegionCache: (name) => current().clearRegionCache(name),
  };
}
