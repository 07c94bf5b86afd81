// Ports picked before their servers start, for servers that must know each other's ports up front
// (a coordinator ensemble's peers). Picked below the kernel's ephemeral range, so that no outgoing
// connection is ever given one of them as its local port while the member is down.
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { systemRng, type Rng } from '../common/rng.js';
import { ClusterStartError } from './errors.js';
import {
  EPHEMERAL_PORT_FLOOR_DEFAULT,
  PICKED_PORT_FLOOR,
  PORT_PICK_ATTEMPTS_MAX,
} from './limits.js';

const EPHEMERAL_RANGE_FILE = '/proc/sys/net/ipv4/ip_local_port_range';
/** Room wanted between PICKED_PORT_FLOOR and the ephemeral floor; else the default floor. */
const PICK_RANGE_MIN = 1_000;

/** The first port of the kernel's ephemeral range. */
export function ephemeralFloor(): number {
  try {
    const [low] = readFileSync(EPHEMERAL_RANGE_FILE, 'utf8').trim().split(/\s+/);
    const value = Number(low);
    const usable = Number.isInteger(value) && value >= PICKED_PORT_FLOOR + PICK_RANGE_MIN;
    return usable ? value : EPHEMERAL_PORT_FLOOR_DEFAULT;
  } catch {
    return EPHEMERAL_PORT_FLOOR_DEFAULT;
  }
}

function canBind(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, host, () => server.close(() => resolve(true)));
  });
}

/** `count` distinct ports on `host` that are free now (another process may still take one). */
export async function freePorts(
  count: number,
  host = '127.0.0.1',
  rng: Rng = systemRng,
): Promise<number[]> {
  const ceiling = ephemeralFloor();
  const ports = new Set<number>();
  for (let attempt = 0; ports.size < count; attempt += 1) {
    if (attempt >= PORT_PICK_ATTEMPTS_MAX) {
      throw new ClusterStartError(
        `found ${ports.size} of ${count} free ports in ${PICKED_PORT_FLOOR}..${ceiling} after ` +
          `${PORT_PICK_ATTEMPTS_MAX} tries (PORT_PICK_ATTEMPTS_MAX)`,
      );
    }
    const port = PICKED_PORT_FLOOR + rng.nextInt(ceiling - PICKED_PORT_FLOOR);
    if (!ports.has(port) && (await canBind(host, port))) ports.add(port);
  }
  return [...ports];
}
