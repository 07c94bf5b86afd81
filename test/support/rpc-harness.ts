// Starts echo servers and clients on loopback (port 0) and closes all of them after each test.
import { afterEach } from 'vitest';
import { RpcClient, RpcServer, type RpcClientOptions } from '../../src/rpc/index.js';
import type { HostPort } from '../../src/common/host-port.js';
import { EchoService, echoHandlers } from '../../bench/echo-service.js';

const servers: RpcServer[] = [];
const clients: RpcClient[] = [];

afterEach(async () => {
  for (const client of clients.splice(0)) client.destroy();
  await Promise.all(servers.splice(0).map((s) => s.close(100)));
});

export async function startEchoServer(
  port = 0,
  server = new RpcServer(),
): Promise<{ server: RpcServer; address: HostPort }> {
  server.register(EchoService, echoHandlers);
  const address = await server.listen({ host: '127.0.0.1', port });
  servers.push(server);
  return { server, address };
}

export function trackServer(server: RpcServer): RpcServer {
  servers.push(server);
  return server;
}

export function newClient(options: RpcClientOptions = {}): RpcClient {
  const client = new RpcClient(options);
  clients.push(client);
  return client;
}

/** Resolves when `condition` holds, polling; fails after `timeoutMs`. */
export async function waitFor(
  condition: () => boolean,
  timeoutMs = 5_000,
  what = 'condition',
): Promise<void> {
  const start = Date.now();
  while (!condition()) {
    if (Date.now() - start > timeoutMs)
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
