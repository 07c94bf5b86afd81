// A process that holds an ephemeral znode until it is killed: the session whose death the
// failover tests and benchmark measure. Prints `holding PATH` once the node exists.
// Usage: ephemeral-holder.js colonnade|zookeeper CONNECT PATH TIMEOUT_MS [sequential]
import { connectDriver, type System } from './drivers.js';

const [system = 'colonnade', connect, path, timeoutText, sequential] = process.argv.slice(2);
if (connect === undefined || path === undefined) {
  process.stderr.write('usage: ephemeral-holder colonnade|zookeeper CONNECT PATH TIMEOUT_MS\n');
  process.exit(2);
}
const driver = await connectDriver(system as System, connect, Number(timeoutText ?? '2000'));
const mode = sequential === 'sequential' ? 'ephemeralSequential' : 'ephemeral';
const created = await driver.create(path, Buffer.alloc(0), mode);
process.stdout.write(`holding ${created}\n`);
