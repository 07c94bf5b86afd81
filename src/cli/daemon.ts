// What every daemon command shares: print `colonnade ready ROLE HOST:PORT` once it serves, then
// run until SIGTERM or SIGINT, and stop cleanly.
import { setFlagsFromString } from 'node:v8';
import type { CliIo } from './main.js';

export interface Daemon {
  stop(): Promise<void>;
}

/** Prints the ready line and resolves when a stop signal has stopped the daemon. */
export async function serveUntilSignal(
  io: CliIo,
  role: string,
  address: { readonly host: string; readonly port: number },
  daemon: Daemon,
  /** Its other addresses, after the RPC one (`http=HOST:PORT`). */
  more: readonly string[] = [],
): Promise<void> {
  const tail = more.length === 0 ? '' : ` ${more.join(' ')}`;
  io.stdout.write(`colonnade ready ${role} ${address.host}:${address.port}${tail}\n`);
  await new Promise<void>((resolve) => {
    const stop = (): void => {
      process.off('SIGTERM', stop);
      process.off('SIGINT', stop);
      void daemon.stop().then(resolve);
    };
    process.once('SIGTERM', stop);
    process.once('SIGINT', stop);
  });
}

/**
 * Turns off V8's incremental marking for the rest of this process: full collections run whole,
 * when the old generation reaches its limit. For a daemon whose heap stays small while it moves
 * many buffers (a datanode: 14 MB of heap), V8 otherwise started incremental marking again and
 * again from its allocation-limit task (50–60 mark-compacts per 200 k PE puts, a third of the
 * datanode's CPU); without it there was one, and the datanode's CPU fell by about 60 %
 * (docs/benchmarks.md). Not for the region server, whose heap holds the memstores.
 */
export function useAtomicMarking(): void {
  setFlagsFromString('--no-incremental-marking');
}
