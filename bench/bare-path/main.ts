// The bare path as a process of its own, as a region server is: `node main.js DIR [PORT]
// [CACHE_BYTES]` prints `colonnade ready bare-path HOST:PORT` when it serves; SIGTERM stops it.
import { installProfiler } from '../pe/profiler.js';
import { BarePathServer } from './server.js';

const profileDir = process.env['BENCH_PROFILE_DIR'];
if (profileDir !== undefined && profileDir !== '') installProfiler(profileDir, 'bare');

const [location, port = '0', cacheBytes] = process.argv.slice(2);
if (location === undefined) {
  process.stderr.write('usage: main.js DIR [PORT] [CACHE_BYTES]\n');
  process.exit(2);
}
const server = await BarePathServer.start({
  location,
  port: Number(port),
  ...(cacheBytes === undefined ? {} : { cacheBytes: Number(cacheBytes) }),
});
process.stdout.write(`colonnade ready bare-path ${server.address.host}:${server.address.port}\n`);
const stop = (): void => {
  void server.stop().then(() => process.exit(0));
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
