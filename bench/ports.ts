// Fixed ports for servers that must know each other's ports up front (ensembles), picked below
// the kernel's ephemeral range, so that no outgoing connection is ever given one of them as its
// local port (which would make a member's restart on its port fail).
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';

const PICK_FROM = 20_000;
const PICK_ATTEMPTS_MAX = 1_000;

/** The first port of the kernel's ephemeral range (32768 when it cannot be read). */
function ephemeralFloor(): number {
  try {
    const [low] = readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8')
      .trim()
      .split(/\s+/);
    const value = Number(low);
    return Number.isInteger(value) && value > PICK_FROM + 1_000 ? value : 32_768;
  } catch {
    return 32_768;
  }
}

function canBind(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

/** `count` distinct ports that are free now, from below the ephemeral range. */
export async function freePorts(count: number): Promise<number[]> {
  const ceiling = ephemeralFloor();
  const ports = new Set<number>();
  for (let attempt = 0; ports.size < count; attempt += 1) {
    if (attempt >= PICK_ATTEMPTS_MAX) throw new Error(`no ${count} free ports below ${ceiling}`);
    const port = PICK_FROM + Math.floor(Math.random() * (ceiling - PICK_FROM));
    if (!ports.has(port) && (await canBind(port))) ports.add(port);
  }
  return [...ports];
}
