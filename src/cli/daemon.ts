// What every daemon command shares: print `colonnade ready ROLE HOST:PORT` once it serves, then
// run until SIGTERM or SIGINT, and stop cleanly.
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
