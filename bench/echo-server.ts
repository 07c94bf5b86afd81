// A process that serves the echo service over src/rpc (for the benchmark and crash tests).
// It prints `colonnade ready echo HOST:PORT` when it serves, like every daemon.
import { RpcServer } from '../src/rpc/index.js';
import { EchoService, echoHandlers } from './echo-service.js';

const port = Number(process.argv[2] ?? '0');
const server = new RpcServer().register(EchoService, echoHandlers);
const address = await server.listen({ host: '127.0.0.1', port });
process.stdout.write(`colonnade ready echo ${address.host}:${address.port}\n`);
const stop = (): void => {
  void server.close(1_000).then(() => process.exit(0));
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
