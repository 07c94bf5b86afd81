// The one place standalone mode mounts the HBase-syntax shell's WebSocket endpoint (`/shell`) on
// the master's web server. Invariant: what it mounts, the returned close() stops.
import type { Clock } from '../common/clock.js';
import type { Logger } from '../common/log.js';
import type { MasterWebServer } from '../master/web/web-server.js';
import { attachShellEndpoint, SHELL_ENDPOINT_PATH } from '../shell/endpoint/index.js';

/** The shell endpoint as standalone mode holds it. */
export interface MountedShell {
  /** `ws://host:port/shell`. */
  readonly url: string;
  /** Closes every session (running commands aborted) and the endpoint's connection. */
  close(): Promise<void>;
}

export interface MountShellOptions {
  /** The coordinator ensemble every shell session connects through. */
  readonly coord: string;
  readonly version: string;
  readonly logger: Logger;
  readonly clock: Clock;
}

/** Mounts the shell at `/shell` on `web`. */
export function mountShell(web: MasterWebServer, options: MountShellOptions): MountedShell {
  const endpoint = attachShellEndpoint(web, {
    coord: options.coord,
    version: options.version,
    logger: options.logger.child({ role: 'shell' }),
    clock: options.clock,
  });
  const { host, port } = web.address;
  return { url: `ws://${host}:${port}${SHELL_ENDPOINT_PATH}`, close: () => endpoint.close() };
}
